"""Word 版手册的公文版式：把 templates/docx/gongwen.yml（页面、字体、字号、标题编号、页码）套到 python-docx 文档上。

版式数字都在那份数据里；这里只负责把它们写成 WordprocessingML。
"""
from __future__ import annotations

from functools import cache

import yaml
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from .. import TEMPLATES

STYLE_FILE = TEMPLATES / "docx" / "gongwen.yml"
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
# 本文档自己的编号定义（python-docx 默认模板里已有 0–8 号，给列表样式用）
HEADING_ABSTRACT, BULLET_ABSTRACT, ORDERED_ABSTRACT = 100, 101, 102
_RFONT_THEMES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


@cache
def gongwen() -> dict:
    return yaml.safe_load(STYLE_FILE.read_text(encoding="utf-8"))


def new_document() -> Document:
    """空白文档：A4 版心、全部段落样式、标题编号，主题字体取简体中文。"""
    spec = gongwen()
    doc = Document()
    _page(doc.sections[0], spec["page"])
    for name, style in spec["styles"].items():
        _paragraph_style(doc, name, style, spec)
    _heading_numbering(doc, spec["numbering"])
    doc.settings.element.find(qn("w:themeFontLang")).set(qn("w:eastAsia"), "zh-CN")   # 模板里是日语
    return doc


def _page(sec, page: dict) -> None:
    sec.page_width, sec.page_height = Mm(page["width_mm"]), Mm(page["height_mm"])
    sec.top_margin, sec.bottom_margin = Mm(page["top_mm"]), Mm(page["bottom_mm"])
    sec.left_margin, sec.right_margin = Mm(page["left_mm"]), Mm(page["right_mm"])
    sec.footer_distance = Mm(page["footer_mm"])
    grid = sec._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sec._sectPr.append(grid)
    # 行网格：每页行数固定（Word 的“文档网格 → 只指定行网格”）
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(page["line_pt"] * 20)))


def text_width_mm() -> float:
    page = gongwen()["page"]
    return page["width_mm"] - page["left_mm"] - page["right_mm"]


def set_fonts(rpr, east_asian: str, latin: str) -> None:
    """东亚字体和西文字体；去掉默认模板里的主题字体（它们优先于字体名）。"""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in _RFONT_THEMES:
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _paragraph_style(doc, name: str, s: dict, spec: dict) -> None:
    styles = doc.styles
    style = styles[name] if name in [x.name for x in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles["Normal"]
    style.quick_style = True
    # 默认模板的段落、字符格式（主题字体、颜色、边框、斜体等）全部不要，只用这里的
    for old in style.element.findall(qn("w:pPr")) + style.element.findall(qn("w:rPr")):
        style.element.remove(old)
    font = style.font
    font.size = Pt(s["size"])
    font.bold = s.get("bold", False)
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, s["font"], spec["latin"])
    if name == "Normal":
        # 标明简体中文：字体集合里有日、韩、繁、简多种字形，LibreOffice 等据此选简体字形
        lang = OxmlElement("w:lang")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)
    pf = style.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(s.get("line_pt", spec["page"]["line_pt"]))
    pf.alignment = ALIGN[s.get("align", "justify")]
    pf.left_indent = Pt(s.get("left", 0) * s["size"])
    chars = s.get("indent", 0)
    pf.first_line_indent = Pt(chars * s["size"]) if chars else (Pt(-s["hanging"] * s["size"]) if "hanging" in s else 0)
    pf.page_break_before = s.get("page_break", False)
    if s.get("tab_right"):      # 目录：右对齐的页码，前面用点连接
        pf.tab_stops.add_tab_stop(Mm(text_width_mm()), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    if "outline" in s:
        pf.keep_with_next = True
        ppr = style.element.get_or_add_pPr()
        for old in ppr.findall(qn("w:outlineLvl")):
            ppr.remove(old)
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(s["outline"] - 1))
        ppr.append(level)


def _heading_numbering(doc, levels: list[dict]) -> None:
    """公文层次序数（一、（一）1.（1））：一个多级编号，第 n 级挂在“Heading n”样式上。

    编号由 Word 按标题级别生成（下级在上级之后重新从1起），Markdown 和文档正文里都不写。
    """
    numbering = doc.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{lv["format"]}"/>'
        f'<w:pStyle w:val="Heading{i + 1}"/><w:suff w:val="nothing"/><w:lvlText w:val="{lv["text"]}"/>'
        f'<w:lvlJc w:val="left"/></w:lvl>'
        for i, lv in enumerate(levels))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{HEADING_ABSTRACT}">'
                         f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
    numbering.insert(0, abstract)
    num_id = numbering.add_num(HEADING_ABSTRACT).numId
    for i in range(len(levels)):
        ppr = doc.styles[f"Heading {i + 1}"].element.get_or_add_pPr()
        ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{i}"/>'
                                f'<w:numId w:val="{num_id}"/></w:numPr>'))


def list_numbering(doc, ordered: bool, start: int = 1) -> int:
    """正文里的列表：有序列表每个一份新编号（从 start 起），无序列表用圆点；返回 numId。"""
    numbering = doc.part.numbering_part.element
    abstract_id = ORDERED_ABSTRACT if ordered else BULLET_ABSTRACT
    if not any(a.get(qn("w:abstractNumId")) == str(abstract_id) for a in numbering.findall(qn("w:abstractNum"))):
        size = gongwen()["styles"]["List Paragraph"]["size"]
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/>'
            + (f'<w:numFmt w:val="decimal"/><w:lvlText w:val="{"%" + str(i + 1)}."/>' if ordered
               else '<w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>')
            + f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{round((i + 3) * size * 20)}" '
              f'w:hanging="{round(size * 20)}"/></w:pPr></w:lvl>'
            for i in range(3))
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                             f'<w:multiLevelType w:val="hybridMultilevel"/>{lvls}</w:abstractNum>')
        numbering.insert(0, abstract)
    num = numbering.add_num(abstract_id)
    if ordered:
        override = num.add_lvlOverride(0)
        override.add_startOverride(start)
    return num.numId


def page_number_footers(section) -> None:
    """页码“— N —”：单页居右、双页居左，离版心边缘空一字（GB/T 9704-2012 7.5）。"""
    spec = gongwen()
    pn, size = spec["page_number"], spec["styles"]["Footer"]["size"]
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        p.style = "Footer"
        p.alignment = align
        edge = Pt(pn["edge_chars"] * size)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = edge
        else:
            p.paragraph_format.left_indent = edge
        p.add_run(pn["before"])
        add_field(p, "PAGE", "1")
        p.add_run(pn["after"])


def add_field(paragraph, instruction: str, placeholder: str = "") -> None:
    """一段之内的域（PAGE 等）：begin、指令、separate、缓存的结果、end。"""
    field_begin(paragraph, instruction)
    if placeholder:
        paragraph.add_run(placeholder)
    field_end(paragraph)


def field_begin(paragraph, instruction: str) -> None:
    """域的开头（begin、指令、separate）；缓存的结果可以跨好几段，最后由 field_end 结束。"""
    _field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _field_char(paragraph, "separate")


def field_end(paragraph) -> None:
    _field_char(paragraph, "end")


def _field_char(paragraph, kind: str) -> None:
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(el)


def heading_number(level: int, n: int) -> str:
    """第 level 级（1起）第 n 个标题的编号文字（一、（一）1.）：与 Word 的多级编号同一份定义，
    用于目录域里预先写好的结果（Word 打开时会重新生成）。"""
    lv = gongwen()["numbering"][level - 1]
    number = chinese_number(n) if lv["format"] == "chineseCounting" else str(n)
    return lv["text"].replace(f"%{level}", number)


def chinese_number(n: int) -> str:
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")
