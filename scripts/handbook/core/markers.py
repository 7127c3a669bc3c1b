"""页面标记 <!-- 名字: 参数 --> 的名字和写法：只在这里定义一次。

内容检查（content.py）按这里的名字检查每个页面，渲染层（render/markers.py）为每个名字登记一个处理函数。
像标记却不完全合乎写法的行（缩进、大写、全角冒号、参数里有汉字、同一行还有别的字……）也在这里找出来：
渲染时它们不会被替换，读者只会看到一片空白，所以内容检查把它们当作错误。
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

MARKER_RE = re.compile(r"^<!--\s*([a-z][a-z-]*)(?:\s*:\s*([A-Za-z0-9_-]+))?\s*-->[ \t]*$", re.M)

# 行内标记：写在句子里的 <!-- open: 待核实事项编号 -->，渲染成一个小标记（core/status.py）
OPEN_RE = re.compile(r"<!--\s*open\s*:\s*([A-Za-z0-9_-]*)\s*-->")
# 读者看得到的文字里不写“待核实”这几个字，待核实的地方写上面的行内标记（内容检查报错时给出这句说明）
OLD_PROSE = "待核实"
PLAIN_MARK = "〔待核〕"   # 纯文字输出里的同一个标记（core/status.py 的 plain()）
OLD_PROSE_HINT = ("不要把“待核实”写进文字：在依据或句子后面写 <!-- open: 编号 -->（编号登记在 "
                  "docs/_data/open-items.yml；引文的条款号改 quotes.yml 的 article_confirmed），"
                  f"网页上显示成小标记“待”，Word、Excel 里显示成“{PLAIN_MARK}”")

# 标记名 → 参数的说明（None：不带参数）
ARGUMENTS: dict[str, str | None] = {
    "quote": "引文编号", "quotes": "来源编号", "glossary": None, "recruitment-flow": None,
    "recruitment-table": None, "dues-table": None, "download": "下载名", "checklist-index": None,
    "list-overview": None, "selfcheck": None, "calendar": "now、months、table 或 downloads", "dues-calculator": None,
    "forms": None, "forms-index": None, "unit-picker": None, "home-tasks": None,
}
NAMES = tuple(ARGUMENTS)
CALENDAR_PARTS = ("now", "months", "table", "downloads")

# 构建后生成的下载文件：标记名 → (站点内路径, 链接文字)。
# 路径带 {id} 的每个单位档案一份，由个性化清单页用 PageRenderer.download() 链接
DOWNLOADS = {
    "handbook-pdf": ("pdf/handbook.pdf", "下载整本手册（PDF，A4）"),
    "handbook-docx": ("downloads/handbook.docx", "下载 Word 版（公文格式，可修改）"),
    "checklist-pdf": ("pdf/checklists/{id}.pdf", "PDF 自查表（一页 A4，打印后签字）"),
}

# 像标记的注释：一个词，可带（半角或全角）冒号和一个参数
_LOOKS_LIKE = re.compile(r"<!--\s*([^\s:：<>-][^\s:：<>]*)\s*(?:([:：])?\s*([^\s<>]+?))?\s*-->")
_CODE_SPAN = re.compile(r"(`+).*?\1")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Marker:
    line: int
    name: str
    arg: str | None


@dataclass(frozen=True)
class NearMiss:
    """像标记、但不合写法的一行：原文、哪里不对，以及猜测的标记名（猜不出时为 None）和参数。"""
    line: int
    text: str
    problems: tuple[str, ...]
    name: str | None
    arg: str | None


def nearest_name(name: str) -> str | None:
    found = difflib.get_close_matches(name.lower(), NAMES, n=1, cutoff=0.6)
    return found[0] if found else None


def scan(text: str) -> tuple[list[Marker], list[NearMiss]]:
    """页面里的标记（按 MARKER_RE 完全匹配的行）和像标记却不合写法的行。代码块和行内代码里的不算。"""
    markers = [Marker(text.count("\n", 0, m.start()) + 1, m.group(1), m.group(2)) for m in MARKER_RE.finditer(text)]
    exact = {m.line for m in markers}
    misses, fenced = [], False
    for n, line in enumerate(text.split("\n"), 1):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or n in exact or "<!--" not in line:
            continue
        m = _LOOKS_LIKE.search(OPEN_RE.sub("", _CODE_SPAN.sub("", line)))
        if m is None:
            continue
        name, colon, arg = m.groups()
        guess = name.lower() if name.lower() in ARGUMENTS else nearest_name(name)
        if guess or colon:      # 名字接近某个标记，或写了冒号：就是想写标记
            misses.append(NearMiss(n, line.strip(), _problems(line, m.group(0), name, colon, arg), guess, arg))
    return markers, misses


def _problems(line: str, comment: str, name: str, colon: str | None, arg: str | None) -> tuple[str, ...]:
    found = [
        (line[:1].isspace(), "前面有空格，标记要顶格写"),
        (line.strip() != comment, "同一行还有别的文字，标记要单独占一行"),
        (name != name.lower() and name.lower() in ARGUMENTS, "标记名要小写"),
        (name.lower() not in ARGUMENTS, f"没有名为 {name} 的标记"),
        (colon == "：", "冒号要用半角"),
        (bool(arg) and colon is None, "标记名和参数之间缺冒号"),
        (bool(arg) and not re.fullmatch(r"[A-Za-z0-9_-]+", arg or ""), "参数只能用字母、数字、-、_"),
    ]
    return tuple(text for wrong, text in found if wrong)
