"""Word 版手册 downloads/handbook.docx：读者在 Word 里看到的版式和内容。

用 python-docx 读构建好的文件：页面、样式（按东亚字体名和字号）、标题的大纲级别和公文编号、目录域、
页脚页码域、清单条目、表格的重复表头；同一提交重复生成逐字节相同。装了 LibreOffice 时再转成 PDF 看一遍。
"""
from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from handbook.core.config import mkdocs_yml
from handbook.pdf.docx_book import HANDBOOK_DOCX, TYPED_NUMBER
from handbook.core.parse import load_model
from handbook.pdf.book import load_chapters, nav_parts

ROOT = Path(__file__).resolve().parents[1]
SOFFICE = "/usr/bin/soffice"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def path(site) -> Path:
    p = site / HANDBOOK_DOCX
    assert p.is_file(), f"没有生成 {HANDBOOK_DOCX}"
    return p


@pytest.fixture(scope="module")
def book(path):
    return Document(path)


@pytest.fixture(scope="module")
def parts(site):
    extra = mkdocs_yml()["extra"]
    out = nav_parts(mkdocs_yml()["nav"], set(extra["pdf"]["skip"]), ROOT / "docs")
    load_chapters(site, out)
    return out


@cache
def model():
    return load_model()


def east_asian(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def outline_level(style) -> int | None:
    el = style.element.pPr.find(qn("w:outlineLvl")) if style.element.pPr is not None else None
    return None if el is None else int(el.get(qn("w:val"))) + 1


_styled: dict[int, tuple[tuple[str, str], ...]] = {}


def styled(book) -> tuple[tuple[str, str], ...]:
    """(样式名, 文字)，按文档顺序。python-docx 每次取样式都要查样式表，整本手册逐段查一遍要好几秒，
    所以每个文档只查一次（Document 不能作字典的键，用 id；模块里的 book 夹具一直在）。"""
    if id(book) not in _styled:
        _styled[id(book)] = tuple((p.style.name, p.text) for p in book.paragraphs)
    return _styled[id(book)]


def paragraphs(book, style: str) -> list[str]:
    return [text for name, text in styled(book) if name == style]


def test_a4_with_official_document_margins(book):
    for sec in book.sections:
        assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
        margins = [round(m.mm) for m in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)]
        assert margins == [37, 35, 28, 26]


def test_styles_by_east_asian_font_and_size(book):
    # 只用中文版 Windows 自带的字体（tests/test_office_fonts.py 查全部文件）；小标宋体用加粗的宋体代替
    expected = {"Normal": ("仿宋", 16, False), "Title": ("宋体", 22, True),
                "Heading 1": ("黑体", 16, False), "Heading 2": ("楷体", 16, False),
                "Heading 3": ("仿宋", 16, True), "Footer": ("宋体", 14, False)}
    for name, (font, size, bold) in expected.items():
        style = book.styles[name]
        assert (east_asian(style), style.font.size, bool(style.font.bold)) == (font, Pt(size), bold), name
    # 22行：固定行距 = 版心高 ÷ 22
    normal = book.styles["Normal"].paragraph_format
    assert abs(normal.line_spacing.pt * 22 - Mm(297 - 37 - 35).pt) < 1


def test_heading_styles_have_outline_levels_and_official_numbering(book):
    assert [outline_level(book.styles[f"Heading {n}"]) for n in (1, 2, 3)] == [1, 2, 3]
    numbering = book.part.numbering_part.element
    # 标题样式挂在一个多级编号上：一、（一）1.（1）
    num_id = book.styles["Heading 1"].element.pPr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))
    abstract_id = next(n.find(qn("w:abstractNumId")).get(qn("w:val")) for n in numbering.findall(qn("w:num"))
                       if n.get(qn("w:numId")) == num_id)
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    levels = {lvl.find(qn("w:pStyle")).get(qn("w:val")): (lvl.find(qn("w:numFmt")).get(qn("w:val")),
                                                          lvl.find(qn("w:lvlText")).get(qn("w:val")))
              for lvl in abstract.findall(qn("w:lvl"))}
    assert levels == {"Heading1": ("chineseCounting", "%1、"), "Heading2": ("chineseCounting", "（%2）"),
                      "Heading3": ("decimal", "%3."), "Heading4": ("decimal", "（%4）")}
    # 编号只由样式生成：网页标题里手写的序号（“## 一、手册是做什么的”）去掉了；
    # 序号本身就是标题的（引文出处“三、（一）”）不动
    assert "## 一、手册是做什么的" in (ROOT / "docs/handbook/index.md").read_text(encoding="utf-8")
    headings = [t for n in (1, 2, 3, 4) for t in paragraphs(book, f"Heading {n}")]
    assert "手册是做什么的" in headings
    typed = [t for t in headings if (m := TYPED_NUMBER.match(t)) and not TYPED_NUMBER.match(t[m.end():] or "一、")]
    assert typed == []


def test_parts_and_chapters_follow_the_nav(book, parts):
    assert paragraphs(book, "Heading 1") == [p.title for p in parts]
    assert paragraphs(book, "Heading 2") == [TYPED_NUMBER.sub("", ch.title) for p in parts for ch in p.chapters]


def test_toc_field_on_its_own_page_before_the_body(book):
    body = book.element.body
    instr = [el.text for el in body.iter(f"{W}instrText")]
    assert any(re.match(r"\s*TOC \\o \"1-2\"", t) for t in instr), instr[:5]
    heading = next(p for p in book.paragraphs if p.style.name == "TOC Heading")
    assert heading.text == "目　录" and heading.paragraph_format.page_break_before
    toc = paragraphs(book, "TOC 1")
    assert toc[0].startswith("一、") and len(toc) == len(paragraphs(book, "Heading 1"))
    # 目录在第一节（封面、目录，不编页码），正文另起一节
    styles = [name for name, _ in styled(book)]
    breaks = [i for i, p in enumerate(book.paragraphs) if p._p.pPr is not None and p._p.pPr.find(qn("w:sectPr")) is not None]
    assert breaks and styles.index("TOC Heading") < breaks[0] < styles.index("Heading 1")
    assert book.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_page_numbers_in_the_footer_odd_right_even_left(book):
    cover, body = book.sections[0], book.sections[-1]
    assert not any("PAGE" in el.text for el in cover.footer._element.iter(f"{W}instrText"))
    assert book.settings.odd_and_even_pages_header_footer
    for footer, align in ((body.footer, WD_ALIGN_PARAGRAPH.RIGHT), (body.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        assert not footer.is_linked_to_previous
        p = footer.paragraphs[0]
        assert p.alignment == align and p.style.name == "Footer"
        assert [el.text.strip() for el in p._p.iter(f"{W}instrText")] == ["PAGE"]
        assert p.text.startswith("— ") and p.text.endswith(" —")
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_every_list_item_is_a_heading_with_its_id(book):
    headings = set(paragraphs(book, "Heading 3"))
    missing = [f"{it.id} {it.title}" for lst in model().lists.values() for it in lst.items
               if f"{it.id} {it.title}" not in headings]
    assert missing == []
    # 依据、联动等用“依据”样式，与正文区分
    basis = [t for t in paragraphs(book, "依据") if t.startswith("依据：")]
    assert len(basis) >= sum(len(lst.items) for lst in model().lists.values() if lst.id in ("GW", "DZ", "JG", "ZB"))


def test_tables_are_word_tables_with_repeated_header_rows(book, parts):
    html_tables = sum(ch.html.count("<table") for p in parts for ch in p.chapters)
    assert len(book.tables) == html_tables > 0
    for table in book.tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        assert table.rows[0].cells[0].paragraphs[0].style.name == "Table Head"


def test_quotes_and_links_are_distinguishable_and_nothing_interactive_is_left(book):
    assert len(paragraphs(book, "Quote")) > 100
    profiles = [p.name for p in model().profiles]
    # 工作日历的档案下拉框不进 Word；术语提示只留正文
    assert not any(sum(name in text for name in profiles) > 3 for _, text in styled(book))
    # 外部链接：正文里标序号，章末列出地址
    assert any(re.match(r"\[1\] https?://", t) for t in paragraphs(book, "Note"))


@pytest.mark.skipif(not Path(SOFFICE).exists(), reason=f"没有 {SOFFICE}（LibreOffice 不在 make setup 里，装了 libreoffice-writer 才检查排版结果）")
def test_libreoffice_renders_cover_toc_and_numbered_pages(path, tmp_path):
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=600)
    pdf = tmp_path / "handbook.pdf"

    def page(n: int) -> str:
        return subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              check=True, capture_output=True, text=True).stdout
    title = mkdocs_yml()["extra"]["pdf"]["title"]
    assert title in page(1) and "—" not in page(1)
    assert "目" in page(2) and "一、指导手册" in page(2) and "（二）责任体系总览" in page(2)
    # 正文第1页：页码“— 1 —”，从第一部分开始；封面和目录没有页码
    first = next(n for n in range(2, 8) if re.search(r"—\s*1\s*—", page(n)))
    assert page(first).lstrip().startswith("一、指导手册")
    assert not any("—" in page(n) for n in range(1, first))


def test_download_button_on_home_and_handbook_index(site, path):
    for page in ("index.html", "handbook/index.html"):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
        targets = [(site / page).parent / a["href"] for a in soup.select(".hb-download a[href]")]
        assert path.resolve() in [t.resolve() for t in targets], f"{page} 没有 Word 版的下载按钮"


def test_word_cache_reuses_only_an_exact_match(tmp_path, monkeypatch):
    """Word 版手册的缓存：同样的各章取回逐字节相同的文件；正文改一个字就重新生成，新文件里有这个字。"""
    import io
    from handbook.pdf import docx_book
    from handbook.pdf.book import Chapter, Part
    monkeypatch.setenv("HANDBOOK_CACHE", str(tmp_path / "cache"))
    cover = docx_book.Cover(title="测试手册", issuer="", edition="测试版", date="2026年1月1日", note="说明。")
    parts = [Part(id="p1", title="第一部分", chapters=[Chapter(src="a.md", id="a", title="第一章", html="<p>第一版</p>")])]
    fresh = docx_book.book_docx(parts, cover)
    assert len(list((tmp_path / "cache" / "office").iterdir())) == 1
    with monkeypatch.context() as m:
        m.setattr(docx_book, "_book_docx", lambda *args: pytest.fail("输入没变，却重新生成了 Word 版"))
        assert docx_book.book_docx(parts, cover) == fresh
    parts[0].chapters[0].html = "<p>第二版</p>"
    text = "\n".join(p.text for p in Document(io.BytesIO(docx_book.book_docx(parts, cover))).paragraphs)
    assert "第二版" in text and "第一版" not in text
    assert len(list((tmp_path / "cache" / "office").iterdir())) == 2
