"""MkDocs 钩子：薄薄一层转接，做的事都在 generate.py（python -m handbook generate 调用同样的函数）。

顺序：on_config 读入并校验全部内容（有错误就一次列出并停止构建），再让各功能调整配置和导航；
on_files 加入各功能生成的页面和文件；on_page_markdown 渲染清单页和页面里的标记；
on_post_build 加工输出目录。功能和它们在每一步做的事登记在 features.py。
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from handbook.core.content import Content, load_content
from handbook.core.errors import BuildError, ContentErrors, ErrorLog
from handbook.site.features import FEATURES
from handbook.site.generate import configure, generated_files, page_markdown

_content: Content | None = None


def on_config(config):
    if importlib.util.find_spec("jieba") is None:
        raise PluginError("缺少 jieba：没有它，中文搜索会悄悄退化为整句匹配。请运行 make setup。")
    global _content
    try:
        _content = load_content(Path(config["docs_dir"]))
    except ContentErrors as exc:
        raise PluginError(f"内容检查发现 {len(exc.errors)} 处错误：\n{exc}") from None
    try:
        configure(_content, config)
    except BuildError as exc:
        raise PluginError(str(exc)) from None
    return config


def on_files(files, config):
    for path, data in generated_files(_content, config).items():
        files.append(File.generated(config, path, content=data))
    return files


def on_page_markdown(markdown, page, config, files):
    log = ErrorLog()
    markdown = page_markdown(_content, page.file.src_uri, markdown, config, log)
    if log.errors:
        raise PluginError(str(ContentErrors(log.errors)))
    return markdown


def on_post_build(config):
    # 搜索插件已写出索引；offline 插件（优先级 -100）在这之后才把索引内联成 search_index.js
    for feature in FEATURES:
        if feature.post_build:
            try:
                feature.post_build(_content, config)
            except BuildError as exc:
                raise PluginError(str(exc)) from None
