"""站内搜索：worker 修补、索引补充词，以及在真实搜索框里跑查询集的召回率下限。

召回率的目标和对照组数字在 make bench（scripts/handbook/bench/search.py）；这里只守底线：
内容或配置改动让查询集的 recall@5 掉到 0.95 以下、或其中整句问题的 recall@5 掉到 0.90 以下时 CI 失败。不计时。
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import material
import pytest
from browsing import search as type_query

from handbook.bench import search as search_bench
from handbook.core.errors import BuildError
from handbook.search import index as search

WORKER_SOURCE = next(Path(material.__file__).parent.glob("templates/" + search.WORKER))
BUNDLE_SOURCE = next(Path(material.__file__).parent.glob("templates/" + search.BUNDLE))
RECALL_AT_5_FLOOR = 0.95
QUESTION_RECALL_AT_5_FLOOR = 0.90


# ---- worker 修补 --------------------------------------------------------------------
def _bounds(code: str) -> tuple[list, list]:
    """segment() 的两处循环边界：内层循环的终止条件、继续切分的条件。"""
    inner = re.findall(r"for\(let (\w+)=\w+\+1;\1(<=?)\w+\.length;", code)
    cont = re.findall(r"\w+\[(\w+)\]&&\1<\w+\.length(-1)?&&\(", code)
    return inner, cont


def test_patch_lets_a_segment_end_at_the_last_character_of_the_query():
    original = WORKER_SOURCE.read_text(encoding="utf-8")
    inner, cont = _bounds(original)
    assert [op for _, op in inner] == ["<"] and [m for _, m in cont] == ["-1"]   # 原版的两处边界
    patched = search.patch_worker(original)
    inner, cont = _bounds(patched)
    assert [op for _, op in inner] == ["<="]
    assert [minus for _, minus in cont] == [""]
    # 只改这两处：多一个“=”，少一个“-1”
    assert len(patched) == len(original) + 1 - 2


def test_patching_twice_changes_nothing():
    once = search.patch_worker(WORKER_SOURCE.read_text(encoding="utf-8"))
    assert search.patch_worker(once) == once


def _segment(code: str) -> str:
    """worker 里的 segment(query, index) 函数原文（压缩后的）。"""
    m = re.search(r'function \w+\((\w+),\w+\)\{let \w+=new Set,\w+=new Uint16Array\(\1\.length\);'
                  r'.*?return \w+\.has\(""\)\?new Set\(\[\1\]\):\w+\}', code)
    assert m, "worker 里找不到 segment()"
    return m.group(0)


@pytest.mark.browser
@pytest.mark.parametrize("query, terms, stock, fixed", [
    ("一岗双责", ["一", "一岗双责"], ["一"], ["一岗双责"]),
    ("机关纪委", ["机关", "纪委"], ["机关"], ["机关", "纪委"]),
    ("计票人", ["计票", "人"], ["计票"], ["计票", "人"]),
])
def test_segmenting_in_chromium_before_and_after_the_patch(browser, query, terms, stock, fixed):
    """在 Chromium 里直接运行 worker 的 segment()：原版丢掉查询的最后一段，修补后保留。"""
    original = WORKER_SOURCE.read_text(encoding="utf-8")
    page = browser.new_page()
    try:
        def run(code):
            return page.evaluate(f"([q, index]) => [...({_segment(code)})(q, index)]",
                                 [query, {t: {} for t in terms}])
        assert run(original) == stock
        assert run(search.patch_worker(original)) == fixed
    finally:
        page.close()


@pytest.mark.parametrize("code", [
    "function segment(t,e){return new Set([t])}",                                    # 上游改写了
    WORKER_SOURCE.read_text(encoding="utf-8") * 2,                                   # 出现两处
])
def test_patch_fails_loudly_when_materials_code_changed(code):
    with pytest.raises(BuildError, match="恰好1处.*Material 升级"):
        search.patch_worker(code, "site/assets/javascripts/workers/search.x.min.js")


def test_built_worker_is_patched(site):
    worker, = site.glob(search.WORKER)
    inner, cont = _bounds(worker.read_text(encoding="utf-8"))
    assert [op for _, op in inner] == ["<="] and [m for _, m in cont] == [""]


# ---- 打开搜索框时才下载索引 -----------------------------------------------------------------
def test_bundle_patch_is_exact_and_idempotent():
    original = BUNDLE_SOURCE.read_text(encoding="utf-8")
    patched = search.patch_bundle(original)
    assert original.count('location.protocol!=="file:"') == 1
    assert 'location.protocol!=="file:"' not in patched and search.patch_bundle(patched) == patched


@pytest.mark.parametrize("code", ["console.log(1)", BUNDLE_SOURCE.read_text(encoding="utf-8") * 2])
def test_bundle_patch_fails_loudly_when_materials_code_changed(code):
    with pytest.raises(BuildError, match="恰好1处.*Material 升级"):
        search.patch_bundle(code, "site/assets/javascripts/bundle.x.min.js")


def test_search_index_is_downloaded_only_when_the_search_box_opens(browser, base_url):
    page = browser.new_page()
    requested = []
    page.on("request", lambda req: requested.append(req.url))
    page.goto(base_url + "/", wait_until="networkidle")
    assert not any(search.INDEX in u for u in requested), "页面一打开就下载了搜索索引"
    page.locator("input[data-md-component=search-query]").focus()
    page.keyboard.insert_text("三会一课")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    assert any(search.INDEX in u for u in requested)
    page.close()


# ---- 索引补充词 ---------------------------------------------------------------------
def test_subwords_are_jieba_words_inside_a_long_word():
    assert {"积极分子", "积极", "分子", "入党"} <= search.subwords("入党积极分子")
    assert "理工" not in search.subwords("管理工作")          # 不切出跨词的片段
    assert search.subwords("党员") == set()                  # 二字词不再切


SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；：（）《》“”‘’]+"
GROUPS = [["“7·9”重要讲话", "七九讲话", "7.9讲话", "7·9讲话"],
          ["支委会", "党支部委员会"],
          ["ZB-03", "ZB03", "ZB3"]]


def _index(*docs) -> dict:
    fields = {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}
    return {"config": {"lang": ["zh"], "separator": SEPARATOR, "pipeline": ["stemmer"], "fields": fields},
            "docs": [{"location": loc, "title": search.segment(title), "text": search.segment(text)}
                     for loc, title, text in docs]}


def test_enricher_adds_other_spellings_ids_and_words_inside_long_words():
    index = search.Enricher(SEPARATOR, GROUPS).enrich(_index(
        ("speech/", "“7·9”重要讲话", "<p>讲话要求党支部委员会每月开会。</p>"),
        ("speech/#a", "落实ZB-03", "<p>整顿软弱涣散的党组织。</p>"),
    ))
    page, section = index["docs"]
    assert {"七九讲话", "7.9讲话", "7·9讲话"} <= set(page["title_words"].split())
    assert "支委会" in page["text_words"].split()
    assert {"zb03", "zb3"} <= set(section["title_words"].split())
    assert "涣散" in section["text_words"].split()      # jieba 把“软弱涣散”当一个词
    # 原文已有的词不重复补
    assert "重要讲话" not in page["title_words"].split()
    fields = index["config"]["fields"]
    assert fields["title_words"]["boost"] == 500 and fields["text_words"]["boost"] == 0.5
    assert fields[search.PAGE_FIELD]["boost"] == search.PAGE_BOOST


# 过半页面都有的词不写进 page_words，所以示例里要有别的页面
OTHER_PAGES = [("q/", "党费", "<p>按月交纳。</p>"), ("r/", "换届", "<p>按期换届。</p>")]


def test_page_words_count_what_the_rest_of_the_page_repeats():
    index = search.Enricher(SEPARATOR, GROUPS).enrich(_index(
        ("p/", "发展党员", "<p>概述。</p>"),
        ("p/#a", "第一阶段", "<p>思想汇报。思想汇报。</p>"),
        ("p/#b", "第二阶段", "<p>思想汇报。预备期。</p>"),
        *OTHER_PAGES,
    ))
    page, first = index["docs"][:2]
    words = page[search.PAGE_FIELD].split()
    assert words.count("思想汇报") == 3        # 其余各节共3次
    assert "预备期" not in words                # 全页只出现1次的不算页面在讲的词
    assert search.PAGE_FIELD not in first       # 只有页面级条目有这个字段


def test_page_words_do_not_double_count_the_start_of_a_long_word():
    index = search.Enricher(SEPARATOR, GROUPS).enrich(_index(
        ("p/", "换届", "<p>概述。</p>"),
        ("p/#a", "选举", "<p>差额选举。差额选举。差额选举。</p>"),
        *OTHER_PAGES,
    ))
    words = index["docs"][0][search.PAGE_FIELD].split()
    # 查询“差额*”已经按前缀命中“差额选举”，“差额”不再另计
    assert words.count("差额选举") == 3 and "差额" not in words


def test_page_words_leave_out_words_most_pages_have():
    index = search.Enricher(SEPARATOR, GROUPS).enrich(_index(
        ("p/", "发展党员", "<p>概述。</p>"),
        ("p/#a", "第一阶段", "<p>思想汇报。思想汇报。党员。党员。</p>"),
        ("q/", "党费", "<p>党员按月交纳。</p>"), ("r/", "换届", "<p>党员大会选举。</p>"),
    ))
    words = index["docs"][0][search.PAGE_FIELD].split()
    assert "思想汇报" in words and "党员" not in words    # 每页都有的词区分不了页面


def test_question_lines_are_indexed_like_headings():
    index = search.Enricher(SEPARATOR, GROUPS).enrich(_index(
        ("p/#faq", "常见问题", "<p>问：限期改正的期限是多长？</p> <p>答：按上级规定。</p>"),
        *OTHER_PAGES,
    ))
    faq = index["docs"][0]
    assert "期限" in faq[search.QUESTION_FIELD].split() and "上级" not in faq[search.QUESTION_FIELD]   # 只取问句
    assert index["config"]["fields"][search.QUESTION_FIELD]["boost"] == index["config"]["fields"]["title"]["boost"]


def _posting(packed: dict, term: str, field: str) -> list[int]:
    """prebuild.js 写的倒排表里，含这个词的文档序号（格式见 prebuild.js）。"""
    entries = packed["postings"][packed["terms"].index(term)].split(";")[packed["fields"].index(field)]
    numbers, d = [], 0
    for entry in filter(None, entries.split(",")):
        d += int(entry.split(".")[0], 36)
        numbers.append(d)
    return numbers


def test_built_index_is_segmented_enriched_and_prebuilt(site):
    index = json.loads((site / search.INDEX).read_text(encoding="utf-8"))
    docs, config = index["docs"], index["config"]
    assert "\u200b" in docs[0]["text"], "索引没有用 jieba 切分：检查 jieba 是否安装"
    extra = {*search.EXTRA_FIELDS, search.PAGE_FIELD, search.QUESTION_FIELD}
    assert extra <= set(config["fields"]) and extra <= set(config["prebuilt"]["fields"])
    assert not any(extra & set(doc) for doc in docs), "补充字段只用于建索引，不应随文档下载"
    item = next(i for i, d in enumerate(docs) if d["location"].endswith("#ZB-03"))
    assert item in _posting(config["prebuilt"], "zb03", "title_words")
    assert config["query"]["stop"] and config["query"]["aliases"] and config["query"]["demote"]


def test_profile_pages_are_searchable_but_their_sections_are_not(site):
    index = json.loads((site / search.INDEX).read_text(encoding="utf-8"))
    profiles = [p for p in (site / "checklists").iterdir() if p.is_dir() and p.name != "self-check"]
    locations = {d["location"] for d in index["docs"]}
    assert profiles and all(f"checklists/{p.name}/" in locations for p in profiles)
    assert not any(loc.startswith(f"checklists/{p.name}/#") for p in profiles for loc in locations)


# ---- 构建时切词：与 Material 在浏览器里建的索引逐条相同 -----------------------------------------
def _run_worker(worker: Path, index: dict, queries: list[str], tmp: Path) -> list[dict]:
    """在 Node 里运行构建出的 worker（tests/search/worker.js），返回每条查询改写后的样子和结果。"""
    (tmp / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    (tmp / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run(["node", str(Path(__file__).parent / "search" / "worker.js"), str(worker),
                          str(tmp / "index.json"), str(tmp / "queries.json")],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_prebuilt_index_gives_the_same_results_as_building_in_the_browser(site, tmp_path):
    """同样的文档和字段：一份让 worker 在浏览器里切词建索引，一份带构建时切好的词，整个查询集的结果和分数都一样。"""
    worker, = site.glob(search.WORKER)
    built = json.loads((site / search.INDEX).read_text(encoding="utf-8"))
    config = {k: built["config"][k] for k in ("lang", "separator", "pipeline")}
    config["fields"] = {k: built["config"]["fields"][k] for k in ("title", "text", "tags")}
    # 标题的长度归一是 lunr 没有的（它只有一个全局的 b），比较时关掉
    config["query"] = {**built["config"]["query"], "titleLength": 0}
    plain = {"config": config, "docs": built["docs"][:400]}
    prebuilt = {"config": {**config, "prebuilt": search.prebuild(plain, worker)}, "docs": plain["docs"]}
    queries = [q["q"] for q in search_bench.load_queries()]
    in_browser, from_build = (_run_worker(worker, index, queries, tmp_path) for index in (plain, prebuilt))
    assert sum(len(r["items"]) for r in in_browser) > len(queries)
    for mine, theirs in zip(from_build, in_browser):
        assert mine["query"] == theirs["query"]
        assert [loc for loc, _ in mine["items"]] == [loc for loc, _ in theirs["items"]], mine["query"]
        # 词的编号不同，相似度按不同的顺序累加，末位可能差一点
        assert [s for _, s in mine["items"]] == pytest.approx([s for _, s in theirs["items"]], rel=1e-12)


@pytest.mark.parametrize("query, kept, dropped", [
    ("入党要经过哪些步骤", {"入党", "步骤"}, {"要", "哪些"}),
    ("和组织失去联系的党员如何处置", {"处置", "失联党员"}, {"如何"}),    # 整句是术语表“失联党员”的别称
    ("党课由谁来讲", {"党课"}, {"由谁来", "讲"}),
    ("党组织关系转移要开介绍信吗", {"组织关系转接"}, {"吗"}),         # 别称“组织关系转移”补上正式写法
])
def test_questions_lose_question_words_and_gain_glossary_terms(site, tmp_path, query, kept, dropped):
    worker, = site.glob(search.WORKER)
    index = json.loads((site / search.INDEX).read_text(encoding="utf-8"))
    words = set(_run_worker(worker, index, [query], tmp_path)[0]["query"].split())
    assert kept <= words and not dropped & words


def test_forms_rank_below_the_procedure_page_unless_the_query_names_them(site, tmp_path):
    worker, = site.glob(search.WORKER)
    index = json.loads((site / search.INDEX).read_text(encoding="utf-8"))
    plain, named = _run_worker(worker, index, ["计票", "计票单模板"], tmp_path)
    assert plain["items"][0][0].startswith("procedures/election/")
    assert named["items"][0][0].startswith("forms/")


# ---- 真实搜索框里的查询集 -----------------------------------------------------------
@pytest.mark.browser
def test_pasted_query_gets_results_without_any_key_event(browser, base_url):
    """粘贴、拖入或输入法上屏只产生 input 事件，没有按键（Playwright 的 insert_text 也一样），也要出结果。
    先正常搜一次，等索引就绪；之后换一个查询只发 input 事件，结果必须跟着变。"""
    page = browser.new_page()
    keys: list[str] = []
    page.expose_function("recordKey", lambda kind: keys.append(kind))
    page.add_init_script("for (const t of ['keydown', 'keyup']) "
                         "addEventListener(t, e => e.isTrusted && window.recordKey(t), true)")
    page.goto(base_url + "/", wait_until="load")
    assert type_query(page, "党费")
    keys.clear()
    page.locator("input.md-search__input").select_text()
    page.keyboard.insert_text("组织关系转接")
    page.wait_for_function("() => document.querySelector('.md-search-result__item')?.textContent.includes('转接')",
                           timeout=10_000)
    assert keys == [], f"测试本身不应当有真实的按键：{keys}"
    page.close()


@pytest.mark.browser
def test_query_set_recall_at_5_stays_above_the_floor(browser, base_url):
    queries = search_bench.load_queries()
    assert len(queries) >= 100 and sum(q["kind"] == "question" for q in queries) >= 60
    run = search_bench.run_queries(browser, base_url + "/", queries)
    figures = search_bench.summarize(run)
    questions = search_bench.recall_at(run["rows"], "question", 5)
    assert figures["recall_at_5"] >= RECALL_AT_5_FLOOR and questions >= QUESTION_RECALL_AT_5_FLOOR, (
        f"查询集 recall@5 = {figures['recall_at_5']}（下限 {RECALL_AT_5_FLOOR}），其中整句问题 {questions:.3f}"
        f"（下限 {QUESTION_RECALL_AT_5_FLOOR}）。没进前5的：\n" + "\n".join(search_bench.misses(run["rows"])))
