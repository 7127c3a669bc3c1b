"""与引擎无关的生成：MkDocs 钩子（hooks.py）做的事都在这里，钩子只是把它们接到 MkDocs 的事件上。

python -m handbook generate DIR 把同样的结果写成一个普通的 Markdown 目录：编写的页面（标记已换成内容、
清单页已按模型生成）、生成的页面（个性化清单、表单、修订记录）和下载文件，以及 nav.yml（mkdocs.yml 的
nav 加上生成页面的完整导航）。换用别的静态网站引擎时，
可以直接发布这个目录。这里不导入 MkDocs：config 只需要是一个映射（docs_dir、extra、nav 等）。
"""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

import yaml

from .. import DOCS
from ..core.config import mkdocs_yml
from ..core.content import Content, load_content
from ..core.errors import BuildError, ErrorLog
from ..render.page import PageRenderer
from ..render.status_marks import replace_marks
from .features import FEATURES


def configure(content: Content, config) -> None:
    """各功能调整配置，并把生成的页面追加到导航（mkdocs.yml 的 nav）。"""
    for feature in FEATURES:
        if feature.on_config:
            feature.on_config(content, config)
        if feature.nav:
            for section, entries in feature.nav(content).items():
                _extend_nav(config["nav"], section, entries)


def _extend_nav(nav: list, section: str, entries: list[dict]) -> None:
    for entry in nav:
        if isinstance(entry, dict) and section in entry:
            known = {v for e in entry[section] if isinstance(e, dict) for v in e.values()}
            entry[section].extend(e for e in entries if next(iter(e.values())) not in known)
            return
    raise BuildError(f"mkdocs.yml 的 nav 中没有“{section}”板块，生成的页面无处安放")


def generated_files(content: Content, config) -> dict[str, str | bytes]:
    """生成的页面（.md）和下载文件：站点内路径 → 内容。"""
    out: dict[str, str | bytes] = {}
    for feature in FEATURES:
        if feature.files:
            out.update(feature.files(content, config))
    return out


def page_markdown(content: Content, src: str, markdown: str, config, log: ErrorLog) -> str:
    """一个页面最终的 Markdown：清单页按模型生成，标记换成内容。标记出错记进 log。"""
    renderer = PageRenderer(content, src, config)
    lst = content.list_for_page(src)
    if lst is not None:
        markdown = renderer.list_page(lst)
    markdown = replace_marks(markdown, renderer)
    return renderer.markers(markdown, log, f"docs/{src}")


def plain_config(docs: Path = DOCS) -> dict:
    """不经 MkDocs 时的配置：mkdocs.yml 的数据部分（!ENV 等标签读成空值）。"""
    yml = mkdocs_yml()
    return {"docs_dir": str(docs), "use_directory_urls": yml.get("use_directory_urls", True),
            "extra": copy.deepcopy(yml.get("extra") or {}), "nav": copy.deepcopy(yml.get("nav") or []),
            "plugins": {}, "theme": {"features": list((yml.get("theme") or {}).get("features") or [])}}


NAV_FILE = "nav.yml"


def generate(dest: Path, docs: Path = DOCS) -> int:
    """把全部页面、生成的文件和导航（NAV_FILE）写进 dest（先清空）；返回写出的文件数。内容有错时抛出 ContentErrors。"""
    content = load_content(docs)
    config = plain_config(docs)
    configure(content, config)
    files: dict[str, str | bytes] = {p.relative_to(docs).as_posix(): p.read_bytes()
                                     for p in sorted(docs.rglob("*")) if p.is_file() and "_data" not in p.parts}
    files.update(generated_files(content, config))
    log = ErrorLog()
    for src, data in files.items():
        if src.endswith(".md"):
            text = data.decode("utf-8") if isinstance(data, bytes) else data
            files[src] = page_markdown(content, src, text, config, log)
    log.raise_if_any()
    files[NAV_FILE] = yaml.safe_dump({"nav": config["nav"]}, allow_unicode=True, sort_keys=False)
    shutil.rmtree(dest, ignore_errors=True)
    for src, data in files.items():
        path = dest / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return len(files)
