"""党费：页面上的标准表、嵌入页面的计算器数据、Python 的 Dues.compute 是同一套标准；
计算器在 Chromium 中按规定原文的边界（“含本数”）给出正确结果，并拒绝不合格的输入。"""
from __future__ import annotations

import json
import random
from decimal import Decimal
from functools import lru_cache

import pytest
from bs4 import BeautifulSoup

from handbook.core.data import load_dues
from handbook.core.party_dues import DATA_PATH, calculator_data, percent
from handbook.core.errors import ErrorLog
from handbook.core.parse import load_model

PAGE = "procedures/party-dues/"


@lru_cache(maxsize=1)
def dues():
    return load_dues(ErrorLog())


def expected(category: str, amount: str) -> str:
    return f"{dues().compute(category, Decimal(amount))[1]:.2f}元"


# ---- 同一份数据 ------------------------------------------------------------------------
def rendered_rate_table(site) -> list[list[str]]:
    page = BeautifulSoup((site / PAGE / "index.html").read_text(encoding="utf-8"), "lxml")
    table = next(t for t in page.select("article table") if t.find("th", string="收入档次（每月）"))
    return [[td.get_text("").strip() for td in tr.find_all("td")] for tr in table.select("tbody tr")]


def test_rendered_rate_table_matches_the_data(site):
    rows = iter(rendered_rate_table(site))
    for cat in dues().categories:
        if not cat.brackets:
            label, basis, bracket, standard = next(rows)
            assert (label, standard) == (cat.label, cat.text)
            continue
        for i, b in enumerate(cat.brackets):
            label, basis, bracket, rate = next(rows)
            assert label == (cat.label if i == 0 else "")
            assert bracket == b.text and rate == percent(b.rate)
    assert next(rows, None) is None, "标准表比数据多出了行"


def test_page_table_python_and_embedded_calculator_data_agree(site):
    """页面表格上的每个档次，与嵌入页面的计算器数据、发布的 JSON 和 Dues.compute 一致。"""
    page = BeautifulSoup((site / PAGE / "index.html").read_text(encoding="utf-8"), "lxml")
    embedded = json.loads(page.select_one("script[data-hb-dues-data]").string)
    published = json.loads((site / DATA_PATH).read_text(encoding="utf-8"))
    assert embedded == published == calculator_data(dues(), load_model())
    table = [r for r in rendered_rate_table(site) if r[3].endswith("%")]
    shown = [(r[2], r[3]) for r in table]
    data = [(b["text"], b["rate"]) for c in embedded["categories"] for b in c["brackets"]]
    assert shown == data
    for cat in embedded["categories"]:
        lower = Decimal(0)
        for b in cat["brackets"]:
            rate = Decimal(b["rate"].rstrip("%")) / 100
            upper = Decimal(b["upto_fen"]) / 100 if b["upto_fen"] is not None else lower + 100000
            for base in (lower + Decimal("0.01"), upper):   # 每档的最低值和上限（含本数）
                bracket, amount = dues().compute(cat["id"], base)
                assert bracket.text == b["text"]
                assert amount == (base * rate).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
            lower = upper


# ---- 浏览器中的计算器 ------------------------------------------------------------------

@pytest.fixture(scope="module")
def calc(browser, base_url):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base_url}/{PAGE}")
    page.locator("[data-hb-dues-form]").wait_for(state="visible")
    yield page
    page.close()
    assert errors == [], errors


def run(page, category: str, amount: str | None = None) -> dict:
    """像读者一样操作：选类别、输入金额、点“计算”，读出页面上显示的文字。"""
    page.select_option("#hb-dues-category", category)
    if amount is not None:
        page.fill("#hb-dues-amount", amount)
        page.click("[data-hb-dues-form] button[type=submit]")
    error = page.locator("[data-hb-error]")
    if error.is_visible():
        return {"error": error.inner_text()}
    return {dd.get_attribute("data-hb-field"): dd.inner_text()
            for dd in page.locator("[data-hb-result] dd").all() if dd.get_attribute("data-hb-field") != "quote"} | {
        "quote": [dd.inner_text() for dd in page.locator("[data-hb-result] dd[data-hb-field=quote]").all()]}


BOUNDARIES = [
    # 类别, 输入, 适用档次, 比例, 每月党费（按规定原文手算）
    ("salaried", "3000", "3000元以下（含3000元）", "0.5%", "15.00元"),
    ("salaried", "3000.01", "3000元以上至5000元（含5000元）", "1%", "30.00元"),
    ("salaried", "5000", "3000元以上至5000元（含5000元）", "1%", "50.00元"),
    ("salaried", "5000.01", "5000元以上至10000元（含10000元）", "1.5%", "75.00元"),
    ("salaried", "10000", "5000元以上至10000元（含10000元）", "1.5%", "150.00元"),
    ("salaried", "10000.01", "10000元以上", "2%", "200.00元"),
    ("retired", "5000", "5000元以下（含5000元）", "0.5%", "25.00元"),
    ("retired", "5000.01", "5000元以上", "1%", "50.00元"),
    ("annual-salary", "3000.01", "3000元以上至5000元（含5000元）", "1%", "30.00元"),
    ("irregular-income", "10000.01", "10000元以上", "2%", "200.00元"),
    ("salaried", "0.01", "3000元以下（含3000元）", "0.5%", "0.00元"),
    ("salaried", "1234.5", "3000元以下（含3000元）", "0.5%", "6.17元"),      # 6.1725 → 6.17
    ("salaried", "4999.5", "3000元以上至5000元（含5000元）", "1%", "50.00元"),  # 49.995 → 50.00（四舍五入）
]


@pytest.mark.browser
@pytest.mark.parametrize("category,amount,bracket,rate,dues_text", BOUNDARIES, ids=[f"{b[0]}-{b[1]}" for b in BOUNDARIES])
def test_calculator_at_every_boundary(calc, category, amount, bracket, rate, dues_text):
    shown = run(calc, category, amount)
    assert shown["bracket"] == bracket
    assert shown["rate"].startswith(rate)
    assert shown["amount"] == dues_text == expected(category, amount)
    assert shown["base"].startswith(f"{Decimal(amount):.2f}元")


@pytest.mark.browser
def test_calculator_shows_the_regulation_it_applies(calc):
    model = load_model()
    shown = run(calc, "salaried", "8000")
    assert any(model.quotes["dues-1"].text in q for q in shown["quote"]), "没有显示计算基数的规定原文"
    assert any(model.quotes["dues-2"].text in q and "第二条" in q for q in shown["quote"]), "没有显示交纳比例的规定原文"
    assert shown["process"].startswith("8000.00 × 1.5% = 120.00，保留到分为120.00元")
    retired = run(calc, "retired", "6000")
    assert any(model.quotes["dues-retired"].text in q and "第五条" in q for q in retired["quote"])


FIXED = [("student", "0.20元"), ("unemployed", "0.20元"), ("relief", "0.20元"), ("dibao", "0.20元"),
         ("farmer", "0.20元至1.00元（具体数额按上级党组织规定）")]


@pytest.mark.browser
@pytest.mark.parametrize("category,dues_text", FIXED)
def test_fixed_amount_categories(calc, category, dues_text):
    shown = run(calc, category)
    assert not calc.locator("#hb-dues-amount").is_visible(), "固定金额的类别不需要输入收入"
    assert shown["amount"] == dues_text
    assert shown["base"] == "不按收入计算"
    assert any(load_model().quotes["dues-6"].text in q for q in shown["quote"])


BAD = [
    ("", "请输入金额"),
    ("   ", "请输入金额"),
    ("-1", "不能是负数"),
    ("－5000", "不能是负数"),
    ("abc", "只能包含数字"),
    ("5000.5.5", "只能包含数字"),
    ("1e3", "只能包含数字"),
    ("3000.001", "最多保留两位小数"),
    ("12345678901", "金额太大"),
]


@pytest.mark.browser
@pytest.mark.parametrize("text,message", BAD, ids=[repr(t) for t, _ in BAD])
def test_bad_input_gets_a_clear_message(calc, text, message):
    run(calc, "salaried", "5000")          # 先有一个结果，确认出错时旧结果被清掉
    shown = run(calc, "salaried", text)
    assert message in shown["error"]
    assert not calc.locator("[data-hb-result]").is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("text,dues_text", [("５０００", "50.00元"), ("5,000.50", "75.01元"), ("5000元", "50.00元"),
                                            (" 3000 ", "15.00元")])
def test_common_ways_of_writing_an_amount_are_accepted(calc, text, dues_text):
    assert run(calc, "salaried", text)["amount"] == dues_text


@pytest.mark.browser
def test_calculator_agrees_with_python_on_many_amounts(calc):
    """大量随机金额（集中在各档边界附近）：页面显示的党费与 Dues.compute 逐一相同。"""
    rng = random.Random(20080401)
    cases = []
    for cat in ("salaried", "retired"):
        for edge in (300000, 500000, 1000000):
            for delta in range(-3, 4):
                cases.append((cat, edge + delta))
        cases += [(cat, rng.randrange(0, 3000000)) for _ in range(150)]
    amounts = [(cat, f"{fen // 100}.{fen % 100:02d}") for cat, fen in cases]
    shown = calc.evaluate("""(cases) => cases.map(([cat, amount]) => {
        const form = document.querySelector('[data-hb-dues-form]');
        form.elements.category.value = cat;
        form.elements.category.dispatchEvent(new Event('change'));
        form.elements.amount.value = amount;
        form.requestSubmit();
        return document.querySelector('[data-hb-result] dd[data-hb-field=amount]').textContent;
    })""", amounts)
    wrong = [(c, a, s) for (c, a), s in zip(amounts, shown) if s != expected(c, a)]
    assert not wrong, wrong[:10]


@pytest.mark.browser
def test_calculator_works_from_a_folder_without_a_server(browser, site):
    """内网用户可能直接打开文件夹里的页面：数据嵌在页面里，不需要请求 JSON。"""
    page = browser.new_page()
    page.goto((site / PAGE / "index.html").as_uri())
    assert run(page, "salaried", "5000.01")["amount"] == "75.00元"
    page.close()


@pytest.mark.browser
def test_script_does_nothing_on_other_pages(browser, base_url):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base_url}/procedures/three-meetings/")
    assert page.locator("[data-hb-dues]").count() == 0
    assert page.evaluate("document.querySelectorAll('[data-hb-ready]').length") == 0
    assert errors == []
    page.close()


def test_the_worked_examples_in_the_data_hold():
    for ex in dues().examples:
        assert expected(ex.category, str(ex.base)) == f"{Decimal(str(ex.dues)):.2f}元"
