"""构建出的页面正文（<article>），每页只解析一次。

好几个测试文件都逐页读正文；整页带着很长的导航，各自解析一遍要多花几十秒。返回的 BeautifulSoup 对象是
共用的：只读，不要改（要去掉引用块就用 quotes=False）。
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup, SoupStrainer

EDITOR_SECTIONS = ("contributing/", "changelog/")


@lru_cache(maxsize=None)
def _article_html(site: Path) -> tuple[tuple[str, str], ...]:
    out = []
    for html in sorted(site.rglob("*.html")):
        # 只解析 <article>（与 pdf/book.py 读各章相同）：页面上的导航占一大半
        art = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml",
                            parse_only=SoupStrainer("article")).select_one("article.md-content__inner")
        if art is not None:
            out.append((html.relative_to(site).as_posix(), str(art)))
    return tuple(out)


@lru_cache(maxsize=None)
def articles(site: Path, quotes: bool = True) -> tuple:
    """(页面路径, 正文) 的元组，正文不含标题旁的 ¶；quotes=False 时也去掉登记的原文引用块。"""
    out = []
    for page, fragment in _article_html(site):
        art = BeautifulSoup(fragment, "lxml").article
        for el in art.select(".headerlink" if quotes else ".headerlink, blockquote.hb-quote"):
            el.decompose()
        out.append((page, art))
    return tuple(out)


def reader_articles(site: Path):
    """读者看的页面（“参与编辑”板块和修订记录以外）的正文。"""
    return [(page, art) for page, art in articles(site) if not page.startswith(EDITOR_SECTIONS)]


def article(site: Path, page: str):
    """一个页面的正文，page 是站点内的文件路径（如 lists/branch/index.html）。"""
    return dict(articles(site))[page]
