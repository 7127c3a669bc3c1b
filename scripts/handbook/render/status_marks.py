"""核实状态的小标记：文字里的 <!-- open: 编号 --> 和待核实的依据换成同一种上标小字（见 core/status.py）。"""
from __future__ import annotations

# 模板里写 status.quote_kind(q)、status.marked(...)：数据上的判断和页面上的标记从这一个名字取
from ..core.status import OPEN_RE, PLAIN_LEGEND, PLAIN_MARK, plain, quote_kind, quote_tip  # noqa: F401  （供模板使用）
from .escape import table_cell

CITATION_TIP = "待核实：条款号尚未对照官方文本核实"


def _mark(renderer, item_id: str | None) -> str:
    items = renderer.content.open_items
    tip = items[item_id].reader if item_id in items else CITATION_TIP
    return renderer.render("blocks/mark.md.j2", kind="open", tip=tip).strip()


def replace_marks(markdown: str, renderer) -> str:
    """把页面里的 <!-- open: 编号 --> 换成小标记（编号已在读入内容时检查过）。"""
    return OPEN_RE.sub(lambda m: _mark(renderer, m.group(1)), markdown)


def marked(renderer, text: str | None) -> str:
    """表格里一格数据文字（术语依据、日历说明……）：文字转义，其中的 <!-- open: 编号 --> 换成小标记。"""
    parts = OPEN_RE.split(text or "")   # 文字、编号、文字、编号……
    return "".join(table_cell(p) if i % 2 == 0 else _mark(renderer, p) for i, p in enumerate(parts))


def citation_mark(renderer, c) -> str:
    """一条依据的核实标记：待核实的依据后面一个小标记，其余为空。引文作依据的，说明与引文后的标记相同。"""
    if not c.unconfirmed:
        return ""
    q = renderer.model.quotes.get(c.quote) if c.quote and not c.open else None
    if q is not None:
        return renderer.render("blocks/mark.md.j2", kind="open", tip=quote_tip(q)).strip()
    return _mark(renderer, c.open)
