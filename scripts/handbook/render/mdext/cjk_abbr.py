"""术语悬停释义：Markdown 扩展，读 docs/_data/glossary.yml，在每页第一次出现的术语上加 <abbr title>。

Python-Markdown 自带的 abbr 用 \\b 判断词边界，而中文字符之间没有 \\b，
“学习三会一课制度”中的“三会一课”永远匹配不上。这里只在拉丁字母和数字旁边要求边界。
每页只标第一次出现，避免满页下划线；标题、链接、代码里不标。
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from pathlib import Path

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from ... import DATA
from ...core.data import glossary_titles, load_glossary
from ...core.errors import ErrorLog

SKIP = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "abbr", "kbd", "script", "style"}


class GlossaryTreeprocessor(Treeprocessor):
    def __init__(self, md, titles: dict[str, str]):
        super().__init__(md)
        self.titles = titles
        names = sorted(titles, key=len, reverse=True)
        self.re = re.compile("(?<![A-Za-z0-9])(?:%s)(?![A-Za-z0-9])" % "|".join(map(re.escape, names))) if names else None
        self.seen: set[str] = set()

    def run(self, root):
        if self.re is None:
            return
        self.seen = set()
        self._walk(root, skip=False)

    def _split(self, text: str):
        hits = []
        for m in self.re.finditer(text):
            if m.group(0) not in self.seen:
                self.seen.add(m.group(0))
                hits.append(m)
        if not hits:
            return text, []
        elements = []
        for i, m in enumerate(hits):
            end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
            el = etree.Element("abbr", {"title": self.titles[m.group(0)]})
            el.text = AtomicString(m.group(0))
            el.tail = text[m.end():end]
            elements.append(el)
        return text[:hits[0].start()], elements

    def _walk(self, el, skip: bool) -> None:
        children = list(el)
        if not skip and el.text and not isinstance(el.text, AtomicString):
            el.text, new = self._split(el.text)
            for i, a in enumerate(new):
                el.insert(i, a)
        for child in children:
            self._walk(child, skip or child.tag in SKIP or "hb-noabbr" in child.get("class", ""))
            if not skip and child.tail and not isinstance(child.tail, AtomicString):
                child.tail, new = self._split(child.tail)
                index = list(el).index(child) + 1
                for i, a in enumerate(new):
                    el.insert(index + i, a)


@lru_cache(maxsize=4)
def _titles(path, mtime_ns: int) -> dict[str, str]:
    # 术语表有错误时由构建钩子统一报告，这里只取能读出的术语
    return glossary_titles(load_glossary(ErrorLog(), path))


class CjkAbbrExtension(Extension):
    def __init__(self, **kwargs):
        # 站点构建时由钩子设为所构建站点的 docs/_data/glossary.yml（site/features.py）
        self.config = {"glossary": [str(DATA / "glossary.yml"), "术语表文件"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # MkDocs 为每个页面新建一个 Markdown 实例：术语表按修改时间缓存，只读一次
        path = Path(self.getConfig("glossary"))
        titles = _titles(path, path.stat().st_mtime_ns if path.exists() else 0)
        # 优先级 7：在行内处理（20）之后运行，与标准 abbr 扩展相同
        md.treeprocessors.register(GlossaryTreeprocessor(md, titles), "cjk_abbr", 7)


def makeExtension(**kwargs):
    return CjkAbbrExtension(**kwargs)
