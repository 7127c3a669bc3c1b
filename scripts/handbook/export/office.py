"""个性化清单的 Word（A4 表格）和 Excel 文件，内容全部来自模型。

页面设置、字体、签字栏等公用部分（new_document、new_workbook 等）也供表单与台账（form_office.py）使用。
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.page import PageMargins

from ..core.clock import build_datetime
from ..core.model import Model, Profile
from ..render.checklist_view import COLUMNS, DISCLAIMER, SIGNATURES, checklist_groups, form_title, pending_legend

# 下载的 Word、Excel 要在各单位的电脑上打开再改：只用中文版 Windows 自带的字体（宋体 SimSun、黑体 SimHei），
# 写成东亚字体（Word 的 w:eastAsia、Excel 的字体名，不用主题字体）。思源/Noto 字体只用在我们自己排的 PDF 里
BODY_FONT = "宋体"
HEAD_FONT = "黑体"


# ---- Word -----------------------------------------------------------------------
def new_document(title: str, extra: dict, landscape: bool = False) -> Document:
    """A4 文档：页边距、正文字体（宋体）和文档属性。"""
    doc = Document()
    props = doc.core_properties
    props.title = title
    props.author = str(extra.get("issuer", ""))
    props.created = props.modified = props.last_printed = build_datetime().replace(tzinfo=None)
    props.revision = 1
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    sec.left_margin = sec.right_margin = Mm(20)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(18)
    style = doc.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(10.5)
    rpr = style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    # 标明简体中文：字体集合（.ttc）里有日、韩、繁、简多种字形，LibreOffice 等据此选简体字形
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    chinese_theme_fonts(doc)
    return doc


def chinese_theme_fonts(doc) -> None:
    """python-docx 的空白模板把主题字体的东亚语言设成日语（themeFontLang w:eastAsia="ja-JP"）：
    没有直接指定字体的文字（如内置样式）会用日文字体显示。改成简体中文，主题字体就取宋体。"""
    doc.settings.element.find(qn("w:themeFontLang")).set(qn("w:eastAsia"), "zh-CN")


def set_font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def add_para(doc_or_cell, text: str, size=10.5, bold=False, font=BODY_FONT, align=None):
    p = doc_or_cell.add_paragraph()
    if align is not None:
        p.alignment = align
    set_font(p.add_run(text), font, size, bold)
    return p


def signature_line(labels) -> str:
    """签字栏：每项后面留出手写的横线。"""
    return "        ".join(f"{s}__________" for s in labels)


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)


def checklist_docx(model: Model, profile: Profile, extra: dict) -> bytes:
    doc = new_document(form_title(profile), extra)
    add_para(doc, form_title(profile), 16, True, HEAD_FONT, WD_ALIGN_PARAGRAPH.CENTER)
    add_para(doc, f"{extra.get('edition', '')} · {DISCLAIMER}", 9, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_para(doc, "单位（党组织）：________________________    填写日期：______年____月____日")

    groups = checklist_groups(model, profile)
    for group in groups:
        add_para(doc, group.heading, 11, True, HEAD_FONT)
        table = doc.add_table(rows=1, cols=len(COLUMNS))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = (Mm(12), Mm(88), Mm(40), Mm(12), Mm(18))
        header = table.rows[0]
        repeat_header(header)
        for cell, name, w in zip(header.cells, COLUMNS, widths):
            cell.width = w
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_font(cell.paragraphs[0].add_run(name), HEAD_FONT, 10, True)
        for r in group.rows:
            row = table.add_row()
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            values = (str(r.no), r.item, r.basis, "□", "")
            for cell, value, w in zip(row.cells, values, widths):
                cell.width = w
                set_font(cell.paragraphs[0].add_run(value), BODY_FONT, 9.5)
            row.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            row.cells[3].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER

    if legend := pending_legend(r.basis for g in groups for r in g.rows):
        add_para(doc, legend, 9)
    add_para(doc, "")
    add_para(doc, signature_line(SIGNATURES))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ---- Excel ----------------------------------------------------------------------
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEAD_FILL = PatternFill("solid", fgColor="F6E3E1")


def new_workbook(title: str, extra: dict, sheet: str) -> tuple[Workbook, object]:
    wb = Workbook()
    # 默认字体（没有单独设字体的单元格、“常规”样式）：openpyxl 固定写 Calibri 加主题字体，没有公开的设置方法；
    # 换成宋体（字符集 134 = GB2312），全表只剩 Windows 自带的中文字体
    default = Font(name=BODY_FONT, size=11, charset=134)
    wb._fonts = IndexedList([default])
    wb._named_styles["Normal"].font = default
    wb.properties.title = title
    wb.properties.creator = str(extra.get("issuer", ""))
    wb.properties.created = wb.properties.modified = build_datetime().replace(tzinfo=None)
    ws = wb.active
    ws.title = sheet
    return wb, ws


def print_a4(ws, head_row: int, landscape: bool = False) -> None:
    """冻结表头、每页重复表头、A4 按页宽缩放、页脚页码。"""
    ws.freeze_panes = ws.cell(head_row + 1, 1)
    ws.print_title_rows = f"{head_row}:{head_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def checklist_xlsx(model: Model, profile: Profile, extra: dict) -> bytes:
    wb, ws = new_workbook(form_title(profile), extra, "自查表")
    wrap = Alignment(wrap_text=True, vertical="top")

    ws.append([form_title(profile)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS) + 1)
    ws["A1"].font = Font(name=HEAD_FONT, size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["单位（党组织）：", "", "填写日期：", "", "", ""])
    header = [COLUMNS[0], "编号", *COLUMNS[1:]]
    ws.append(header)
    head_row = ws.max_row
    for cell in ws[head_row]:
        cell.font = Font(name=HEAD_FONT, bold=True)
        cell.fill = HEAD_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
    groups = checklist_groups(model, profile)
    for group in groups:
        ws.append([group.heading])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(header))
        ws.cell(ws.max_row, 1).font = Font(name=HEAD_FONT, bold=True)
        for r in group.rows:
            ws.append([r.no, r.id, r.body, r.basis, "", ""])
            for cell in ws[ws.max_row]:
                cell.border = BORDER
                cell.alignment = wrap
                cell.font = Font(name=BODY_FONT, size=10)
    for col, width in zip("ABCDEF", (6, 8, 60, 30, 8, 16)):
        ws.column_dimensions[col].width = width
    print_a4(ws, head_row)
    if legend := pending_legend(r.basis for g in groups for r in g.rows):
        ws.cell(ws.max_row + 1, 1, legend)
    last = ws.max_row + 2
    for i, label in enumerate(SIGNATURES):
        ws.cell(last, 1 + i * 2, label)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
