"""MkDocs 钩子：薄薄一层衔接，逻辑都在 handbook 包里（命令行 python -m handbook 调用同样的函数）。

顺序：on_config 读入并校验全部内容（有错误就一次列出并停止构建）→ on_files 加入生成的清单页和导出文件
→ on_page_markdown 渲染清单页和页面里的标记。
"""
from __future__ import annotations

import importlib.util

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from handbook import exports
from handbook.content import Content, load_content
from handbook.errors import ContentErrors, ErrorLog
from handbook.render import PageRenderer

CHECKLIST_SECTION = "个性化清单"
_content: Content | None = None


def on_config(config):
    if importlib.util.find_spec("jieba") is None:
        raise PluginError("缺少 jieba：没有它，中文搜索会悄悄退化为整句匹配。请运行 make setup。")
    global _content
    try:
        _content = load_content()
    except ContentErrors as exc:
        raise PluginError(f"内容检查发现 {len(exc.errors)} 处错误：\n{exc}") from None
    _add_checklists_to_nav(config["nav"], _content)
    return config


def _add_checklists_to_nav(nav: list, content: Content) -> None:
    for entry in nav:
        if isinstance(entry, dict) and CHECKLIST_SECTION in entry:
            section = entry[CHECKLIST_SECTION]
            known = {v for e in section if isinstance(e, dict) for v in e.values()}
            section.extend({p.name: f"checklists/{p.id}.md"} for p in content.model.profiles
                           if f"checklists/{p.id}.md" not in known)
            return
    raise PluginError(f"mkdocs.yml 的 nav 中没有“{CHECKLIST_SECTION}”板块，生成的清单页无处安放")


def on_files(files, config):
    for profile in _content.model.profiles:
        src = f"checklists/{profile.id}.md"
        files.append(File.generated(config, src, content=PageRenderer(_content, src, config).checklist_page(profile)))
    for path, data in exports.site_exports(_content.model, config["extra"]).items():
        files.append(File.generated(config, path, content=data))
    return files


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    renderer = PageRenderer(_content, src, config)
    lst = _content.list_for_page(src)
    if lst is not None:
        markdown = renderer.list_page(lst)
    log = ErrorLog()
    markdown = renderer.markers(markdown, log, f"docs/{src}")
    if log.errors:
        raise PluginError(str(ContentErrors(log.errors)))
    return markdown
