"""表单与台账：每个 Word/Excel 都能打开、有数据里声明的栏目；程序页面链接到表单，表单页写明对应程序和依据。"""
from __future__ import annotations

import re
import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from handbook.core.content import load_content
from handbook.core.data import load_dues, load_recruitment
from handbook.core.errors import ErrorLog
from handbook.core.formdata import forms_for, load_forms
from handbook.core.parse import load_model

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@lru_cache(maxsize=1)
def content():
    return load_content()


def forms():
    return content().forms


def built(site: Path, src: str) -> Path:
    return site / (src[:-8] + "index.html" if src.endswith("index.md") else src[:-3] + "/index.html")


def soup(site: Path, src: str) -> BeautifulSoup:
    return BeautifulSoup(built(site, src).read_text(encoding="utf-8"), "lxml")


def docx_text(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    """Word 文件中读者看到的文字：段落，以及每张表格的单元格（合并单元格只取一次）。"""
    doc = Document(path)
    tables = []
    for t in doc.tables:
        rows = []
        for row in t.rows:
            cells = []
            for c in row.cells:
                if not cells or c._tc is not cells[-1][1]:
                    cells.append((c.text, c._tc))
            rows.append([text for text, _ in cells])
        tables.append(rows)
    return [p.text for p in doc.paragraphs], tables


def test_the_section_has_the_forms_the_issue_asks_for():
    titles = " ".join(f.title for f in forms())
    for wanted in ("会议记录", "签到表", "主题党日活动方案", "主题党日活动记录", "组织生活会方案", "对照检查材料提纲",
                   "民主评议党员测评表", "谈心谈话记录", "发展党员各阶段材料目录", "党费收缴台账", "年度重点任务分解表",
                   "述职评议测评表"):
        assert wanted in titles, f"缺少表单：{wanted}"
    procedures = {p.relative_to(DOCS).as_posix() for p in (DOCS / "procedures").glob("*.md") if p.name != "index.md"}
    covered = {page for f in forms() for page in f.pages}
    assert procedures <= covered, f"这些程序没有表单：{sorted(procedures - covered)}"


def cited_parts(form) -> set[str]:
    """表单依据里写到的每个文件名（《…》）和每个条款：读者应当在表单上看到它们。"""
    parts = set()
    for c in form.citations:
        # 核实状态不在条文写法里（c.unconfirmed），页面上是一个小标记
        title, mark, article = c.text.partition("》")
        parts |= {title + mark, article} - {""}
    return parts


# ---- Word ---------------------------------------------------------------------------
@pytest.mark.parametrize("form", forms(), ids=lambda f: f.id)
def test_docx_opens_and_has_every_declared_field(site, form):
    path = site / form.docx
    paragraphs, tables = docx_text(path)
    doc = Document(path)
    sec = doc.sections[0]
    size = sorted((round(sec.page_width.mm), round(sec.page_height.mm)))
    assert size == [210, 297], f"不是 A4：{size}"
    assert (sec.page_width > sec.page_height) == form.landscape
    assert doc.styles["Normal"].font.name == "宋体"
    assert paragraphs[0] == form.title
    header = "\n".join(paragraphs[1:3])
    assert content().titles[form.procedure] in header, "标题下没有写明对应程序"
    assert all(part in header for part in cited_parts(form)), "标题下没有写明全部依据（文件名和条款）"

    cells = [text for t in tables for row in t for text in row]
    for f in form.fields:
        assert f.label in cells, f"缺少表头栏目：{f.label}"
        row = next(r for t in tables for r in t if f.label in r)
        value = row[row.index(f.label) + 1]
        assert all(f"□{c}" in value for c in f.choices), f"{f.label} 的勾选项不全"
    for s in form.sections:
        assert s.label in cells, f"缺少填写栏：{s.label}"
    if form.table is not None:
        grid = tables[-1]
        assert grid[0] == [c.label for c in form.table.columns], "表格栏目与数据不一致"
        prefilled = [r for r in form.table_rows]
        assert len(grid) - 1 >= len(prefilled) + form.table.blank_rows
        for want, got in zip(prefilled, grid[1:]):
            if want.group is not None:
                assert got == [want.group]
            else:
                assert [want.cells.get(c.label, "") for c in form.table.columns if c.type != "check"] == \
                       [g for g, c in zip(got, form.table.columns) if c.type != "check"]
        blank = grid[1 + len(prefilled):][:form.table.blank_rows]
        assert all(not "".join(v for v, c in zip(row, form.table.columns) if c.type != "check") for row in blank), \
            "空白行应当留空，可以直接填写"
    tail = "\n".join(paragraphs)
    for label in form.signatures:
        assert f"{label}：__" in tail, f"缺少签字栏：{label}"
    assert "日期：______年____月____日" in tail
    for note in form.notes:
        assert note in tail


def test_recruitment_catalogue_lists_every_material_of_the_25_steps(site):
    form = next(f for f in forms() if f.id == "recruitment-materials")
    rec = load_recruitment(ErrorLog())
    _, tables = docx_text(site / form.docx)
    rows = [r for r in tables[-1][1:] if len(r) > 1]
    listed = [(r[0], r[2]) for r in rows if r[2]]
    expected = []
    for step in rec.steps:
        for n, m in enumerate(step.materials):
            expected.append((str(step.no) if n == 0 else "", m))
    assert listed == expected
    assert sorted({int(no) for no, _ in listed if no}) == list(range(1, 26))


def test_forms_without_a_national_rule_do_not_invent_one(site):
    """评定等次、测评计分没有核实到统一规定：表上写“按本单位规定”，不预设等次名称。"""
    for form_id in ("member-review-ballot", "secretary-review-ballot"):
        form = next(f for f in forms() if f.id == form_id)
        paragraphs, tables = docx_text(site / form.docx)
        text = "\n".join(paragraphs + [c for t in tables for r in t for c in r])
        assert "按本单位" in text
        assert not any(c.choices for c in form.table.columns), "测评表不应预设等次选项"
        for grade in ("优秀", "基本合格", "不合格"):
            assert grade not in text, f"{form_id} 预设了等次“{grade}”"


# ---- Excel --------------------------------------------------------------------------
LEDGERS = [f for f in forms() if f.ledger]


def test_only_ledgers_have_excel_files(site):
    assert LEDGERS, "没有台账"
    assert sorted(p.stem for p in (site / "downloads/forms").glob("*.xlsx")) == sorted(f.id for f in LEDGERS)


@pytest.mark.parametrize("form", LEDGERS, ids=lambda f: f.id)
def test_xlsx_has_frozen_header_validation_and_a4_print_setup(site, form):
    ws = load_workbook(site / form.xlsx).active
    values = {c.value for row in ws.iter_rows() for c in row if c.value is not None}
    assert form.title in values
    cols = form.table.columns
    head = next(r for r in range(1, 30) if ws.cell(r, 1).value == cols[0].label and ws.cell(r, 2).value == cols[1].label)
    assert [ws.cell(head, i).value for i in range(1, len(cols) + 1)] == [c.label for c in cols]
    assert ws.freeze_panes == f"A{head + 1}", "表头没有冻结"
    assert ws.print_title_rows == f"${head}:${head}", "打印时每页不重复表头"
    assert int(ws.page_setup.paperSize) == 9, "纸张不是 A4"
    assert ws.page_setup.orientation == ("landscape" if form.landscape else "portrait")
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    for f in form.fields:
        assert f.label in values, f"缺少表头栏目：{f.label}"

    rules = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            rules[rng.min_col] = dv
    first = head + 1
    for i, col in enumerate(cols, 1):
        dv = rules.get(i)
        if col.choices:
            assert dv is not None and dv.type == "list", f"{col.label} 没有下拉列表"
            assert dv.formula1.strip('"').split(",") == col.choices
        elif col.type in ("money", "number", "percent", "date") and not col.formula:
            assert dv is not None and dv.type in ("decimal", "date"), f"{col.label} 没有输入检查"
        if dv is not None:
            assert dv.showErrorMessage and re.search(r"[\u4e00-\u9fff]", dv.error), "出错提示应当是中文"
            rng = next(r for r in dv.sqref.ranges if r.min_col == i)
            assert rng.min_row == first and rng.max_row >= first + form.table.blank_rows
        if col.formula:
            # 公式里的每个单元格引用都在同一行，引用的那一栏表头正是公式里写的栏目名
            row = _first_data_row(ws, first)
            refs = re.findall(r"\b([A-Z]{1,2})(\d+)\b", ws.cell(row, i).value)
            named = re.findall(r"\{([^{}]+)\}", col.formula)
            assert [int(r) for _, r in refs] == [row] * len(named), f"{col.label} 的公式没有引用同一行"
            assert [ws[f"{c}{head}"].value for c, _ in refs] == named, f"{col.label} 的公式引用的栏目不对"
    for name in form.table.totals:
        i = next(k for k, c in enumerate(cols, 1) if c.label == name)
        sums = [c.value for row in ws.iter_rows(min_col=i, max_col=i) for c in row
                if isinstance(c.value, str) and c.value.startswith("=SUM(")]
        assert sums, f"{name} 没有合计"


def _first_data_row(ws, first: int) -> int:
    """第一行数据（跳过分组标题行）。"""
    row = first
    while ws.cell(row, 1).coordinate in ws.merged_cells:
        row += 1
    return row


def test_dues_ledger_offers_the_dues_categories_and_computes_the_amount(site):
    dues = load_dues(ErrorLog())
    ws = load_workbook(site / "downloads/forms/dues-ledger.xlsx").active
    lists = [dv.formula1.strip('"').split(",") for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert [c.label for c in dues.categories] in lists, "党员类别的下拉列表应当来自党费标准"
    head = next(r for r in range(1, 30) if ws.cell(r, 1).value == "序号")
    labels = [ws.cell(head, i).value for i in range(1, ws.max_column + 1)]
    base, rate, amount = (get_column_letter(labels.index(n) + 1) for n in ("计算基数（元）", "比例", "应交金额（元）"))
    row = head + 1
    assert ws[f"{amount}{row}"].value == f'=IF(OR({base}{row}="",{rate}{row}=""),"",ROUND({base}{row}*{rate}{row},2))'


# ---- 页面 ---------------------------------------------------------------------------
def test_every_procedure_page_links_to_its_forms(site):
    """日常党务的每个程序页面，“台账与材料”一节链接到它的每个表单和下载文件。"""
    pages = sorted(p.relative_to(DOCS).as_posix() for p in (DOCS / "procedures").glob("*.md") if p.name != "index.md")
    for src in pages:
        heading = soup(site, src).find("h2", id="台账与材料")
        assert heading is not None, f"{src} 没有“台账与材料”一节"
        hrefs = []
        for el in heading.find_all_next():
            if el.name == "h2":
                break
            if el.name == "a" and el.get("href"):
                hrefs.append(el["href"])
        for form in forms_for(forms(), src):
            target = "../../" + form.src[:-3] + "/"
            assert target in hrefs, f"{src} 没有链接到表单 {form.title}"
            assert any(h.endswith(form.docx) for h in hrefs), f"{src} 没有 {form.title} 的 Word 下载"
            if form.xlsx:
                assert any(h.endswith(form.xlsx) for h in hrefs), f"{src} 没有 {form.title} 的 Excel 下载"


def test_every_form_page_names_its_procedure_and_basis(site):
    model = content().model
    for form in forms():
        page = soup(site, form.src)
        assert page.select_one("article h1").get_text().strip("¶ ") == form.title
        procedure = page.select_one(".hb-form-procedure")
        assert procedure is not None and "对应程序" in procedure.get_text()
        assert procedure.find("a", href="../../" + form.procedure[:-3] + "/"), f"{form.id} 没有链接到对应程序"
        basis = page.select_one(".hb-form-basis").get_text()
        assert all(part in basis for part in cited_parts(form)), f"{form.id} 的依据不全"
        shown = {bq["data-quote-id"] for bq in page.select("blockquote.hb-quote")}
        assert shown == {c.quote for c in form.citations if c.quote}, "依据的条文原文不全"
        for bq in page.select("blockquote.hb-quote"):
            assert bq.find("p").get_text("") == model.quotes[bq["data-quote-id"]].text
        sheet = page.select_one(".hb-form")
        labels = [el.get_text() for el in sheet.select("th")]
        for label in form.labels():
            assert label in labels or label in sheet.get_text(), f"{form.id} 的网页表单缺少 {label}"
        downloads = [a["href"] for a in page.select(".hb-download a")]
        assert any(h.endswith(form.docx) for h in downloads)
        for href in downloads:
            assert (built(site, form.src).parent / href).resolve().is_file(), f"下载链接失效：{href}"


def test_forms_index_lists_every_form(site):
    page = soup(site, "forms/index.md")
    hrefs = {a["href"] for a in page.select("article table a[href]")}
    for form in forms():
        assert "../" + form.src[len("forms/"):-3] + "/" in hrefs or form.src[len("forms/"):-3] + "/" in hrefs


# ---- 浏览器：打印时只留表单，手机上不撑破页面 -----------------------------------------
@pytest.mark.browser
def test_form_prints_without_buttons_and_fits_a_phone(browser, base_url):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(f"{base_url}/forms/dues-ledger/")
    assert page.locator(".hb-download").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"手机上页面被撑宽到 {width}px"
    page.emulate_media(media="print")
    assert not page.locator(".hb-download").is_visible(), "打印时不应出现下载按钮"
    assert page.locator(".hb-form__grid").is_visible()
    assert page.locator(".hb-form__signatures").is_visible()
    page.close()


# ---- 数据错误：一次列出全部，path:line: 中文说明 ---------------------------------------
def test_bad_form_data_lists_every_error_with_its_line(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS / "_data", docs / "_data")
    shutil.copytree(DOCS / "procedures", docs / "procedures")
    (docs / "_data" / "forms.yml").write_text("""\
- id: good-form
  title: 好表
  procedure: procedures/three-meetings.md
  purpose: 测试
  basis: [{quote: branch-12}]
- id: Bad_ID
  title: 坏表
  procedure: procedures/no-such-page.md
  purpose: 测试
  basis:
    - quote: no-such-quote
  table:
    columns:
      - {label: 姓名}
      - {label: 类别, choices: no-such-source}
      - {label: 金额, formula: "={不存在的栏}*2"}
    rows:
      - {姓名: 张三, 对应: ZB-99}
- id: good-form
  title: 重复
  procedure: procedures/three-meetings.md
  purpose: 测试
  basis: []
  ledger: true
- id: typo
  title: 拼错字段
  procedure: procedures/three-meetings.md
  purpose: 测试
  basis: [{quote: branch-12}]
  feilds: []
""", encoding="utf-8")
    log = ErrorLog()
    load_forms(log, docs, load_model(), load_recruitment(log), load_dues(log))
    lines = [str(e) for e in log.errors]
    for line in lines:
        assert re.match(r"^\S+forms\.yml:\d+: ", line) and re.search(r"[\u4e00-\u9fff]", line), line
    text = "\n".join(lines)
    for expected in ("编号只能用小写字母", "no-such-page.md 不存在", "引文 no-such-quote 没有登记", "数据源 no-such-source 不存在",
                     "不存在的栏目“不存在的栏”", "栏目“对应”不在表格栏目中", "表单编号 good-form 重复", "不认识的字段"):
        assert expected in text, f"没有报告：{expected}\n{text}"
    assert any(line.split(":")[1] == "6" for line in lines if "Bad_ID" in line or "编号只能" in line)
