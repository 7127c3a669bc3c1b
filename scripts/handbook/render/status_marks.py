"""核实状态的小标记：页面里的 <!-- open: 编号 --> 和数据里的“（条款号待核实）”括注换成同一种上标小字（见 core/status.py）。"""
from __future__ import annotations

import re

# 模板里写 status.quote_kind(q)、status.pending(...)：数据上的判断和页面上的标记从这一个名字取
from ..core.status import OPEN_RE, quote_kind, quote_tip  # noqa: F401  （供模板使用）


def replace_marks(markdown: str, renderer) -> str:
    """把页面里的 <!-- open: 编号 --> 换成小标记（编号已在读入内容时检查过）。"""
    items = renderer.content.open_items

    def mark(m: re.Match) -> str:
        return renderer.render("blocks/mark.md.j2", kind="open", tip=items[m.group(1)].reader).strip()
    return OPEN_RE.sub(mark, markdown)


# 数据里“（条款号待核实）”“（组织设置，项序号待核实）”这类写法：括注里的其他说明保留，待核实换成小标记
_PENDING_RE = re.compile(r"（([^（）]*?)[，、]?(?:条款号|项序号|原文)?待核实）")


def pending(r, text: str) -> str:
    """已转义的 Markdown 文本里的待核实括注换成小标记（清单依据、术语依据、日历依据共用）。"""
    def mark(m: re.Match) -> str:
        tip = "待核实：条款号尚未对照官方文本核实"
        note = f"（{m.group(1)}）" if m.group(1) else ""
        return note + r.render("blocks/mark.md.j2", kind="open", tip=tip).strip()
    return _PENDING_RE.sub(mark, text)


def unhedged(text: str) -> str:
    """去掉待核实括注、保留括注里的其他说明（链接文字里放不下标记，标记另加在链接后面）。"""
    return _PENDING_RE.sub(lambda m: f"（{m.group(1)}）" if m.group(1) else "", text)
