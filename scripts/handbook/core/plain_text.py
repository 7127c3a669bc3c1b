"""条目正文的纯文本（JSON、Word、Excel、PDF、自查页用）：用与网页相同的 Markdown 配置渲染，再取文字。

网页由 MkDocs 用 Python-Markdown 和 mkdocs.yml 的 markdown_extensions 渲染；纯文本用同一套扩展，
所以 ==每月==、{ .hb } 之类的写法在两处的结果一致，不会在一处生效、在另一处原样露出。
本项目自己的扩展（handbook.*：锚点、悬停释义、读屏标签）只改属性，不改文字，这里不加载。
"""
from __future__ import annotations

import re
from functools import lru_cache

import markdown
from bs4 import BeautifulSoup

from .config import mkdocs_yml

OWN = "handbook."


def site_extensions() -> tuple[list[str], dict[str, dict]]:
    """mkdocs.yml 的 markdown_extensions：扩展名列表和各自的配置（去掉 !!python/name 之类读成空值的项）。"""
    names, configs = [], {}
    for entry in mkdocs_yml().get("markdown_extensions") or []:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name.startswith(OWN):
            continue
        names.append(name)
        if config:
            configs[name] = {k: v for k, v in config.items() if v is not None}
    return names, configs


@lru_cache(maxsize=1)
def _engine() -> markdown.Markdown:
    names, configs = site_extensions()
    return markdown.Markdown(extensions=names, extension_configs=configs)


def plain_text(body: str) -> str:
    """Markdown → 网页上看到的文字（汉字之间的换行去掉）。"""
    if not body.strip():
        return ""
    engine = _engine()
    html = engine.reset().convert(body)
    # 行内元素（加粗、==标记==、链接）与前后文字直接相连，像网页上一样不加空格：“见换届选举、……”
    text = BeautifulSoup(html, "html.parser").get_text("").strip()
    return re.sub(r"\s*\n\s*", "", text)
