"""本单位：首页第一屏、单位选择器、档案页、自查和日历记住同一个单位档案（Chromium，办公电脑 1366×768 和手机 375×812）。"""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from browsing import PHONE

from handbook.core.parse import load_model

DESKTOP = {"viewport": {"width": 1366, "height": 768}}
# 首页第一屏上读者要找的五件事：链接文字 → 链接地址的结尾
TASKS = {"我单位要做什么": "checklists/#我单位要做什么", "本月应办": "calendar/#本月应办",
         "年度自查": "checklists/self-check/", "党费计算": "procedures/party-dues/#党费计算器", "表格下载": "forms/"}


@pytest.fixture(scope="module")
def model():
    return load_model()


def profile_for(model, **selection) -> str:
    return next(p.id for p in model.profiles if p.selection == selection)


@pytest.mark.browser
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1366x768", "375x812"])
def test_home_first_screen_has_the_five_tasks_and_search(browser, base_url, size):
    context = browser.new_context(**size)
    page = context.new_page()
    page.goto(f"{base_url}/")
    height = size["viewport"]["height"]
    for text, href in TASKS.items():
        link = page.locator(".hb-tasks a", has_text=text).first
        assert link.is_visible(), text
        assert link.evaluate("a => decodeURI(a.href)").endswith(href), (text, link.get_attribute("href"))
        box = link.bounding_box()
        assert box["y"] + box["height"] <= height, f"{text} 不在第一屏（{box}）"
    # 本月应办一格列出了本月的工作（脚本按当天日期算）
    assert page.locator(".hb-tasks [data-hb-now-title]").inner_text().endswith("应办（全部单位）")
    assert page.locator(".hb-tasks [data-hb-now-this] li").count() > 0
    # 搜索：宽屏上是页首的搜索框，手机上是放大镜按钮
    search = page.locator("input.md-search__input:visible, label.md-header__button[for='__search']:visible").first
    box = search.bounding_box()
    assert box and box["y"] + box["height"] <= height
    context.close()


def answer(page, members: int, approved: str = "", nature: str | None = None, function: str | None = None) -> str:
    page.fill("input[name=members]", str(members))
    page.select_option("select[name=approved]", approved)
    if nature:
        page.check(f"input[name=nature][value={nature}]")
    if function:
        page.check(f"input[name=function][value={function}]")
    return page.locator("[data-hb-picker-answer]").inner_text()


@pytest.mark.browser
def test_picker_applies_the_approval_exception_and_every_page_opens_on_the_choice(browser, base_url, model):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base_url}/checklists/")
    # 只按人数：100人以上机关党委、50至99人党总支、7人以上设支委会、3至6人不设支委会、不足3人不能单独成立
    assert "按人数（100人以上）设立机关党委" in answer(page, 120)
    assert "按人数（50人以上）设立党总支" in answer(page, 80)
    assert "设立党支部（设支委会）" in answer(page, 7)
    assert "设立党支部（不设支委会）" in answer(page, 5)
    assert "不能单独成立党支部" in answer(page, 2)
    # 经批准的例外（条例第五条、第六条）：80人经批准设立机关党委，40人经批准设立党总支
    assert "不足50人，经上级党组织批准设立党总支" in answer(page, 40, "general-branch")
    text = answer(page, 80, "committee", "party-gov", "general")
    expected = profile_for(model, nature="party-gov", function="general", scale="committee")
    name = model.profile(expected).name
    assert f"本单位档案：{name}" in text and "不足100人，经上级党组织批准设立机关党委" in text
    rule = page.locator("[data-hb-picker-rule]").inner_text()
    assert "第五条" in rule and model.quotes["organs-5"].text in rule
    page.click("[data-hb-picker-go]")
    page.wait_for_url(f"**/checklists/{expected}/")
    assert "经上级党组织批准设立机关党委" in page.locator("[data-hb-unit-why]").inner_text()
    # 刷新后选择还在；自查、日历、首页都按它打开
    page.goto(f"{base_url}/checklists/")
    assert page.input_value("input[name=members]") == "80"
    assert f"本单位档案：{name}" in page.locator("[data-hb-picker-answer]").inner_text()
    page.goto(f"{base_url}/checklists/self-check/")
    page.locator(".hb-sc-item").first.wait_for()
    assert page.input_value("select[name=profile]") == expected
    page.goto(f"{base_url}/calendar/")
    assert page.input_value("[data-hb-calendar] select") == expected
    assert name in page.locator("[data-hb-now-title]").inner_text()
    page.goto(f"{base_url}/")
    assert name in page.locator("[data-hb-unit-mine]").inner_text()
    assert errors == []
    context.close()


@pytest.mark.browser
def test_profile_links_open_self_check_and_calendar_on_that_profile(browser, base_url, model):
    profile = model.profiles[-1].id
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}/checklists/{profile}/")
    page.click(".hb-actions a:has-text('在自查中打开')")
    page.locator(".hb-sc-item").first.wait_for()
    assert page.input_value("select[name=profile]") == profile
    page.go_back()
    page.click(".hb-actions a:has-text('本单位工作日历')")
    assert page.input_value("[data-hb-calendar] select") == profile
    context.close()


def test_profile_pages_have_no_checkbox_that_does_not_keep_its_state(site, model):
    """档案页的勾选不保存，所以不放勾选框；要勾选就到自查（同一份记录）。"""
    for p in model.profiles:
        soup = BeautifulSoup((site / f"checklists/{p.id}/index.html").read_text(encoding="utf-8"), "lxml")
        article = soup.select_one("article")
        assert article.select("input[type=checkbox]") == [], p.id
        links = [a["href"] for a in article.select("a") if a.get_text() == "在自查中打开"]
        assert links and all(h.endswith(f"self-check/?profile={p.id}") for h in links), p.id
        # 组织规模的说明写全了经批准的例外
        if p.selection["scale"] in ("committee", "general-branch"):
            assert "经上级党组织批准" in article.select_one(".hb-profile-dims").get_text(), p.id


@pytest.mark.browser
def test_profile_page_is_cards_on_a_phone_and_a_table_in_print(browser, base_url, model):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{base_url}/checklists/{model.profiles[0].id}/")
    row = page.locator(".hb-checklist tbody tr").first
    box = row.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert not page.locator(".hb-checklist thead").first.is_visible()
    assert not row.locator("td").nth(3).is_visible(), "“完成”栏只在打印时出现"
    assert row.locator("td").nth(2).evaluate("td => getComputedStyle(td, '::before').content") == '"依据："'
    page.emulate_media(media="print")
    assert page.locator(".hb-checklist thead").first.is_visible()
    assert row.evaluate("tr => getComputedStyle(tr).display") == "table-row"
    context.close()
