"""表单与台账的 Word（A4，可直接填写的表格）和 Excel（台账：冻结表头、数据校验、A4 打印设置）。

版式和个性化清单的 Word/Excel 共用 office.py 中的页面设置、字体和签字栏。
"""
from __future__ import annotations

import io
import math

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt, RGBColor
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..core.formdata import CHECKBOX, PLACEHOLDER, Form
from ..render.checklist_view import pending_legend
from ..render.form_view import DATE_LINE, grid
from .office import (BODY_FONT, BORDER, HEAD_FILL, HEAD_FONT, add_para, new_document, new_workbook,
                     print_a4, repeat_header, set_font, signature_line)

LABEL_WIDTH_MM = 30       # 表头栏目名一栏的宽度
LINE_MM = 7               # 填写栏每行的高度
FIELD_MM = 8              # 表头栏目每行的高度
HINT_COLOR = RGBColor(0x70, 0x70, 0x70)
# Excel：台账预留的行数之外，数据校验再向下覆盖这么多行，方便续填
EXTRA_VALIDATED_ROWS = 200


def summary(form: Form, titles: dict[str, str]) -> str:
    """印在标题下面的一行：对应程序和依据（依据里有待核实标记时另起一行说明）。"""
    basis = form.basis_text()
    legend = pending_legend([basis])
    return f"对应程序：{titles.get(form.procedure, form.procedure)}\n依据：{basis}" + (f"\n{legend}" if legend else "")


def signatures(form: Form) -> str:
    """签字栏和日期行。"""
    names = signature_line([f"{s}：" for s in form.signatures])
    return f"{names}        {DATE_LINE}" if names else DATE_LINE


def choices_text(choices: list[str]) -> str:
    return "　".join(f"{CHECKBOX}{c}" for c in choices)


def field_value(field) -> str:
    return choices_text(field.choices) if field.choices else (field.value or "")


def hint_text(hint: str | None) -> str:
    return f"（{hint}）" if hint else ""


# ---- Word -----------------------------------------------------------------------
def form_docx(form: Form, titles: dict[str, str], extra: dict) -> bytes:
    doc = new_document(form.title, extra, form.landscape)
    sec = doc.sections[0]
    usable = sec.page_width - sec.left_margin - sec.right_margin
    add_para(doc, form.title, 16, True, HEAD_FONT, WD_ALIGN_PARAGRAPH.CENTER)
    for line in summary(form, titles).split("\n"):
        add_para(doc, line, 9, align=WD_ALIGN_PARAGRAPH.CENTER)
    if form.fields or form.sections:
        _fields_table(doc, form, usable)
    if form.table is not None:
        _grid_table(doc, form, usable)
    add_para(doc, "")
    add_para(doc, signatures(form))
    if form.notes:
        add_para(doc, "填表说明", 9.5, True, HEAD_FONT).paragraph_format.keep_with_next = True
        for n, note in enumerate(form.notes, 1):
            add_para(doc, f"{n}. {note}", 9)
    footer = sec.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(footer.add_run(f"机关党建知识库（{extra.get('edition', '')}）· 参考格式，可按本单位规定调整"), BODY_FONT, 8)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _table(doc, cols: int, widths):
    table = doc.add_table(rows=0, cols=cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, w in zip(table.columns, widths):
        col.width = w
    return table


def _row(table, height_mm: float):
    """新的一行：至少 height_mm 高，不跨页断开。单元格宽度由 add_row 按栏宽填好。"""
    row = table.add_row()
    row.height = Mm(height_mm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return row


def _write(cell, text: str, size=10.5, bold=False, font=BODY_FONT, align=None):
    p = cell.paragraphs[0]
    if align is not None:
        p.alignment = align
    if text:
        set_font(p.add_run(text), font, size, bold)
    return p


def _hint(cell, hint: str | None) -> None:
    if hint:
        run = cell.paragraphs[0].add_run(hint_text(hint))
        set_font(run, BODY_FONT, 8.5)
        run.font.color.rgb = HINT_COLOR


def _fields_table(doc, form: Form, usable) -> None:
    """表头栏目和填写栏：一张四栏表（栏目名｜填写处｜栏目名｜填写处）。"""
    label = Mm(LABEL_WIDTH_MM)
    value = int((usable - 2 * label) / 2)
    widths = (label, value, label, value)
    table = _table(doc, 4, widths)
    for fields in form.field_rows():
        row = _row(table, FIELD_MM)
        for i, f in enumerate(fields):
            _write(row.cells[2 * i], f.label, 10, True, HEAD_FONT)
            _write(row.cells[2 * i + 1], field_value(f), 10)
            _hint(row.cells[2 * i + 1], f.hint)
        if len(fields) == 1:
            row.cells[1].merge(row.cells[3])
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for s in form.sections:
        row = _row(table, s.lines * LINE_MM)
        _write(row.cells[0], s.label, 10, True, HEAD_FONT)
        _hint(row.cells[1].merge(row.cells[3]), s.hint)
        row.cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _grid_table(doc, form: Form, usable) -> None:
    table_spec = form.table
    cols = table_spec.columns
    total = sum(c.width for c in cols)
    widths = [int(usable * c.width / total) for c in cols]
    caption = add_para(doc, table_spec.title or "", 10.5, True, HEAD_FONT)
    caption.paragraph_format.space_before = Pt(8)
    caption.paragraph_format.keep_with_next = True
    table = _table(doc, len(cols), widths)
    head = _row(table, 9)
    repeat_header(head)
    for cell, col in zip(head.cells, cols):
        _write(cell, col.label, 9.5, True, HEAD_FONT, WD_ALIGN_PARAGRAPH.CENTER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for r in grid(form):
        row = _row(table, LINE_MM)
        if r.kind == "group":
            _write(row.cells[0].merge(row.cells[-1]), r.label, 9.5, True, HEAD_FONT)
        elif r.kind == "total":
            _write(row.cells[0], r.label, 9.5, True, HEAD_FONT)
        else:
            for cell, col, text in zip(row.cells, cols, r.printed):
                if text:
                    _write(cell, text, 9.5, align=WD_ALIGN_PARAGRAPH.CENTER if col.type == "check" else None)


# ---- Excel ----------------------------------------------------------------------
NUMBER_FORMATS = {"money": "0.00", "percent": "0.0%", "date": "yyyy-mm-dd", "number": "General"}
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
BODY = Font(name=BODY_FONT, size=10)
BOLD = Font(name=HEAD_FONT, size=10, bold=True)
SMALL = Font(name=BODY_FONT, size=9)
UNDERLINE = Border(bottom=Side(style="thin", color="000000"))


def form_xlsx(form: Form, titles: dict[str, str], extra: dict) -> bytes:
    cols = form.table.columns
    n = len(cols)
    wb, ws = new_workbook(form.title, extra, "台账")
    _merged(ws, 1, n, form.title, Font(name=HEAD_FONT, size=14, bold=True), CENTER, height=26)
    _merged(ws, 2, n, summary(form, titles), SMALL, CENTER, height=_height(summary(form, titles), cols))
    row = 3
    half = n // 2
    for fields in form.field_rows():
        spans = [(1, n)] if len(fields) == 1 else [(1, half), (half + 1, n)]
        for f, (start, end) in zip(fields, spans):
            _field(ws, row, cols, f, start, end)
        ws.row_dimensions[row].height = 22
        row += 1
    head_row = row + 1
    for i, col in enumerate(cols, 1):
        cell = ws.cell(head_row, i, col.label)
        cell.font = BOLD
        cell.fill = HEAD_FILL
        cell.border = BORDER
        cell.alignment = CENTER
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.row_dimensions[head_row].height = 30
    rows = grid(form)
    totals = [r for r in rows if r.kind == "total"]
    row = head_row
    for r in rows:
        if r.kind == "total":
            continue
        row += 1
        if r.kind == "group":
            _merged(ws, row, n, r.label, BOLD, Alignment(vertical="center"))
            for i in range(1, n + 1):
                ws.cell(row, i).border = BORDER
            continue
        # Excel 的勾选栏不印 □：用下拉列表选 √ 或 □（见 _validation）
        _data_row(ws, row, cols, r.values)
    first, last = head_row + 1, row
    for r in totals:
        row += 1
        ws.cell(row, 1, r.label).font = BOLD
        for i, col in enumerate(cols, 1):
            c = ws.cell(row, i)
            c.border = BORDER
            if col.label in form.table.totals:
                letter = get_column_letter(i)
                c.value = f"=SUM({letter}{first}:{letter}{last})"
                c.number_format = NUMBER_FORMATS.get(col.type, "General")
    _validations(ws, cols, first, last + EXTRA_VALIDATED_ROWS)
    print_a4(ws, head_row, form.landscape)
    row += 2
    ws.cell(row, 1, signatures(form))
    if form.notes:
        row += 2
        ws.cell(row, 1, "填表说明").font = BOLD
        for k, note in enumerate(form.notes, 1):
            row += 1
            text = f"{k}. {note}"
            _merged(ws, row, n, text, SMALL, WRAP, height=_height(text, cols))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _merged(ws, row: int, n: int, text: str, font: Font, alignment: Alignment, height: float | None = None) -> None:
    """占满整行（前 n 栏）的一段文字。"""
    cell = ws.cell(row, 1, text)
    cell.font, cell.alignment = font, alignment
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n)
    if height:
        ws.row_dimensions[row].height = height


def _field(ws, row: int, cols, f, start: int, end: int) -> None:
    """表头栏目：栏目名占够宽度的几栏，其余几栏合并成填写处，下面画线。"""
    label_end, width = start, cols[start - 1].width
    while width < _text_width(f.label) + 2 and label_end < end - 1:
        label_end += 1
        width += cols[label_end - 1].width
    ws.cell(row, start, f.label).font = BOLD
    if label_end > start:
        ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=label_end)
    ws.cell(row, label_end + 1, field_value(f) + hint_text(f.hint)).font = BODY
    for col in range(label_end + 1, end + 1):
        ws.cell(row, col).border = UNDERLINE
    if end > label_end + 1:
        ws.merge_cells(start_row=row, start_column=label_end + 1, end_row=row, end_column=end)


def _text_width(text: str) -> int:
    """Excel 列宽单位下的文字宽度：汉字和全角符号约占2个单位。"""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _height(text: str, cols) -> float:
    """合并单元格不会自动加高：按总宽度估算行数（一个汉字约占2个字符宽）。"""
    chars_per_line = max(sum(c.width for c in cols) / 2, 10)
    return 15 * sum(max(1, math.ceil(len(line) / chars_per_line)) for line in text.split("\n"))


def _data_row(ws, row: int, cols, values: dict[str, str]) -> None:
    for i, col in enumerate(cols, 1):
        cell = ws.cell(row, i, values.get(col.label) or None)
        cell.border = BORDER
        cell.font = BODY
        cell.alignment = CENTER if col.type == "check" else WRAP
        if col.type in NUMBER_FORMATS:
            cell.number_format = NUMBER_FORMATS[col.type]
        if col.formula:
            cell.value = PLACEHOLDER.sub(lambda m: f"{get_column_letter(_index(cols, m.group(1)))}{row}", col.formula)
    # 预填的文字较长时加高这一行（Excel 打开时不会自动调整）
    lines = max([math.ceil(_text_width(v) / max(c.width - 1, 1)) for c in cols if (v := values.get(c.label))] or [1])
    ws.row_dimensions[row].height = max(20, 15 * lines + 4)



def _index(cols, label: str) -> int:
    return next(i for i, c in enumerate(cols, 1) if c.label == label)


def _validations(ws, cols, first: int, last: int) -> None:
    """按栏目类型加数据校验：下拉列表、非负金额、0到100%的比例、日期。"""
    for i, col in enumerate(cols, 1):
        if col.formula:
            continue
        dv = _validation(col)
        if dv is None:
            continue
        dv.showErrorMessage = True
        dv.errorTitle = "输入有误"
        dv.allow_blank = True
        letter = get_column_letter(i)
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)


def _validation(col) -> DataValidation | None:
    if col.choices:
        dv = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"')
        dv.error = f"请从下拉列表中选择：{'、'.join(col.choices)}"
    elif col.type == "check":
        dv = DataValidation(type="list", formula1=f'"√,{CHECKBOX}"')
        dv.error = "已完成的填“√”"
    elif col.type in ("money", "number"):
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        dv.error = "请填写不小于0的数字（金额以元为单位，保留两位小数）" if col.type == "money" else "请填写不小于0的数字"
    elif col.type == "percent":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1")
        dv.error = "请填写0%到100%之间的比例，例如 1%"
    elif col.type == "date":
        dv = DataValidation(type="date", operator="greaterThan", formula1="1")
        dv.error = "请填写日期，例如 2026-03-05"
    else:
        return None
    return dv
