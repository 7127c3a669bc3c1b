"""手册内容：完整、与来源一致、前后呼应。检查的是读者在构建出的页面上看到的文字。"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from handbook.core.content import load_content
from handbook.core.status import PLAIN_MARK
from sitepages import article, articles

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CLAIMS = yaml.safe_load((Path(__file__).parent / "fidelity" / "claims.yml").read_text(encoding="utf-8"))
REFERENCE = ROOT.parent / "shared" / "reference"
CHECKED = Path(__file__).parent / "fidelity" / "checked-texts.yml"
SENTENCE_END = re.compile(r"[。！？\n]")


@lru_cache(maxsize=1)
def registry() -> dict:
    return yaml.safe_load((DOCS / "_data" / "quotes.yml").read_text(encoding="utf-8"))


def authored_pages() -> dict[str, str]:
    """作者写的页面（不含生成页）：相对 docs/ 的路径 → 去掉 front matter 的正文。"""
    out = {}
    for p in DOCS.rglob("*.md"):
        if "_data" in p.parts:
            continue
        text = p.read_text(encoding="utf-8")
        out[p.relative_to(DOCS).as_posix()] = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    return out


def built(site: Path, src: str) -> Path:
    return site / (src[:-8] + "index.html" if src.endswith("index.md") else src[:-3] + "/index.html")


def built_page(site: Path, src: str) -> str:
    return built(site, src).relative_to(site).as_posix()


def han(text: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", text))


# ---- 引文：逐字一致 ----------------------------------------------------------------
def test_every_blockquote_is_a_registered_quote_shown_verbatim(site):
    texts = {q["id"]: q["text"] for q in registry()["quotes"]}
    problems = []
    for page, art in articles(site):
        for bq in art.find_all("blockquote"):
            qid = bq.get("data-quote-id")
            if qid is None:
                problems.append(f"{page}: 未登记的引文块：{bq.get_text()[:40]}")
                continue
            shown = bq.find("p").get_text("")
            if shown != texts[qid]:
                problems.append(f"{page}: 引文 {qid} 与登记表不一致：{shown[:40]}")
    assert not problems, "\n".join(problems[:30])


def test_long_inline_quotations_match_the_registry(site):
    """正文里引号中超过12个字的话，必须与登记表中的某条原文逐字一致。"""
    texts = [q["text"] for q in registry()["quotes"]] + CLAIMS["own_phrases"]
    problems = []
    for page, art in articles(site, quotes=False):
        for m in re.finditer(r"“([^“”]{13,}?)”", art.get_text("")):
            if not any(m.group(1) in t for t in texts):
                problems.append(f"{page}: “{m.group(1)[:50]}”")
    assert not problems, "引号中的长句没有登记为原文：\n" + "\n".join(problems[:30])


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference 不在（只在开发机和 CI 上有）")
def test_registry_texts_come_from_the_reference_sheets():
    facts = (REFERENCE / "content-facts.md").read_text(encoding="utf-8").replace("**", "")
    seed = "".join(p.read_text(encoding="utf-8") for p in (REFERENCE / "seed").glob("*.txt"))
    # 核查表以外、编者自己对照过原文的引文：核对记录只在 tests/fidelity/checked-texts.yml（找到的副本、
    # 核对日期、可信度和原文），登记表里不另写
    checked = "".join(e["text"] for e in yaml.safe_load(CHECKED.read_text(encoding="utf-8")))
    # 摘录两端的省略号和句末标点不是原文的一部分（核查表里第十条各项以“；”结尾，原文为“。”）
    missing = [q["id"] for q in registry()["quotes"]
               if not any(q["text"].strip("…。；") in t for t in (facts, seed, checked))]
    assert not missing, f"登记表中的原文在核查表、调研报告和 checked-texts.yml 里都找不到：{missing}"


def test_checked_texts_name_the_quotes_that_use_them():
    """checked-texts.yml 的每段原文都写明用到它的引文、在哪里找到、何时核对，且这些引文确实出自这一段。"""
    quotes = {q["id"]: q["text"] for q in registry()["quotes"]}
    for entry in yaml.safe_load(CHECKED.read_text(encoding="utf-8")):
        assert entry["found"] and entry["note"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(entry["checked"])), entry["source"]
        for qid in entry["quotes"]:
            assert qid in quotes and quotes[qid] in entry["text"], f"{qid} 不在 {entry['source']} 的原文里"


def test_the_registry_has_no_second_check_record():
    """核对记录只有 checked-texts.yml 一处：登记表的引文写 checked 字段，内容检查报“不认识的字段”。"""
    from handbook.core.errors import ErrorLog
    from handbook.core.parse import load_quotes
    f = Path(__file__).parent / "fixtures" / "quote-with-checked.yml"
    log = ErrorLog()
    load_quotes(f, log)
    assert [str(e) for e in log.errors] == [f"{f.relative_to(ROOT)}:5: 字段 checked：不认识的字段"]


# ---- 未核实的说法 -----------------------------------------------------------------
@pytest.mark.parametrize("rule", CLAIMS["forbidden"], ids=lambda r: r["id"])
def test_unconfirmed_claims_are_not_stated_as_fact(site, rule):
    """句子里有待核实的小标记（数据里的核实状态）、或者 unless 里的措辞，就不算当作事实陈述。"""
    pattern, unless = re.compile(rule["pattern"]), re.compile(rule["unless"])
    hits = []
    for page, art in articles(site, quotes=False):  # 登记的原文引用本身不是本站的陈述
        for mark in art.select("a.hb-mark--open"):
            mark.replace_with(PLAIN_MARK)
        for sentence in SENTENCE_END.split(art.get_text("")):
            if PLAIN_MARK in sentence:
                continue
            if pattern.search(sentence) and not unless.search(sentence):
                hits.append(f"{page}: {sentence.strip()[:80]}")
    assert not hits, f"{rule['claim']}：\n" + "\n".join(hits)


# ---- 数字一致 ----------------------------------------------------------------------
COUNTS = {r"工委(\d+)条": 10, r"党组（党委）(\d+)条": 8, r"机关党委(\d+)条": 9, r"党支部(\d+)条具体": 8}


def test_list_counts_are_stated_consistently(site):
    wrong = []
    for page, art in articles(site):
        text = art.get_text("")
        for pattern, expected in COUNTS.items():
            wrong += [f"{page}: {m.group(0)}" for m in re.finditer(pattern, text) if int(m.group(1)) != expected]
    assert not wrong, wrong


def sections(art):
    """按二级标题切分正文：[(小节文字, [块元素文字…])]。"""
    out, current = [], ["", []]
    for el in art.find_all(["h2", "p", "li", "tr", "dd"]):
        if el.name == "h2":
            out.append(current)
            current = [el.get_text(""), []]
        elif el.find(["p", "li", "tr"]) is None:
            current[0] += el.get_text("")
            current[1].append(current[0])
    return out + [current]


@pytest.mark.parametrize("entry", CLAIMS["figures"], ids=lambda e: e["figure"])
def test_report_figures_appear_and_are_attributed(site, entry):
    """报告中的数字要出现在相关内容里，并且在同一小节中、数字之前或同一段里注明出自调研报告。"""
    figure, found, unattributed = entry["figure"], False, []
    for page, art in articles(site):
        if page.startswith("regulations/report/"):  # 报告本身的介绍页
            found = found or figure in art.get_text("")
            continue
        for _, upto in sections(art):
            for text_so_far in upto:
                block = text_so_far  # 小节开头到本段为止的文字
                if figure in block[-200:] and entry["context"] in block[-200:]:
                    found = True
                    if not re.search(r"报告|调研|据", block):
                        unattributed.append(f"{page}: {block[-80:]}")
    assert found, f"{figure} 没有出现在相关内容中"
    assert not unattributed, f"{figure} 没有注明出自调研报告：{unattributed}"


# ---- 完整性和篇幅 -------------------------------------------------------------------
def test_volume():
    pages = authored_pages()
    substantive = {p: t for p, t in pages.items() if not p.endswith("index.md")}
    total = sum(han(t) for t in pages.values())
    short = [p for p, t in substantive.items() if han(t) < 600]
    assert len(substantive) >= 30, f"实质性页面只有 {len(substantive)} 个"
    assert total >= 50000, f"全站汉字只有 {total} 个"
    assert not short, f"不足600字的非索引页：{short}"


PLACEHOLDERS = re.compile(r"TODO|TBD|lorem|ipsum|待补充|占位|此处填写|XXX", re.I)


def test_no_placeholder_text():
    found = [p for p, t in authored_pages().items() if PLACEHOLDERS.search(t)]
    assert not found, found


def test_every_authored_page_ends_with_its_sources(site):
    missing = []
    for src in authored_pages():
        headings = [h.get_text().strip() for h in article(site, built_page(site, src)).select("h2")]
        if not headings or headings[-1] != "依据":
            missing.append(src)
    assert not missing, f"最后一节不是“依据”：{missing}"


def test_glossary_has_at_least_60_terms_and_hover_definitions(site):
    content = load_content()
    assert len(content.glossary) >= 60
    rows = BeautifulSoup((site / "glossary/index.html").read_text(encoding="utf-8"), "lxml").select("article table tbody tr")
    assert len(rows) == len(content.glossary)
    page = BeautifulSoup((site / "procedures/three-meetings/index.html").read_text(encoding="utf-8"), "lxml")
    titles = {a.get_text(): a["title"] for a in page.select("article abbr[title]")}
    defs = {t.term: t.definition for t in content.glossary}
    assert titles and all(defs[k] == v for k, v in titles.items() if k in defs)


# ---- 互相链接 ----------------------------------------------------------------------
def test_principles_link_to_items_and_items_link_back(site):
    content = load_content()
    for src in ("principles/six-experiences.md", "principles/five-relations.md"):
        linked = [i for i, refs in content.item_backlinks.items() if any(r.src == src for r in refs)]
        assert len(linked) >= 6, f"{src} 链接的清单条目太少：{linked}"
        for item_id in linked:
            item = content.model.items()[item_id]
            heading = article(site, built_page(site, content.model.lists[item.list].page)).find(id=item_id)
            meta = heading.find_next("div", class_="hb-item-meta")
            hrefs = [a["href"] for a in meta.select("a")]
            target = "../../" + src[:-3] + "/"
            assert target in hrefs, f"{item_id} 没有链接回 {src}"


def test_item_bases_link_to_regulation_pages(site):
    content = load_content()
    unlinked = [i.id for i in content.model.items().values() for c in i.basis
                if c.source and content.model.sources[c.source].page is None]
    assert not unlinked
    page = BeautifulSoup((site / "lists/party-committee/index.html").read_text(encoding="utf-8"), "lxml")
    links = [a["href"] for a in page.select(".hb-item-meta a")]
    assert any("regulations/organs-basic-org/#organs-10" in h for h in links)


def test_every_regulation_page_has_its_quotes_with_anchors(site):
    reg = registry()
    for src in reg["sources"]:
        if not src.get("page"):
            continue
        page = BeautifulSoup(built(site, src["page"]).read_text(encoding="utf-8"), "lxml")
        for q in (q for q in reg["quotes"] if q["source"] == src["id"]):
            assert page.find(id=q["id"]) is not None, f"{src['page']} 缺少引文锚点 {q['id']}"
