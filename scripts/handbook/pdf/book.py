"""整本手册的 PDF：按导航顺序读构建好的页面，取出正文拼成一个 HTML，交给 WeasyPrint。

导航的每个板块是一“部分”（书签第1级），板块里的页面是一“章”（第2级），章里的二级标题是第3级。
页面 id 和站内链接都改写成文档内部的锚点，所以 PDF 里的交叉引用可以点击。
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, SoupStrainer

from ..render.environment import environment

# 只在屏幕上有用的部分：编辑按钮、标题旁的 ¶、下载按钮、筛选表单、脚本；
# 单位选择器的数据、按当天日期算的本月应办、档案页的“在自查中打开”按钮和“按你的回答”一句
SCREEN_ONLY = (".md-content__button, .headerlink, .md-source-file, .hb-download, form, script, noscript, "
               ".hb-picker-data, [data-hb-now], .hb-actions, .hb-unit-why")


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
        # 只解析正文：页面上的导航、页眉页脚占一大半，手册用不着
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml", parse_only=SoupStrainer("article"))
        article = soup.select_one("article.md-content__inner")
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
        for table in article.find_all("table"):
            _fix_columns(soup, table)
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


# 表格列宽：WeasyPrint 的自动表格布局要逐字测量每个格子的最小宽度，中文每个字都可以断行，
# 整本手册三成的排版时间花在这里。改由这里按字数估算列宽（CSS 自动布局的同一算法：先满足各列的
# 最小宽度，剩下的按“最大宽度 − 最小宽度”分配），再用固定表格布局排，快得多，效果相同。
TABLE_EM = 52          # 版心宽 168mm ÷ 表格字号 9pt ≈ 52 个字
CELL_PADDING_EM = 1.3     # 左右内边距 1.8mm×2 加边框
_NO_BREAK = re.compile(r"[\x21-\x7e]+")      # 连续的西文、数字：不能断开


def _text_em(text: str) -> float:
    return sum(0.55 if ord(ch) < 0x2e80 else 1.0 for ch in text)


def _fix_columns(soup, table) -> None:
    rows = [[(cell, int(cell.get("colspan", 1))) for cell in tr.find_all(["td", "th"], recursive=False)]
            for tr in table.find_all("tr")]
    count = max((sum(span for _, span in row) for row in rows), default=0)
    if count < 2 or table.find("colgroup"):
        return
    widest, narrowest = [CELL_PADDING_EM + 1] * count, [CELL_PADDING_EM + 1] * count
    for row in rows:
        col = 0
        for cell, span in row:
            if span == 1 and col < count:
                text = cell.get_text(" ", strip=True)
                words = [_text_em(w) for w in _NO_BREAK.findall(text)] + [1.0]
                # 表头不超过4个字时不折行（“序号”“责任处室”）
                shortest = _text_em(text) if cell.name == "th" and _text_em(text) <= 4 else max(words)
                widest[col] = max(widest[col], _text_em(text) + CELL_PADDING_EM)
                narrowest[col] = max(narrowest[col], shortest + CELL_PADDING_EM)
            col += span
    if sum(widest) <= TABLE_EM:
        widths = widest
    else:
        spare = max(TABLE_EM - sum(narrowest), 0)
        stretch = sum(w - n for w, n in zip(widest, narrowest)) or 1
        widths = [n + spare * (w - n) / stretch for w, n in zip(widest, narrowest)]
    colgroup = soup.new_tag("colgroup")
    for w in widths:
        colgroup.append(soup.new_tag("col", attrs={"style": f"width: {100 * w / sum(widths):.1f}%"}))
    table.insert(0, colgroup)
    table["class"] = table.get("class", []) + ["hb-fixed"]


def handbook_html(parts: list[Part], extra: dict, stamp) -> str:
    return environment().get_template("pdf/handbook.html.j2").render(
        parts=parts, extra=extra, stamp=stamp, title=extra["pdf"]["title"])
