"""核实状态：每条引文和每个待核实事项的状态只登记在数据里，页面上显示成同一种小标记。

三种状态：原文已核对、摘录（引文由 quotes.yml 的 confidence 决定）、待核实（条款号未核实的引文，
以及 docs/_data/open-items.yml 登记的事项）。待核实的地方——正文句子、front matter 和清单条目的“依据”、
术语表和日历等数据里的文字——一律写行内标记 <!-- open: 编号 -->，不写“待核实”这几个字。
网页和 PDF 上它是一个上标小字“待”，悬停显示说明，点开是“法规与术语”首页的标记说明（render/status_marks.py，
templates/blocks/mark.md.j2）；Word、Excel、日历文件和一页 A4 的自查表是纯文字或打印件，没有悬停，
统一写成 PLAIN_MARK 并在表下注明 PLAIN_LEGEND（plain()）。“参与编辑 → 待核实事项”列出每个事项、
用在哪里、怎样才能核实（site/open_items.py）。
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


from .. import DATA
from .errors import ErrorLog
from .markers import OLD_PROSE, OLD_PROSE_HINT, OPEN_RE, PLAIN_MARK
from .model import Citation, Record
from .parse import build_record
from .yamlfile import line_of, load_file

# 纯文字和打印件里的待核实标记 PLAIN_MARK（core/markers.py）用六角括号，与条文自己的括注（）区分开
PLAIN_LEGEND = f"{PLAIN_MARK}：条款号或原文尚未对照官方文本核实"

# 读者看得到文字的数据文件（open-items.yml、quotes.yml 的说明字段是给编辑者的，不查）
READER_DATA = ("glossary.yml", "calendar.yml", "forms.yml", "recruitment.yml", "party-dues.yml", "units.yml",
               "revisions.yml")


class OpenItem(Record):
    id: str
    item: str      # 什么没有核实（编辑者看）
    reader: str    # 读者悬停看到的一句话
    settle: str    # 怎样才能核实
    line: int = 1


def load_open_items(log: ErrorLog, path: Path = DATA / "open-items.yml") -> dict[str, OpenItem]:
    raw = load_file(path, log) or []
    items: dict[str, OpenItem] = {}
    for node in raw if isinstance(raw, list) else []:
        it = build_record(OpenItem, {**node, "line": line_of(node)} if isinstance(node, dict) else node, path, log)
        if not it:
            continue
        if it.id in items:
            log.add(path, it.line, f"待核实事项 {it.id} 重复登记")
        items[it.id] = it
    return items


def open_ids(text: str) -> list[str]:
    return [m.group(1) for m in OPEN_RE.finditer(text or "")]


def strip_open(text: str) -> str:
    """去掉行内的 <!-- open: 编号 -->，只留文字。"""
    return OPEN_RE.sub("", text or "")


def plain(text: str) -> str:
    """纯文字输出（Word、Excel、日历、打印的自查表）：行内标记换成 PLAIN_MARK。"""
    return OPEN_RE.sub(PLAIN_MARK, text or "")


def quote_citation(sources: dict, q) -> Citation:
    """引文作依据：文件名加条款，条款号未核实的（article_confirmed: false）带待核实状态。"""
    return Citation(text=f"{sources[q.source].title}{q.article or ''}", source=q.source, quote=q.id,
                    unconfirmed=not q.article_confirmed)


def plain_citation(c) -> str:
    """一条依据的纯文字写法：条文写法，待核实的加 PLAIN_MARK。"""
    return c.text + (PLAIN_MARK if c.unconfirmed else "")


def quote_kind(q) -> str:
    if not q.article_confirmed:
        return "open"
    return "excerpt" if q.confidence == "excerpt" else "verified"


def quote_tip(q) -> str:
    kind = quote_kind(q)
    if kind == "open":
        return "待核实：文字已核对，条款号尚未对照官方文本核实"
    if kind == "excerpt":
        return "摘录：只引用条文的一部分，省略处以“……”标出"
    return "原文已核对：与发布文本逐字一致"


def check_old_prose(docs: Path, log: ErrorLog) -> None:
    """读者看得到的源文件（“参与编辑”以外的页面、READER_DATA）里不能写“待核实”这几个字。"""
    files = [p for p in sorted(docs.rglob("*.md"))
             if p.relative_to(docs).parts[0] not in ("_data", "contributing")]
    files += [docs / "_data" / name for name in READER_DATA if (docs / "_data" / name).is_file()]
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if OLD_PROSE not in line or (path.suffix == ".yml" and line.lstrip().startswith("#")):
                continue
            if path.parent.name == "lists" and line.startswith("- 依据"):
                continue    # 清单条目的依据由解析器报错（parse.py，说明里带条目编号）
            log.add(path, n, OLD_PROSE_HINT)


@dataclass
class Use:
    src: str
    line: int


def scan_uses(text: str, src: str, path: Path, items: dict[str, OpenItem], uses: dict[str, list[Use]],
              log: ErrorLog) -> None:
    """记下页面里每个 <!-- open: 编号 --> 的位置；没有登记的编号报错。"""
    for m in OPEN_RE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        if m.group(1) not in items:
            log.add(path, line, f"待核实标记 <!-- open: {m.group(1)} --> 的编号没有登记在 docs/_data/open-items.yml")
        else:
            uses.setdefault(m.group(1), []).append(Use(src, line))
