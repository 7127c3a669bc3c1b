"""表单与台账的表格（docs/_data/forms.yml 的 table）：每一行印什么，只在这里决定一次。

网页（templates/forms/sheet.html.j2）、Word 和 Excel（export/form_office.py）按同一串行渲染：
分组标题行、预填行、留空行、合计行；勾选栏印 □。
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..core.formdata import CHECKBOX, Form

TOTAL = "合计"
# 每个表单签字栏之后的日期行：网页在空白处画线，Word、Excel 用下划线
DATE_PARTS = ("日期：", "年", "月", "日")
DATE_LINE = "".join(p + blank for p, blank in zip(DATE_PARTS, ("______", "____", "____", "")))


@dataclass(frozen=True)
class GridRow:
    kind: Literal["group", "data", "blank", "total"]
    label: str = ""                                         # 分组标题、“合计”
    values: dict[str, str] = field(default_factory=dict)    # 栏目名 → 预填的内容（不含 □）
    printed: tuple[str, ...] = ()                           # 每一栏印出来的文字（勾选栏是 □）


def grid(form: Form) -> list[GridRow]:
    """表格的全部行（不含表头）。没有表格时为空。"""
    if form.table is None:
        return []
    cols = form.table.columns

    def printed(values: dict[str, str]) -> tuple[str, ...]:
        return tuple(CHECKBOX if c.type == "check" else values.get(c.label, "") for c in cols)

    rows = [GridRow("group", label=r.group) if r.group is not None
            else GridRow("data", values=r.cells, printed=printed(r.cells)) for r in form.table_rows]
    rows += [GridRow("blank", printed=printed({})) for _ in range(form.table.blank_rows)]
    if form.table.totals:
        rows.append(GridRow("total", label=TOTAL, printed=(TOTAL, *[""] * (len(cols) - 1))))
    return rows
