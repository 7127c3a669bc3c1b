"""Word 版手册 downloads/handbook.docx：可以修改、再印发的公文格式版本。

内容和 PDF 版是同一份：pdf_book 按导航顺序读出构建好的页面（部分 → 章 → 正文 HTML），这里把正文 HTML
转成 Word 的段落、列表和表格，版式全部来自 templates/docx/gongwen.yml（docx_style.py）。

层级：部分 = 标题1（一、），章 = 标题2（（一）），页面里的二级、三级标题 = 标题3（1.）、标题4（（1））。
编号由 Word 的多级编号按标题级别生成；网页标题里写的序号（“一、手册是做什么的”）在这里去掉，免得重复。
网页上的交互部分（术语提示、筛选、计算器、下拉框）不进 Word：术语只留正文，计算器旁已有标准表。
外部链接在正文里标注序号，每章末尾列出链接地址。

make site：由 pdf/writer.write_books() 在排 PDF 的同时写出（各章只读一次，与 PDF 共用）。
同一提交（SOURCE_DATE_EPOCH）重复生成的文件逐字节相同。
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
from dataclasses import asdict, dataclass

from bs4 import BeautifulSoup, NavigableString, Tag
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .docx_style import (field_begin, field_end, gongwen, heading_number, list_numbering, new_document,
                         page_number_footers, text_width_mm)
from ..core import cache
from ..core.markers import DOWNLOADS, PLAIN_MARK
from ..core.zips import reproducible_zip
from ..render.checklist_view import DISCLAIMER
from .book import Part
from .typeset import Stamp

HANDBOOK_DOCX = DOWNLOADS["handbook-docx"][0]
# 网页上才有用的部分：隐藏的元素、下拉框和按钮、党费计算器、流程图里的序号（Word 列表自己编号）；
# 勾选框留下，印成“□”
SKIP = "[hidden], select, label:not(.task-list-control), button, .md-button, .hb-dues, .hb-flow__no, input:not([type=checkbox])"
# 网页标题里手写的层次序数：Word 按级别自动编号，去掉以免重复
TYPED_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]\s*)")
HEADING = {"h2": "Heading 3", "h3": "Heading 4", "h4": "Heading 5", "h5": "Heading 5", "h6": "Heading 5"}
BLOCKS = {"p", "ul", "ol", "table", "blockquote", "div", "section", "dl", "pre", "details", "figure", "hr",
          "h1", "h2", "h3", "h4", "h5", "h6", "nav", "aside", "article", "header", "footer"}
ADMONITION_STYLE = "Note"
CELL_MARGIN_MM = 4.5      # Word 表格单元格左右边距各 1.9mm，加边框


@dataclass
class Appendix:
    """附件（本单位版的自查清单、工作日历）：标题和正文 HTML。"""
    title: str
    html: str


@dataclass
class Cover:
    title: str
    issuer: str
    edition: str
    date: str
    note: str               # 封面说明（mkdocs.yml 的 extra.pdf.cover_note，与 PDF 封面同一句）
    unit: str = ""          # 本单位版：单位名称


class BookWriter:
    def __init__(self):
        self.doc = new_document()
        self.sources: list[str] = []        # 本章的外部链接
        # 样式名 → 样式 id：python-docx 每次按名字查样式都要遍历全部样式，整本书要查几千次
        self.style_ids = {s.name: s.style_id for s in self.doc.styles}
        self.headings = HEADING

    def add(self, style: str, text: str = "", target=None):
        p = (target or self.doc).add_paragraph(text)
        p._p.style = self.style_ids[style]
        return p

    # ---- 封面、目录、分节 ------------------------------------------------------------
    def cover(self, cover: Cover) -> None:
        self.add("Subtitle", cover.issuer)
        for _ in range(3):
            self.add("Subtitle", "")
        if cover.unit:
            self.add("Title", cover.unit)
        self.add("Title", cover.title)
        self.add("Subtitle", cover.edition)
        for _ in range(6):
            self.add("Subtitle", "")
        self.add("Subtitle", cover.date)
        self.add("Note", cover.note).alignment = WD_ALIGN_PARAGRAPH.CENTER

    def toc(self, entries: list[tuple[int, str]]) -> None:
        """目录单独一页：TOC 域（部分、章和附件）。域里预先写好这些标题（没有页码），
        Word 打开时按 settings 里的 updateFields 重新生成，带上页码。"""
        heading = self.add("TOC Heading", "目　录")
        heading.paragraph_format.page_break_before = True
        lines = [self.add(f"TOC {level}") for level, _ in entries] or [self.add("Normal")]
        field_begin(lines[0], 'TOC \\o "1-2" \\h \\z \\u')
        for p, (_, text) in zip(lines, entries):
            p.add_run(text)
        field_end(lines[-1])
        settings = self.doc.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)

    def body_section(self) -> None:
        """正文另起一节：从第1页起编页码（封面和目录不编）。"""
        self.doc.settings.odd_and_even_pages_header_footer = True
        sec = self.doc.add_section(WD_SECTION.NEW_PAGE)
        pg = OxmlElement("w:pgNumType")
        pg.set(qn("w:start"), "1")
        sec._sectPr.append(pg)
        page_number_footers(sec)

    # ---- 部分和章 -------------------------------------------------------------------
    def part(self, title: str) -> None:
        self.add("Heading 1", title)

    def chapter(self, title: str, html: str) -> None:
        self.add("Heading 2", _untyped(title))
        self.content(html)

    def appendix(self, number: int, app: Appendix) -> None:
        self.add("附件", f"附件{number}")
        self.add("Title", app.title)
        self.headings = dict.fromkeys(HEADING, "Heading 5")     # 附件里的标题不接着正文编号
        self.content(app.html)

    def content(self, html: str) -> None:
        """一章的正文（页面标题 h1 已经写成章标题），章末列出外部链接。"""
        self.sources = []
        soup = BeautifulSoup(html, "lxml")
        for el in soup.select(SKIP + ", h1"):
            el.decompose()
        self.blocks(soup.body or soup, "Normal")
        self.source_list()

    def source_list(self) -> None:
        if self.sources:
            self.add("Note", "本章链接").runs[0].bold = True
            for n, url in enumerate(self.sources, 1):
                self.add("Note", f"[{n}] {url}")

    # ---- 块级元素 -------------------------------------------------------------------
    def blocks(self, el: Tag, style: str, depth: int = 0, container=None) -> None:
        """el 的子节点：连续的行内内容合成一段，块级元素逐个转换。"""
        target = container or self.doc
        inline: list = []

        def flush():
            if any(_text(n).strip() for n in inline):
                self.paragraph(inline, style, target)
            inline.clear()

        for child in el.children:
            if isinstance(child, Tag) and child.name in BLOCKS:
                flush()
                self.block(child, style, depth, target)
            else:
                inline.append(child)
        flush()

    def block(self, el: Tag, style: str, depth: int, target) -> None:
        name, classes = el.name, el.get("class", [])
        if name in self.headings and target is self.doc:
            p = self.add(self.headings[name])
            self.inline(el, p)
            _strip_typed_number(p)
        elif name in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "figure"):
            if "hb-quote__source" in classes:
                p = self.paragraph(el.contents, style, target)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                return
            if "admonition-title" in classes:
                p = self.paragraph(el.contents, ADMONITION_STYLE, target)
                for run in p.runs:
                    run.bold = True
                return
            self.paragraph(el.contents, style, target)
        elif name in ("ul", "ol"):
            self.list(el, depth, target)
        elif name == "table":
            self.table(el, target)
        elif name == "blockquote":
            self.blocks(el, "Quote", depth, target)
        elif name == "dl":
            self.definitions(el, target)
        elif name == "div" and "admonition" in classes or name == "details":
            self.blocks(el, ADMONITION_STYLE, depth, target)
        elif name == "pre":
            for line in el.get_text().rstrip("\n").split("\n"):
                p = self.add("Table Text", target=target)
                p.add_run(line).font.name = "Courier New"
        elif name == "hr":
            return
        else:
            self.blocks(el, style, depth, target)

    def paragraph(self, nodes, style: str, target):
        p = self.add(style, target=target)
        for node in nodes:
            self.inline(node, p)
        _trim(p)
        return p

    def list(self, el: Tag, depth: int, target) -> None:
        ordered = el.name == "ol"
        task = "task-list" in el.get("class", [])
        num_id = None if task else list_numbering(self.doc, ordered, int(el.get("start", 1)))
        for li in el.find_all("li", recursive=False):
            nested = [c for c in li.children if isinstance(c, Tag) and c.name in BLOCKS]
            first = [c for c in li.children if not (isinstance(c, Tag) and c.name in BLOCKS)]
            # 松散列表（<li><p>…</p></li>）：第一段就是条目本身
            if not any(_text(n).strip() for n in first) and nested and nested[0].name == "p":
                first, nested = nested[0].contents, nested[1:]
            p = self.add("List Paragraph", target=target)
            if task:        # 勾选框由 inline 印成“□”
                p.paragraph_format.left_indent = Pt((depth + 2) * 16)
            else:
                _number(p, num_id, depth)
            for node in first:
                self.inline(node, p)
            _trim(p)
            for child in nested:
                if child.name in ("ul", "ol"):
                    self.list(child, depth + 1, target)
                else:
                    self.block(child, "List Paragraph", depth + 1, target)

    def definitions(self, dl: Tag, target) -> None:
        """条目的“依据”“联动”“适用”：每项一段，用“依据”样式与正文区分。"""
        term = ""
        for child in dl.find_all(["dt", "dd"], recursive=False):
            if child.name == "dt":
                term = child.get_text(" ", strip=True)
                continue
            p = self.add("依据", target=target)
            if term:
                p.add_run(f"{term}：").bold = True
            for node in child.contents:
                self.inline(node, p)
            _trim(p)

    def table(self, el: Tag, target) -> None:
        rows = el.find_all("tr")
        if not rows:
            return
        cols = max(sum(int(c.get("colspan", 1)) for c in tr.find_all(["th", "td"], recursive=False)) for tr in rows)
        widths = _column_widths(el, cols)
        table = target.add_table(rows=0, cols=cols)
        table._tbl.tblStyle_val = self.style_ids["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for tr in rows:
            head = tr.parent.name == "thead" or all(c.name == "th" for c in tr.find_all(["th", "td"], recursive=False))
            row = table.add_row()
            trpr = row._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:cantSplit"))
            if head:
                repeat = OxmlElement("w:tblHeader")       # 跨页时每页重复表头
                repeat.set(qn("w:val"), "true")
                trpr.append(repeat)
            col = 0
            for cell_el in tr.find_all(["th", "td"], recursive=False):
                span = int(cell_el.get("colspan", 1))
                cell = row.cells[col]
                if span > 1:
                    cell = cell.merge(row.cells[col + span - 1])
                cell.width = sum(widths[col:col + span], Mm(0))
                style = "Table Head" if head else "Table Text"
                cell.paragraphs[0]._p.style = self.style_ids[style]
                self.cell(cell_el, cell, style)
                col += span
        for i, column in enumerate(table.columns):
            column.width = widths[i]

    def cell(self, el: Tag, cell, style: str) -> None:
        first = cell.paragraphs[0]
        has_blocks = any(isinstance(c, Tag) and c.name in BLOCKS for c in el.children)
        if not has_blocks:
            for node in el.contents:
                self.inline(node, first)
            _trim(first)
            return
        self.blocks(el, style, 0, cell)
        if not first.text and len(cell.paragraphs) > 1:
            first._p.getparent().remove(first._p)

    # ---- 行内元素 -------------------------------------------------------------------
    def inline(self, node, p, bold=False, italic=False, sup=False) -> None:
        if isinstance(node, NavigableString):
            if type(node) is not NavigableString:      # 注释等
                return
            text = re.sub(r"\s+", " ", str(node))
            if text:
                run = p.add_run(text)
                run.bold, run.italic = bold or None, italic or None
                if sup:
                    run.font.superscript = True
            return
        name = node.name
        if name == "br":
            p.add_run().add_break(WD_BREAK.LINE)
            return
        if name == "input":
            p.add_run("☑ " if node.has_attr("checked") else "□ ")
            return
        if name == "img":
            if node.get("alt"):
                p.add_run(f"［图：{node['alt']}］")
            return
        if name in BLOCKS:          # 行内位置的块（表格格子里的列表等）：只留文字
            p.add_run(node.get_text(" ", strip=True))
            return
        classes = node.get("class") or []
        if "hb-mark--open" in classes:     # 核实标记“待”：Word 里没有悬停，写成纯文字输出共用的标记
            p.add_run(PLAIN_MARK)
            return
        bold = bold or name in ("strong", "b", "th")
        italic = italic or name in ("em", "i")
        sup = sup or name == "sup" or "hb-mark" in classes
        for child in node.children:
            self.inline(child, p, bold, italic, sup)
        if name == "a" and re.match(r"https?://", node.get("href", "")):
            self.sources.append(node["href"])
            mark = p.add_run(f"[{len(self.sources)}]")
            mark.font.superscript = True

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return reproducible_zip(buf.getvalue())


# ---- 辅助 ------------------------------------------------------------------------------
def _text(node) -> str:
    return str(node) if isinstance(node, NavigableString) else node.get_text()


def _untyped(title: str) -> str:
    """去掉手写的序号；序号本身就是标题（引文的出处“三、（一）”）时原样保留。"""
    rest = TYPED_NUMBER.sub("", title, count=1)
    return title if not rest.strip() or TYPED_NUMBER.match(rest) else rest


def _strip_typed_number(p) -> None:
    _trim(p)
    if p.runs:
        p.runs[0].text = _untyped(p.runs[0].text)


def _trim(p) -> None:
    """段首段尾的空白（HTML 缩进和换行留下的）。"""
    runs = [r for r in p.runs if r.text]
    if runs:
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()


def _number(p, num_id: int, depth: int) -> None:
    ppr = p._p.get_or_add_pPr()
    num = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(min(depth, 2)))
    num_el = OxmlElement("w:numId")
    num_el.set(qn("w:val"), str(num_id))
    num.extend([ilvl, num_el])
    ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, num)


def _column_widths(table: Tag, cols: int) -> list:
    """列宽：沿用 pdf_book 按字数估算的比例（<colgroup>），没有就平均分；Word 表格的字比 PDF 大，
    不超过4个字的表头（“层级”“序号”）再保证一行排得下。"""
    percents = [float(m.group(1)) for col in table.select("colgroup col")
                if (m := re.search(r"width:\s*([\d.]+)%", col.get("style", "")))]
    if len(percents) != cols:
        percents = [100 / cols] * cols
    total = text_width_mm()
    widths = [total * pc / sum(percents) for pc in percents]
    head = table.find("tr")
    size_mm = gongwen()["styles"]["Table Head"]["size"] * 25.4 / 72
    cells = head.find_all(["th", "td"], recursive=False) if head else []
    need = [0.0] * cols
    if len(cells) == cols:
        need = [len(t) * size_mm + CELL_MARGIN_MM if len(t := c.get_text(strip=True)) <= 4 else 0 for c in cells]
    short = sum(max(n - w, 0) for n, w in zip(need, widths))
    if short:
        spare = sum(w for n, w in zip(need, widths) if n <= w) or 1
        widths = [n if n > w else w - short * w / spare for n, w in zip(need, widths)]
    return [Mm(w) for w in widths]


# ---- 整本手册 --------------------------------------------------------------------------
def book_docx(parts: list[Part], cover: Cover, appendices: list[Appendix] = ()) -> bytes:
    """整本手册的 Word 版。各章、封面、附件、代码和 SOURCE_DATE_EPOCH 都与上次相同时，
    直接用 .cache/office/ 里上次的文件（逐字节相同；缓存见 core/cache.py）。"""
    inputs = json.dumps([[asdict(part) for part in parts], asdict(cover), [asdict(a) for a in appendices],
                         os.environ.get("SOURCE_DATE_EPOCH"), cache.code_digest()], ensure_ascii=False)
    key = "handbook-" + hashlib.sha256(inputs.encode()).hexdigest() + ".docx"
    data = cache.load("office", key)
    if data is None:
        data = _book_docx(parts, cover, appendices)
        cache.store("office", key, data)
    return data


def _book_docx(parts: list[Part], cover: Cover, appendices: list[Appendix]) -> bytes:
    writer = BookWriter()
    props = writer.doc.core_properties
    props.title = f"{cover.unit}{cover.title}" if cover.unit else cover.title
    props.author = cover.issuer
    props.revision = 1
    props.comments = cover.edition
    writer.cover(cover)
    toc = []
    for i, part in enumerate(parts, 1):
        toc.append((1, heading_number(1, i) + part.title))
        toc += [(2, heading_number(2, j) + _untyped(ch.title)) for j, ch in enumerate(part.chapters, 1)]
    toc += [(1, f"附件{n}") for n in range(1, len(appendices) + 1)]
    writer.toc(toc)
    writer.body_section()
    for part in parts:
        writer.part(part.title)
        for ch in part.chapters:
            writer.chapter(ch.title, ch.html)
    for n, app in enumerate(appendices, 1):
        writer.appendix(n, app)
    return writer.save()


def handbook_cover(extra: dict, when: Stamp, unit: str = "") -> Cover:
    return Cover(title=extra["pdf"]["title"], issuer=str(extra.get("issuer") or ""),
                 edition=str(extra.get("edition", "")), date=when.date, unit=unit,
                 note=f"{extra['pdf']['cover_note']}责任清单为{DISCLAIMER}。")
