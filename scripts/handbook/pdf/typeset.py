"""PDF 排版的公共部分：标点挤压、文档日期、WeasyPrint 调用。

手册和自查表都经过这里，所以两者的中文排版规则一致。
"""
from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from functools import lru_cache

from bs4 import BeautifulSoup, NavigableString

from .. import ROOT
from ..core.clock import build_time
from . import cache
from .punctuation import CLOSING, OPENING, PAUSE

_AFTER = set(CLOSING + PAUSE)          # 后面紧跟标点时，去掉它右侧的半字空白
_BEFORE = set(OPENING + CLOSING + PAUSE)
_OPEN = set(OPENING)
_SKIP = {"style", "script", "pre", "code", "kbd", "title"}


def squeeze_punctuation(soup: BeautifulSoup) -> None:
    """相邻标点挤压（如“）。”“》《”“，“”）：把要去掉半字空白的标点包进 <span class="halt">，
    用半宽标点字体排（fonts.py）。

    Debian 的 Noto CJK 没有 chws 特性；halt 特性只改排版位置，文字提取会在那里断行，所以不用它。
    标点可能分属相邻的两个文本节点（如 </a>；），所以按文档顺序整体看。
    """
    texts = [s for s in soup.find_all(string=True)
             if type(s) is NavigableString and s and not any(p.name in _SKIP for p in s.parents)]
    for i, s in enumerate(texts):
        nxt = texts[i + 1][:1] if i + 1 < len(texts) else ""
        prev = texts[i - 1][-1:] if i else ""
        text = str(s)
        marks = []
        for k, ch in enumerate(text):
            after = text[k + 1] if k + 1 < len(text) else nxt
            before = text[k - 1] if k else prev
            # 开括号连用（“（《”）时挤压后一个：它左侧是空白
            if (ch in _AFTER and after in _BEFORE) or (ch in _OPEN and before in _OPEN):
                marks.append(k)
        if marks:
            s.replace_with(*_split(soup, text, marks))


def _split(soup: BeautifulSoup, text: str, marks: list[int]):
    start = 0
    for k in marks:
        if k > start:
            yield NavigableString(text[start:k])
        span = soup.new_tag("span", attrs={"class": "halt"})
        span.string = text[k]
        yield span
        start = k + 1
    if start < len(text):
        yield NavigableString(text[start:])


# ---- 可重复构建：日期和版本号都来自最后一次提交 -------------------------------------
@dataclass(frozen=True)
class Stamp:
    iso: str        # 2026-11-27T08:00:00Z：写进 PDF 的创建、修改日期
    date: str       # 2026年11月27日：封面
    commit: str     # 短提交号；不在 git 仓库里时为空


def stamp() -> Stamp:
    t = build_time()
    return Stamp(iso=time.strftime("%Y-%m-%dT%H:%M:%SZ", t),
                 date=f"{t.tm_year}年{t.tm_mon}月{t.tm_mday}日", commit=_commit())


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


# ---- WeasyPrint -------------------------------------------------------------------
@lru_cache(maxsize=1)
def font_config():
    """所有文档共用一个 FontConfiguration：字体只查找、加载一次；@font-face 也要靠它才生效。"""
    from weasyprint.text.fonts import FontConfiguration
    return FontConfiguration()


def weasyprint_html(html: str) -> str:
    """交给 WeasyPrint 的完整 HTML：挤压标点，内联半宽标点字体。"""
    from .fonts import font_face_css
    soup = BeautifulSoup(html, "lxml")
    squeeze_punctuation(soup)
    style = soup.new_tag("style")
    style.string = font_face_css()
    (soup.head or soup.html).insert(0, style)
    return str(soup)


def typeset(html: str, purpose: str, finisher=None) -> tuple[int, bytes]:
    """排版并写成 PDF：返回 (页数, PDF)。输入和上次相同时直接取缓存（cache.py），字节不变。

    finisher(document) 返回写 PDF 时的加工函数（WeasyPrint 的 finisher），它只能依据排好的文档；
    purpose 区分不同的加工（进缓存的键）。
    """
    from weasyprint import HTML
    # 挤压标点和内联字体由代码和字体文件决定（都在键里），所以用加工前的 HTML 做键，命中时省下这一步
    cache_key = cache.key(html, purpose)
    hit = cache.load(cache_key)
    if hit is not None:
        return hit
    # base_url 留空：站内相对链接原样写进 PDF（相对 PDF 所在的 pdf/ 目录）
    doc = HTML(string=weasyprint_html(html), base_url=None).render(font_config=font_config())
    data = doc.write_pdf(finisher=finisher(doc) if finisher else None)
    cache.store(cache_key, len(doc.pages), data)
    return len(doc.pages), data


PAGE_LABEL_STYLES = {"upper-roman": "/R", "decimal": "/D"}


def page_labels(ranges: list[tuple[int, str]]):
    """WeasyPrint 不写 PDF 页码标签（阅读器里显示的 I、II、1、2……）：写 PDF 之前补上。

    ranges：[(起始页序号, 样式)]，每段从 1 开始编号。
    """
    def finisher(document, pdf):
        import pydyf
        nums = pydyf.Array()
        for first, style in ranges:
            nums.extend([first, pydyf.Dictionary({"S": PAGE_LABEL_STYLES[style]})])
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": nums})
    return finisher


