"""MkDocs 钩子：薄薄一层衔接，逻辑都在 handbook 包里（命令行 python -m handbook 调用同样的函数）。

顺序：on_config 读入并校验全部内容（有错误就一次列出并停止构建），再让各功能模块调整配置；
on_files 加入各功能模块生成的页面和文件；on_page_markdown 渲染清单页和页面里的标记。

功能模块（FEATURES）可以定义：
  on_config(content, config)                 调整配置（如给 jieba 加词）
  nav(content) -> {板块名: [导航条目]}         把生成的页面追加到 mkdocs.yml 的某个板块
  files(content, config) -> {路径: 内容}      生成的页面（.md）和下载文件
  post_build(content, config)                构建输出写完之后加工 site_dir（如修补搜索 worker）
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from handbook import duty_calendar, checklists, dues_calculator, exports, forms, offline, revisions, search, status
from handbook.content import Content, load_content
from handbook.errors import ContentErrors, ErrorLog
from handbook.render import PageRenderer

FEATURES = [checklists, exports, offline, duty_calendar, search, revisions, forms, dues_calculator, status]
_content: Content | None = None


def on_config(config):
    if importlib.util.find_spec("jieba") is None:
        raise PluginError("缺少 jieba：没有它，中文搜索会悄悄退化为整句匹配。请运行 make setup。")
    global _content
    try:
        _content = load_content(Path(config["docs_dir"]))
    except ContentErrors as exc:
        raise PluginError(f"内容检查发现 {len(exc.errors)} 处错误：\n{exc}") from None
    for feature in FEATURES:
        if hasattr(feature, "on_config"):
            feature.on_config(_content, config)
        if hasattr(feature, "nav"):
            for section, entries in feature.nav(_content).items():
                _extend_nav(config["nav"], section, entries)
    return config


def _extend_nav(nav: list, section: str, entries: list[dict]) -> None:
    for entry in nav:
        if isinstance(entry, dict) and section in entry:
            known = {v for e in entry[section] if isinstance(e, dict) for v in e.values()}
            entry[section].extend(e for e in entries if next(iter(e.values())) not in known)
            return
    raise PluginError(f"mkdocs.yml 的 nav 中没有“{section}”板块，生成的页面无处安放")


def on_files(files, config):
    for feature in FEATURES:
        if hasattr(feature, "files"):
            for path, data in feature.files(_content, config).items():
                files.append(File.generated(config, path, content=data))
    return files


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    renderer = PageRenderer(_content, src, config)
    lst = _content.list_for_page(src)
    if lst is not None:
        markdown = renderer.list_page(lst)
    log = ErrorLog()
    markdown = status.replace_marks(markdown, renderer)
    markdown = renderer.markers(markdown, log, f"docs/{src}")
    if log.errors:
        raise PluginError(str(ContentErrors(log.errors)))
    return markdown


def on_post_build(config):
    # 搜索插件已写出索引；offline 插件（优先级 -100）在这之后才把索引内联成 search_index.js
    for feature in FEATURES:
        if hasattr(feature, "post_build"):
            feature.post_build(_content, config)
