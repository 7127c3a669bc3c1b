"""PDF 版：整本手册 pdf/handbook.pdf 和各档案的一页自查表 pdf/checklists/<档案>.pdf。

读者看到的东西都从 PDF 本身读出来检查：字体（pdffonts）、书签和页码标签（pypdf）、文字（pdftotext）。
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import time
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from handbook.render.checklist_form import FITS, Fit, checklist_form, cn_number
from handbook.core.config import mkdocs_yml
from handbook.core.errors import ContentErrors
from handbook.core.parse import load_model
from handbook.pdf.typeset import squeeze_punctuation

ROOT = Path(__file__).resolve().parents[1]
HANDBOOK = "pdf/handbook.pdf"
# 行首不能出现的标点（避头）和行尾不能出现的标点（避尾）
CLOSING = "，。、；：？！）》”’】」』〉"
OPENING = "（《“‘【「『〈"


def config() -> dict:
    return mkdocs_yml()


@cache
def model():
    return load_model()


@pytest.fixture(scope="module")
def handbook(site) -> PdfReader:
    path = site / HANDBOOK
    assert path.is_file(), f"没有生成 {HANDBOOK}"
    return PdfReader(path)


def checklist_pdfs(site: Path) -> dict[str, Path]:
    return {p.id: site / f"pdf/checklists/{p.id}.pdf" for p in model().profiles}


@cache
def text(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """书签（层级、标题、目标页序号），按文档顺序。"""
    out = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item)))
    walk(reader.outline, 1)
    return out


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _h1(page: Path) -> str:
    h1 = _soup(page).select_one("article h1")
    for a in h1.select(".headerlink"):
        a.decompose()
    return h1.get_text(" ", strip=True)


@cache
def expected_nav(site: Path) -> list[tuple[str, list[str]]]:
    """读者在站点导航里看到的板块和页面 → [(板块, [各页标题])]，去掉 PDF 不收的：extra.pdf.skip 写的板块和页面，
    以及 docs/ 里没有源文件的生成页（个性化清单、表单模板另有单独的 PDF 和 Word）。
    板块取首页的主导航，页面取各板块首页导航里这一板块的链接，标题取页面的 h1。"""
    skip = set(config()["extra"]["pdf"]["skip"])
    docs = ROOT / "docs"
    result = []
    for item in _soup(site / "index.html").select("nav.md-nav--primary > ul > li"):
        name = item.select_one(":scope > a, :scope > label").get_text(" ", strip=True)
        link = item.select_one(":scope > a[href]")
        if name in skip or link is None:
            continue
        section = site / link["href"]
        chapters, seen = [], set()
        active = _soup(section / "index.html").select_one("nav.md-nav--primary > ul > li.md-nav__item--active")
        for a in active.select("nav a.md-nav__link[href]"):
            page = (section / a["href"]).resolve()
            if "#" in a["href"] or page in seen:
                continue
            seen.add(page)
            url = page.relative_to(site.resolve()).as_posix()
            src = next((s for s in (f"{url}/index.md", f"{url}.md") if (docs / s).is_file()), None)
            if src is not None and src not in skip:
                chapters.append(_h1(page / "index.html"))
        if chapters:
            result.append((name, chapters))
    return result


# ---- 字体 ---------------------------------------------------------------------------
def fonts(pdf: Path) -> list[list[str]]:
    lines = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()
    return [re.split(r"\s{2,}", line.strip()) for line in lines[2:]]


def test_every_font_is_embedded_subset_simplified_chinese_and_not_type3(site):
    for pdf in [site / HANDBOOK, *checklist_pdfs(site).values()]:
        rows = fonts(pdf)
        assert rows, f"{pdf.name} 里没有字体"
        for row in rows:
            name, kind = row[0], row[1]
            line = " ".join(row)
            assert "Type 3" not in kind, f"{pdf.name}: {line}"
            assert re.search(r"\byes yes yes\b", line), f"{pdf.name}: 字体没有嵌入、子集化或缺 ToUnicode：{line}"
            # Noto CJK 的简体中文字体，或挤压标点用的、由它派生的半宽标点字体（pdf/fonts.py）
            assert re.match(r"[A-Z]{6}\+(Noto-(Serif|Sans)-CJK-SC|Half-Punct-SC)", name), f"{pdf.name}: 不是 SC 字体：{name}"


# ---- 书签、目录、页码 -------------------------------------------------------------------
def test_outline_is_nested_and_matches_the_nav(site, handbook):
    marks = outline(handbook)
    parts = [(title, [t for lvl, t, _ in marks[i + 1:next((j for j in range(i + 1, len(marks)) if marks[j][0] == 1),
                                                            len(marks))] if lvl == 2])
             for i, (level, title, _) in enumerate(marks) if level == 1]
    assert parts == expected_nav(site)
    assert any(level == 3 for level, _, _ in marks), "章里的二级标题没有进书签"


def test_page_labels_roman_front_matter_then_arabic_from_the_first_part(handbook):
    labels = handbook.page_labels
    first_part = outline(handbook)[0][2]
    assert first_part >= 2, "封面和目录之后才是正文"
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][:first_part]
    assert labels[:first_part] == roman
    assert labels[first_part:first_part + 3] == ["1", "2", "3"]
    assert labels[-1] == str(len(labels) - first_part)


def test_toc_page_numbers_match_the_outline(site, handbook):
    first_part = outline(handbook)[0][2]
    toc = text(site / HANDBOOK, "-layout", "-f", "2", "-l", str(first_part))
    entries = [(m.group(1).strip(), m.group(2)) for m in re.finditer(r"^\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$", toc, re.M)]
    labels = handbook.page_labels
    expected = [(title, labels[page]) for level, title, page in outline(handbook) if level <= 2]
    assert [re.sub(r"\s+", "", t) for t, _ in entries] == [re.sub(r"\s+", "", t) for t, _ in expected]
    assert [n for _, n in entries] == [n for _, n in expected], "目录页码与书签指向的页不一致"


def test_running_header_and_official_page_numbers(site, handbook):
    first_part = outline(handbook)[0][2]
    page = text(site / HANDBOOK, "-layout", "-f", str(first_part + 7), "-l", str(first_part + 7))  # 第7页（从1数）
    assert config()["extra"]["pdf"]["title"] in page.splitlines()[0]
    assert re.search(r"—\s*7\s*—", page), "页脚应是公文式页码 — 7 —"


# ---- 文字 ---------------------------------------------------------------------------
def test_text_is_extractable_and_has_every_chapter_title_and_the_cover(site):
    body = re.sub(r"\s+", "", text(site / HANDBOOK))
    extra = config()["extra"]
    for part, chapters in expected_nav(site):
        for title in [part, *chapters]:
            assert re.sub(r"\s+", "", title) in body, f"PDF 里找不到“{title}”"
    for thing in filter(None, (extra["pdf"]["title"], extra["edition"], extra["issuer"])):   # 发布单位只在部署时配置
        assert thing in body


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(site):
    for pdf in [site / HANDBOOK, *checklist_pdfs(site).values()]:
        lines = [line.strip() for line in text(pdf).splitlines() if line.strip()]
        assert len(lines) > 20
        bad = [line for line in lines if line[0] in CLOSING or line[-1] in OPENING]
        assert not bad, f"{pdf.name} 有违反避头尾规则的行：{bad[:5]}"


def test_metadata_language_title_a4_and_build_date(handbook):
    assert handbook.trailer["/Root"]["/Lang"] == "zh-CN"
    assert handbook.metadata.title.startswith(config()["extra"]["pdf"]["title"])
    box = handbook.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    # 日期来自 SOURCE_DATE_EPOCH（make 取最后一次提交的时间），不是构建时刻：同一提交重复构建逐字节相同
    # （conftest 与 Makefile 一样总是设置 SOURCE_DATE_EPOCH，site/ 的输入哈希也包含它）
    assert handbook.metadata["/CreationDate"] == handbook.metadata["/ModDate"]
    stamp = time.strftime("D:%Y%m%d%H%M%S", time.gmtime(int(os.environ["SOURCE_DATE_EPOCH"])))
    assert handbook.metadata["/CreationDate"].startswith(stamp)


# ---- 链接 ---------------------------------------------------------------------------
def test_internal_links_point_to_named_destinations_and_site_links_to_existing_files(site, handbook):
    names = set(handbook.named_destinations)
    internal, outside = 0, set()
    for page in handbook.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if "/Dest" in annot:
                internal += 1
                assert str(annot["/Dest"]) in names, f"指向不存在的位置：{annot['/Dest']}"
            elif "/A" in annot and annot["/A"].get("/S") == "/URI":
                uri = str(annot["/A"]["/URI"])
                if not urlsplit(uri).scheme:
                    outside.add(uri)
    assert internal > 500, f"站内交叉引用应在 PDF 里可点击，只有 {internal} 个"
    for uri in outside:   # 没收进手册的页面和下载文件：链接到网站上的同一地址（相对 pdf/）
        target = site / "pdf" / unquote(urlsplit(uri).path)
        assert target.is_file() or (target / "index.html").is_file(), f"PDF 里的链接 {uri} 在站点里找不到"


def download_links(site: Path, page: str) -> list[Path]:
    html = (site / page).read_text(encoding="utf-8")
    base = "http://site/" + page
    return [site / unquote(urlsplit(urljoin(base, a["href"])).path).lstrip("/")
            for a in BeautifulSoup(html, "lxml").select("article a[href$='.pdf']")]


def test_download_links_on_home_handbook_index_and_every_checklist_page(site):
    for page in ["index.html", "handbook/index.html"]:
        links = download_links(site, page)
        assert site / HANDBOOK in links, f"{page} 没有整本手册 PDF 的下载链接"
    for profile_id, pdf in checklist_pdfs(site).items():
        links = download_links(site, f"checklists/{profile_id}/index.html")
        assert pdf in links, f"{profile_id} 的页面没有 PDF 自查表的下载链接"
        assert all(link.is_file() for link in links)


# ---- 自查表 -------------------------------------------------------------------------
def test_each_checklist_pdf_is_one_a4_page_with_all_its_items_blanks_and_signatures(site):
    for profile in model().profiles:
        pdf = checklist_pdfs(site)[profile.id]
        reader = PdfReader(pdf)
        assert len(reader.pages) == 1, f"{profile.id} 的自查表不是一页"
        box = reader.pages[0].mediabox
        assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
        body = re.sub(r"\s+", "", text(pdf))
        ids = [it.id for g in model().checklist(profile.selection) for it in g.items]
        assert [i for i in ids if i not in body] == [], profile.id
        for label in ("序号", "事项", "依据", "完成", "备注", "单位（党组织）", "填写日期", "填表人（签字）", profile.name):
            assert label in body, f"{profile.id} 的自查表缺“{label}”"


def test_form_too_long_for_one_page_is_reported_with_path_and_line(monkeypatch):
    from handbook.pdf import checklists as pdf_forms
    m = model()
    one = m.model_copy(update={"profiles": m.profiles[:1]})
    monkeypatch.setattr(pdf_forms, "FITS", [Fit(30, 24)])
    with pytest.raises(ContentErrors) as exc:
        pdf_forms.checklist_pdfs(one, {"edition": "测试", "issuer": "测试"})
    msg = str(exc.value)
    assert msg.startswith(f"docs/_data/units.yml:{one.profiles[0].line}: 档案 {one.profiles[0].id} 的自查表")
    assert "排不进一页" in msg


def test_compact_basis_merges_articles_of_the_same_source():
    m = model()
    form = checklist_form(m, m.profiles[0])
    rows = {r.id: r for g in form.groups for r in g.rows}
    # 依据里用到的来源都在表下的来源列表里，圈码依次编号
    marks = [mark for mark, _ in form.sources]
    assert marks == list("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[:len(marks)])
    assert all(mark in "".join(r.basis for r in rows.values()) for mark in marks)
    assert not any(re.search(r"条、第\d+条", r.basis) for r in rows.values()), "同一来源的相邻条款应合并"
    assert cn_number("三十五") == 35 and cn_number("十") == 10 and cn_number("一百零二") == 102
    # 版面各档从松到紧：行高、字号都不增大
    assert all(b.row_mm <= a.row_mm and b.font_pt <= a.font_pt for a, b in zip(FITS, FITS[1:]))


def test_adjacent_punctuation_is_squeezed_across_tags():
    soup = BeautifulSoup("<p>《条例》（试行）。见“<a>三会一课</a>”，以及（《党章》）</p>", "lxml")
    squeeze_punctuation(soup)
    html = str(soup)
    halts = re.findall(r'<span class="halt">(.)</span>', html)
    # 》（ 的》、）。的）、跨标签的 ”，的”、开括号连用 （《 的《、》）的》
    assert halts == ["》", "）", "”", "《", "》"], halts


# ---- 浏览器打印（print.css） -----------------------------------------------------------
@pytest.mark.browser
def test_browser_print_is_a_clean_a4_page_with_link_targets(browser, base_url, tmp_path):
    page = browser.new_page()
    page.goto(f"{base_url}/procedures/three-meetings/", wait_until="networkidle")
    page.emulate_media(media="print")
    shown = page.evaluate("""sels => sels.filter(s => [...document.querySelectorAll(s)]
        .some(e => getComputedStyle(e).display !== 'none' && e.getClientRects().length))""",
                          [".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".md-footer", ".md-top",
                           ".md-content__button"])
    assert shown == [], f"打印时还显示：{shown}"
    # 跨页链接后面注明完整网址，页内锚点不注
    links = page.evaluate("""() => [...document.querySelectorAll('.md-content article a[href]')]
        .filter(a => a.getClientRects().length && !a.closest('table') && !a.matches('.headerlink, .hb-mark'))
        .map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])""")
    cross = [(href, after) for href, after in links if not href.startswith("#")]
    assert cross and all(base_url in after for _, after in cross), cross[:3]
    assert all(after in ("none", "normal", "") for href, after in links if href.startswith("#"))
    out = tmp_path / "print.pdf"
    page.pdf(path=str(out), prefer_css_page_size=True)
    page.close()
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    first = text(out, "-f", "1", "-l", "1").split()
    assert first[0] == "三会一课", f"第一页应从正文标题开始：{first[:5]}"


def test_pdf_cache_reuses_only_an_exact_match(tmp_path, monkeypatch):
    """PDF 缓存：同样的 HTML 取回逐字节相同的 PDF；HTML 改一个字就重新排版；关掉缓存时不写文件。"""
    from handbook.pdf.typeset import typeset
    monkeypatch.setenv("HANDBOOK_CACHE", str(tmp_path / "cache"))
    html = "<html><head><style>@page { size: A6 }</style></head><body><p>第一版</p></body></html>"
    pages, fresh = typeset(html, "test")
    assert pages == 1 and len(list((tmp_path / "cache" / "pdf").glob("*.pdf"))) == 1
    assert typeset(html, "test") == (1, fresh)
    changed = typeset(html.replace("第一版", "第二版"), "test")[1]
    assert "第二版" in PdfReader(io.BytesIO(changed)).pages[0].extract_text()
    assert len(list((tmp_path / "cache" / "pdf").glob("*.pdf"))) == 2
    monkeypatch.setenv("HANDBOOK_CACHE", "off")
    assert typeset(html.replace("第一版", "第三版"), "test")[0] == 1
    assert len(list((tmp_path / "cache" / "pdf").glob("*.pdf"))) == 2
