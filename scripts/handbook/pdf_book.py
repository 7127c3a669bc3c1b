"""整本手册的 PDF：按导航顺序读构建好的页面，取出正文拼成一个 HTML，交给 WeasyPrint。

导航的每个板块是一“部分”（书签第1级），板块里的页面是一“章”（第2级），章里的二级标题是第3级。
页面 id 和站内链接都改写成文档内部的锚点，所以 PDF 里的交叉引用可以点击。
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from .render import environment

# 只在屏幕上有用的部分：编辑按钮、标题旁的 ¶、下载按钮、筛选表单、脚本
SCREEN_ONLY = ".md-content__button, .headerlink, .md-source-file, .hb-download, form, script, noscript"


@dataclass
class Chapter:
    src: str          # 相对 docs/ 的源文件
    id: str
    title: str = ""
    html: str = ""
    url: str = ""     # 站内地址：handbook/annual-tasks/（离线包里是 handbook/annual-tasks.html）


@dataclass
class Part:
    id: str
    title: str
    chapters: list[Chapter] = field(default_factory=list)


def page_url(src: str, directory_urls: bool = True) -> str:
    """源文件 → 站内地址。MkDocs 默认用目录式地址；离线包（offline 插件）用 .html 地址。"""
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5] if directory_urls else stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"


def _page_file(site: Path, url: str) -> Path:
    return site / url / "index.html" if url.endswith("/") or not url else site / url


def nav_parts(nav: list, skip: set[str], docs: Path) -> list[Part]:
    """mkdocs.yml 的 nav → 部分和章。

    不收：skip 中的板块和页面（写导航标题或源文件路径）、外部链接，以及构建时生成、docs/ 里没有的页面
    （各单位档案的个性化清单、表单模板：它们另有单独打印的 PDF、Word 版）。
    """
    parts: list[Part] = []

    def pages(entries, out: list[Chapter]):
        for entry in entries:
            title, value = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
            if title in skip or value in skip:
                continue
            if isinstance(value, list):
                pages(value, out)          # 更深的子板块并入所在部分
            elif value.endswith(".md") and (docs / value).is_file():
                out.append(Chapter(src=value, id="c-" + value[:-3].replace("/", "-"), title=title or ""))

    for entry in nav:
        title, value = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
        part = Part(id=f"part-{len(parts) + 1}", title=title or "")
        if title not in skip:
            pages(value if isinstance(value, list) else [entry], part.chapters)
        if part.chapters:
            parts.append(part)
    return parts


def load_chapters(site: Path, parts: list[Part], site_url: str = "") -> None:
    """读每章构建好的页面，取出正文并改写链接和 id。"""
    chapters = [ch for part in parts for ch in part.chapters]
    # 站点是哪种地址，看构建结果：make pdf 可能面对任何一种构建
    directory_urls = not any((site / page_url(ch.src, False)).is_file()
                             for ch in chapters if not ch.src.endswith("index.md"))
    for ch in chapters:
        ch.url = page_url(ch.src, directory_urls)
    by_url = {ch.url: ch for ch in chapters}
    for ch in chapters:
        path = _page_file(site, ch.url)
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select_one("article.md-content__inner")
        if article is None:
            raise ValueError(f"{path}：没有找到正文（article.md-content__inner），主题模板变了吗？")
        for el in article.select(SCREEN_ONLY):
            el.decompose()
        h1 = article.find("h1")
        if h1 is not None:
            h1.attrs.pop("id", None)
            ch.title = h1.get_text(" ", strip=True)
        ch.title = ch.title or ch.src
        _rewrite(article, ch, by_url, site, site_url)
        ch.html = article.decode_contents()
    for part in parts:
        part.title = part.title or part.chapters[0].title     # 导航顶层的单个页面


def _rewrite(article, ch: Chapter, by_url: dict[str, Chapter], site: Path, site_url: str) -> None:
    for el in article.find_all(id=True):
        el["id"] = f"{ch.id}--{el['id']}"
    base = "http://site/" + ch.url
    for a in article.find_all("a", href=True):
        href = a["href"]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue                                   # 外部链接原样保留
        target = urlsplit(urljoin(base, href))
        path = target.path.lstrip("/")
        dest = by_url.get(path) or by_url.get(path.removesuffix("index.html"))
        if dest is not None:
            a["href"] = f"#{dest.id}--{target.fragment}" if target.fragment else f"#{dest.id}"
        else:
            # 手册里没有收的页面和下载文件：链接到网站上的同一地址
            rel = path + (f"#{target.fragment}" if target.fragment else "")
            a["href"] = urljoin(site_url, rel) if site_url else posixpath.join("..", rel)
    for img in article.find_all("img", src=True):
        if not urlsplit(img["src"]).scheme:
            img["src"] = (site / urlsplit(urljoin(base, img["src"])).path.lstrip("/")).as_uri()


def handbook_html(parts: list[Part], extra: dict, stamp) -> str:
    return environment().get_template("pdf/handbook.html.j2").render(
        parts=parts, extra=extra, stamp=stamp, title=extra["pdf"]["title"])
