"""核实状态：每条引文和每个待核实事项的状态只登记在数据里，页面上显示成同一种小标记。

三种状态：原文已核对、摘录（引文由 quotes.yml 的 confidence 决定）、待核实（条款号未核实的引文，
以及 docs/_data/open-items.yml 登记的事项）。正文里待核实的地方写行内标记 <!-- open: 编号 -->，
构建时换成一个上标小字“待”，悬停显示说明，点开是“法规与术语”首页的标记说明（render/status_marks.py，
templates/blocks/mark.md.j2）。“参与编辑 → 待核实事项”列出每个事项、用在哪些页面、怎样才能核实（site/open_items.py）。
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


from .. import DATA
from .errors import ErrorLog
from .markers import OPEN_RE
from .model import Record
from .parse import build_record
from .yamlfile import line_of, load_file



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
