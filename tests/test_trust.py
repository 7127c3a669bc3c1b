"""议题14：读者能信得过的内容。条文按原文、只链接官方发布方、核实状态是数据、编辑者的东西不挡读者的路。

逐项检查构建出的页面和 PDF 里读者看到的文字。
"""
from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from handbook.core.content import load_content
from handbook.core.errors import ContentErrors, ErrorLog
from handbook.core.link_policy import allowed, load_hosts
from handbook.core.status import PLAIN_LEGEND, PLAIN_MARK, quote_kind
from sitepages import article as shared_article
from sitepages import articles, reader_articles

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
HANDBOOK = Path("pdf/handbook.pdf")
MAX_PENDING = 10     # 读者页面和 PDF 里“待核实”最多出现的次数


def built_page(src: str) -> str:
    return src[:-8] + "index.html" if src.endswith("index.md") else src[:-3] + "/index.html"


def page(site: Path, src: str) -> BeautifulSoup:
    return BeautifulSoup((site / built_page(src)).read_text(encoding="utf-8"), "lxml")


def article(site: Path, src: str) -> str:
    return shared_article(site, built_page(src)).get_text()


@lru_cache(maxsize=None)
def pdf_text(site: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(site / HANDBOOK), "-"],
                          capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def quotes() -> dict:
    return {q["id"]: q for q in yaml.safe_load((DOCS / "_data" / "quotes.yml").read_text(encoding="utf-8"))["quotes"]}


# ---- 1. 不设机关党委的单位：党组（党委）审核把关，再报机关工委审批 -----------------------------
def test_recruitment_flow_without_committee_goes_through_party_group_then_gongwei(site):
    soup = page(site, "procedures/recruitment.md")
    steps = {int(li.select_one(".hb-flow__no").get_text()): li.get_text(" ", strip=True)
             for li in soup.select(".hb-flow__steps li")}
    for no in (17, 24):     # 审批接收预备党员、审批转正
        alt = steps[no].split("不设机关党委的单位：", 1)[1]
        assert alt.index("党组（党委）审核把关") < alt.index("机关工委审批"), steps[no]
    rows = [r.get_text(" ", strip=True) for r in soup.select("table tr") if "审核把关" in r.get_text()]
    assert any("党组（党委）审核把关 → 机关工委审批" in r for r in rows)
    text = flat(article(site, "procedures/recruitment.md"))
    assert flat(quotes()["organs-37-2"]["text"]) in text
    assert "上级党委或机关工委" not in text


# ---- 2. 第四十一条两句都在，事业单位的说法与条文一致 --------------------------------------------
def test_article_41_is_complete_on_the_classification_page(site):
    text = flat(article(site, "handbook/classified-guidance.md"))
    assert flat(quotes()["organs-41-b"]["text"]) in text
    assert "列举的范围没有写到事业单位" not in text
    assert "另有规定的从其规定" in flat(article(site, "lists/supplementary.md"))


# ---- 3. 党费：第五、七、八、十二、十四条 ---------------------------------------------------------
def test_party_dues_page_quotes_the_settled_articles(site):
    q = quotes()
    assert q["dues-exempt"]["article"] == "第七条"
    assert q["dues-exempt"]["text"].startswith("交纳党费确有困难的党员，经党支部研究，报上一级党委批准后，困难的党员可以少交或者免交")
    assert q["dues-retired"]["article"] == "第五条" and q["dues-retired"]["article_confirmed"]
    text = flat(article(site, "procedures/party-dues.md"))
    for qid in ("dues-exempt", "dues-8", "dues-12", "dues-14", "dues-retired", "dues-3-ref"):
        assert flat(q[qid]["text"]) in text or qid == "dues-3-ref" and "参照第一条、第二条规定交纳党费" in text, qid
    assert "每季度交纳一次" in text and "不得垫交或扣缴" in text
    assert "从支部大会通过其为预备党员之日起交纳党费" in text


# ---- 4. 换届：《中国共产党基层组织选举工作条例》第三条、第五条 -------------------------------------
def test_election_page_cites_the_election_rules_articles_3_and_5(site):
    soup = page(site, "procedures/election.md")
    sources = [b.get_text(" ", strip=True) for b in soup.select("blockquote.hb-quote")]
    art3 = next(s for s in sources if "延长或者提前期限一般不超过1年" in s)
    assert "《中国共产党基层组织选举工作条例》第三条" in art3
    assert any("预备党员没有表决权、选举权和被选举权" in s and "第五条" in s for s in sources)
    text = article(site, "procedures/election.md")
    assert "条款号待核实" not in text and "据二手来源概括" not in text


# ---- 5. 引文的边界和出处 ----------------------------------------------------------------------
def test_excerpts_are_labelled_as_excerpts_and_attributions_are_right(site):
    q = quotes()
    for qid in ("organs-8-b", "organs-9", "organs-10-7", "edu-20", "speech-biaoshuai"):
        assert q[qid]["confidence"] == "excerpt", qid
    assert q["edu-19"]["text"].startswith("……")
    for n in "一二三四五六七八九":
        assert q[f"organs-10-{'一二三四五六七八九'.index(n) + 1}"]["text"].endswith("。")
    assert "习近平" in q["speech-biaoshuai"]["article"] and "会议提出" not in q["speech-biaoshuai"]["article"]
    assert "讲话全文" in q["speech-first"]["article"] and "求是" in q["speech-first"]["article"]
    text = article(site, "principles/index.md")
    assert "会议对机关提出了“三个表率”" not in text and "习近平总书记在讲话中强调“三个表率”" in text
    six = article(site, "principles/six-experiences.md")
    assert "讲话全文（后由《求是》刊发）指出，“由党中央召开中央和国家机关党的建设工作会议，在党的历史上还是第一次”" in six


def test_statements_without_a_source_are_not_made(site):
    everything = "".join(art.get_text() for _, art in reader_articles(site))
    for claim in ("常称“6条规律”", "不少单位的材料", "中央层面的党内法规没有规定统一的党课频次",
                  "保证监督作用", "与第十条九项逐项对应", "重在保证监督"):
        assert claim not in everything, claim
    terms = {t["term"]: t for t in yaml.safe_load((DOCS / "_data" / "glossary.yml").read_text(encoding="utf-8"))}
    assert "第十七条" not in terms["批评和自我批评"]["source"]
    assert "调研报告" in terms["第一责任人"]["definition"]


# ---- 7. 说清楚这是什么：不是正式手册，没有示例单位名 --------------------------------------------
def test_no_claim_to_be_the_official_handbook_and_no_placeholder_owner(site):
    home = article(site, "index.md")
    assert "参考手册" in home and "以它们为准" in home
    pdf = flat(pdf_text(site))
    for html in [site / "index.html", site / "procedures/recruitment/index.html"]:
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        assert "在线版" not in soup.get_text()
        assert "（示例）" not in soup.select_one(".md-copyright").get_text()
        assert not soup.select(".hb-page-meta__office, .hb-page-meta__reviewed")
        assert "example.invalid" not in str(soup), "没有设置 REPO_URL 时不应出现示例代码托管地址"
    assert "在线版" not in pdf and "省直机关工委（示例）" not in pdf


def test_editor_instructions_are_not_shown_to_readers(site):
    for rel, art in reader_articles(site):
        assert "编辑此页" not in art.get_text(), rel
    assert "编辑此页" not in pdf_text(site)


# ---- 来源：只链接官方发布方 --------------------------------------------------------------------
def test_every_external_link_on_the_site_goes_to_an_allowed_host(site):
    hosts = load_hosts(ErrorLog(), DOCS / "_data" / "sources.yml")
    bad = []
    for rel, art in articles(site):
        # “编辑此页”按钮指向部署单位自己的代码托管平台（REPO_URL），不是内容来源
        for a in art.select("a[href]:not(.md-content__button)"):
            href = a["href"]
            if urlsplit(href).scheme in ("http", "https") and not allowed(href, hosts):
                bad.append(f"{rel}: {href}")
    assert not bad, "\n".join(bad)


def test_a_link_to_a_mirror_fails_the_build_with_path_and_line(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    page_md = docs / "procedures" / "party-dues.md"
    page_md.write_text(page_md.read_text(encoding="utf-8") + "\n见[转载页面](https://miniwenda.com/life/173866.html)。\n",
                       encoding="utf-8")
    q = docs / "_data" / "quotes.yml"
    q.write_text(q.read_text(encoding="utf-8").replace(
        "    url: null\n    note: \"二手来源。\"", "    url: https://scholarmate.com/S/3qjOSc\n    note: \"二手来源。\""),
        encoding="utf-8")
    with pytest.raises(ContentErrors) as exc:
        load_content(docs)
    lines = str(exc.value).splitlines()
    n = len(page_md.read_text(encoding="utf-8").splitlines())
    assert any(line.startswith(f"{page_md}:{n}: 外部链接只能指向官方发布方") and "miniwenda.com" in line
               or re.match(rf".*procedures/party-dues.md:{n}: 外部链接只能指向官方发布方", line) for line in lines), lines
    assert any(re.match(r".*_data/quotes.yml:\d+: 外部链接只能指向官方发布方.*scholarmate.com", line) for line in lines), lines


# ---- 核实状态：数据里的状态，页面上的小标记 -----------------------------------------------------
def test_pending_appears_at_most_ten_times_in_reader_pages_and_the_pdf(site):
    counts = {rel: art.get_text().count("待核实") for rel, art in reader_articles(site)}
    assert sum(counts.values()) <= MAX_PENDING, {k: v for k, v in counts.items() if v}
    assert pdf_text(site).count("待核实") <= MAX_PENDING


def test_every_quote_shows_its_status_as_a_mark_with_a_tooltip(site):
    content = load_content()
    soup = page(site, "regulations/branch-work.md")
    marks = soup.select("article a.hb-mark")
    labels = {"verified": "核", "excerpt": "摘", "open": "待"}
    expected = [labels[quote_kind(q)] for q in content.model.quotes.values() if q.source == "branch-work"]
    shown = [m.get_text() for m in soup.select("article .hb-backlinks a.hb-mark")]
    assert shown == expected
    assert all(m.get("title") and m["href"].endswith("#marks") for m in marks)
    legend = page(site, "regulations/index.md").select_one("#marks")
    assert legend is not None


def test_editor_page_lists_every_open_item_where_it_is_used_and_how_to_settle_it(site):
    content = load_content()
    soup = page(site, "contributing/open-items.md")
    rows = {r.select("td")[0].get_text(strip=True): r for r in soup.select("article table")[0].select("tbody tr")}
    assert set(rows) == set(content.open_items)
    for item_id, uses in content.open_uses.items():
        cells = rows[item_id].select("td")
        # 页面列出标题，数据文件（术语表、日历……）列出文件名
        where = {content.titles[u.src] if u.src.endswith(".md") else f"docs/{u.src}" for u in uses}
        assert all(w in cells[2].get_text() for w in where), item_id
        assert cells[3].get_text(strip=True) == content.open_items[item_id].settle
    pending_quotes = [q.id for q in content.model.quotes.values() if not q.article_confirmed]
    table2 = soup.select("article table")[1].get_text()
    assert all(qid in table2 for qid in pending_quotes)


def test_an_unknown_open_item_fails_with_path_and_line(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    md = docs / "procedures" / "theme-day.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n还没有核实<!-- open: no-such-item -->。\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as exc:
        load_content(docs)
    n = len(md.read_text(encoding="utf-8").splitlines())
    assert re.search(rf"theme-day.md:{n}: 待核实标记 <!-- open: no-such-item --> 的编号没有登记", str(exc.value))


def test_source_keeps_pending_status_in_data_not_in_the_words():
    """“待核实”只出现在“参与编辑”的页面和给编辑者的数据字段里：读者看得到的文字里是 <!-- open: 编号 -->。"""
    editor_data = {"open-items.yml", "quotes.yml"}
    hits = [f"{path.relative_to(ROOT)}:{n}" for path in sorted(DOCS.rglob("*"))
            if path.is_file() and path.suffix in (".md", ".yml", ".css", ".js")
            and path.relative_to(DOCS).parts[0] != "contributing" and path.name not in editor_data
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if "待核实" in line and not line.lstrip().startswith("#")]
    assert hits == []


def test_list_citations_carry_the_open_item_and_show_its_tooltip(site):
    content = load_content()
    item = content.model.items()["ZB-08"]
    pending = [c for c in item.basis if c.unconfirmed]
    assert pending and all(c.open in content.open_items and "待核实" not in c.text and "<!--" not in c.text
                           for c in pending)
    row = page(site, "lists/branch.md").select_one("#ZB-08").find_next("dd")
    marks = row.select("a.hb-mark--open")
    assert [m["title"] for m in marks] == [content.open_items[c.open].reader for c in pending]


def office_texts(site: Path):
    """构建写出的 Word、Excel、日历文件和一页 A4 自查表里读者看到的文字：(文件, 文字)。"""
    import html
    import zipfile

    import openpyxl
    for path in sorted((site / "downloads").rglob("*")):
        if path.suffix == ".docx":      # 正文、表格、页眉页脚、脚注：全部 XML 里的文字
            with zipfile.ZipFile(path) as z:
                xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
            yield path, html.unescape(re.sub(r"<[^>]+>", "", xml))
        elif path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            yield path, "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v)
        elif path.suffix == ".ics":
            yield path, re.sub(r"\r\n[ \t]", "", path.read_text(encoding="utf-8"))   # 折行接回
    for path in sorted((site / "pdf" / "checklists").glob("*.pdf")):
        yield path, subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                                   capture_output=True, text=True, check=True).stdout


def test_office_calendar_and_checklist_files_use_one_marker_not_pending_prose(site):
    texts = list(office_texts(site))
    assert {p.suffix for p, _ in texts} == {".docx", ".xlsx", ".ics", ".pdf"}
    assert [str(p) for p, t in texts if "待核实" in t] == []
    # 整本 Word 手册里，正文的小标记“待”也写成同一个标记
    assert PLAIN_MARK in dict(texts)[site / "downloads" / "handbook.docx"]
    marked = [(p, t) for p, t in texts if PLAIN_MARK in t]
    assert {p.suffix for p, _ in marked} == {".docx", ".xlsx", ".ics", ".pdf"}
    # 用到标记的文件都说明它的意思（PDF 按行抽出的文字可能在说明中间断行）；整本手册的说明在
    # “法规与术语”首页的核实标记一节
    book = site / "downloads" / "handbook.docx"
    assert all(flat(PLAIN_LEGEND) in flat(t) for p, t in marked if p != book)
    assert f"“待”统一写作“{PLAIN_MARK}”" in dict(texts)[book]


def test_public_data_keeps_the_status_as_fields(site):
    import json
    data = json.loads((site / "data" / "responsibilities.json").read_text(encoding="utf-8"))
    citations = [c for lst in data["lists"] for it in lst["items"] for c in it["basis"]]
    pending = [c for c in citations if c["unconfirmed"]]
    assert pending and all(c["open"] for c in pending)
    assert not any("待核实" in c["text"] or "<!--" in c["text"] for c in citations)


@pytest.mark.parametrize("where, old, new", [
    ("lists/branch.md", "第九条<!-- open: branch-tasks -->", "第九条（项序号待核实）"),
    ("procedures/theme-day.md", '"《中国共产党支部工作条例（试行）》<!-- open: branch-articles -->"',
     "《中国共产党支部工作条例（试行）》（条款号待核实）"),
    ("_data/glossary.yml", '"《中国共产党支部工作条例（试行）》<!-- open: branch-articles -->"',
     "《中国共产党支部工作条例（试行）》（条款号待核实）"),
])
def test_the_old_prose_form_fails_with_path_line_and_the_field_to_use(tmp_path, where, old, new):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    f = docs / where
    text = f.read_text(encoding="utf-8")
    n = text[:text.index(old)].count("\n") + 1
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentErrors) as exc:
        load_content(docs)
    lines = [ln for ln in str(exc.value).splitlines() if f"{where}:{n}: " in ln]
    assert lines and all("不要把“待核实”写进文字" in ln and "<!-- open: 编号 -->" in ln for ln in lines), str(exc.value)


def test_an_unquoted_open_marker_in_yaml_says_to_quote_it(tmp_path):
    """“: ”在 YAML 里是键值分隔符：忘了加引号时，内容检查（数据文件）和格式检查（front matter）都说要加引号。"""
    from handbook.core.pagemeta import read_page
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    old = '"《中国共产党支部工作条例（试行）》<!-- open: branch-articles -->"'
    for where in ("procedures/theme-day.md", "_data/glossary.yml"):
        f = docs / where
        f.write_text(f.read_text(encoding="utf-8").replace(old, old.strip('"'), 1), encoding="utf-8")
    with pytest.raises(ContentErrors) as exc:
        load_content(docs)
    assert re.search(r"glossary.yml:\d+: YAML 格式错误.*要整个用英文双引号括起来", str(exc.value)), str(exc.value)
    info = read_page(docs / "procedures" / "theme-day.md", docs, offices=[])
    assert any(p.line == 4 and "带 <!-- open: 编号 --> 的一条要整个用英文双引号括起来" in p.message
               for p in info.problems), info.problems


# ---- 修订记录：只有编辑者写的中文修订说明 ---------------------------------------------------------
def test_changelog_shows_only_editor_written_chinese_notes(site):
    releases = yaml.safe_load((DOCS / "_data" / "revisions.yml").read_text(encoding="utf-8"))
    soup = page(site, "changelog.md")
    items = [li.get_text(strip=True) for li in soup.select("article li")]
    assert items == [c for rel in releases for c in rel["changes"]]
    text = soup.select_one("article").get_text()
    assert not re.search(r"WIP|helpers|[A-Za-z]{6,}", text)


def test_a_changelog_note_without_chinese_fails_with_path_and_line(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    f = docs / "_data" / "revisions.yml"
    f.write_text(f.read_text(encoding="utf-8").replace("  changes:\n", "  changes:\n    - \"WIP: helpers' work\"\n", 1),
                 encoding="utf-8")
    with pytest.raises(ContentErrors) as exc:
        load_content(docs)
    assert re.search(r"revisions.yml:\d+: 修订说明要用中文写给读者", str(exc.value))
