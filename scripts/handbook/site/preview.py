"""make serve 的预览（core/config.preview()）：每保存一次就重建全部页面，省掉重建里重复的、预览又用不着的事。

- Markdown 转 HTML：占重建时间的六成，而保存一次通常只改一页。一页的结果只取决于它的 Markdown（钩子渲染
  标记之后）、它的地址、全站文件的地址（相对链接）、Markdown 扩展的设置和 docs/_data/ 的数据（术语表等），
  这些都没变时用上次的结果。代码变了要重启 make serve（已加载的 Python 模块不会重新加载），所以键里不含代码。
- 页末的“最后更新”日期：git-revision-date-localized 插件每次重建都对全部页面查一遍 git 历史，
  预览里不查，也就不显示这一行。
make site 不受影响：只在预览里这样做。
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from mkdocs.structure.pages import Page

from ..core.config import preview

GIT_DATES = "git-revision-date-localized"
_MAX_PAGES = 2_000
_memo: dict[tuple, tuple] = {}
_material_render = Page.render
_site: list = [None, None]      # [本次构建的 Files, 它对应的全站键]：同一次构建的各页共用


def _site_key(config, files) -> tuple:
    if _site[0] is not files:
        data = hashlib.sha256()
        for path in sorted((Path(config["docs_dir"]) / "_data").rglob("*")):
            if path.is_file():
                data.update(path.name.encode() + b"\0" + path.read_bytes())
        _site[:] = [files, (repr(config["markdown_extensions"]), repr(config["mdx_configs"]), data.hexdigest(),
                            tuple(sorted((f.src_uri, f.url) for f in files)))]
    return _site[1]


def _render(page: Page, config, files) -> None:
    key = (page.file.src_uri, page.file.url, page.markdown, _site_key(config, files))
    hit = _memo.get(key)
    if hit is None:
        _material_render(page, config, files)
        links = page.links_to_anchors
        if len(_memo) >= _MAX_PAGES:
            _memo.clear()
        _memo[key] = (page.content, page.toc, page._title_from_render, frozenset(page.present_anchor_ids),
                      None if links is None else {f.src_uri: dict(anchors) for f, anchors in links.items()})
        return
    page.content, page.toc, page._title_from_render, anchors, links = hit
    page.present_anchor_ids = set(anchors)
    if links is not None:
        # 链接到的文件换成本次构建的 File：检查锚点时要看它们这一次的页面
        page.links_to_anchors = {files.get_file_from_path(src): dict(a) for src, a in links.items()}


def on_config(content, config) -> None:
    if not preview():
        return
    Page.render = _render
    plugin = config["plugins"].get(GIT_DATES)
    if plugin is not None:
        plugin.config["enabled"] = False     # 插件在之后的 on_files、on_page_markdown 里看这一项
