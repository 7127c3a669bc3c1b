"""手机（375×812）：每一页都不横向滚动（宽表格在自己的框里滚动，要滑动的有提示，流程表排成卡片），
正文字号不小于 16px，可点的控件不小于 32px，术语释义不小于 14px。版面在逐页巡检（conftest 的 sweep）时量好。"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_no_page_scrolls_sideways(sweep):
    wide = {p: (v.layout["scrollWidth"], v.layout["innerWidth"]) for p, v in sweep.pages.items()
            if v.layout["innerWidth"] != 375 or v.layout["scrollWidth"] > v.layout["innerWidth"]}
    assert wide == {}, f"这些页面在 375px 宽的手机上可以横向滚动（内容宽度, 窗口宽度）：{wide}"


def test_wide_tables_scroll_inside_their_own_box(sweep):
    tables = [t for v in sweep.pages.values() for t in v.layout["tables"]]
    assert any(t["wide"] for t in tables), "没有比手机屏幕宽的表格，这项检查没有意义"
    loose = [p for p, v in sweep.pages.items() for t in v.layout["tables"] if t["wide"] and not t["boxed"]]
    assert loose == [], f"宽表格没有放在可横向滚动的框里：{loose}"


def test_body_text_is_at_least_16px(sweep):
    small = {p: v.layout["small"][:3] for p, v in sweep.pages.items() if v.layout["small"]}
    assert small == {}, f"手机上字号小于 16px 的正文：{small}"


def test_tables_that_scroll_sideways_say_so(sweep):
    """比框宽、要左右滑动的表格，上方有一行看得见的“左右滑动查看”提示（table-scroll.js）。"""
    scrolling = [(p, t) for p, v in sweep.pages.items() for t in v.layout["tables"] if t["scrolls"]]
    assert scrolling, "没有要左右滑动的表格，这项检查没有意义"
    silent = [f"{p}：{t['head']}" for p, t in scrolling if not t["cue"]]
    assert silent == [], f"要左右滑动、上方却没有提示的表格：{silent}"


def test_recruitment_steps_are_cards_on_a_phone(sweep):
    """发展党员的25个步骤在手机上每步一张卡片，不用左右滑动。"""
    tables = sweep.pages["procedures/recruitment/index.html"].layout["tables"]
    steps = next(t for t in tables if t["head"] == "步骤")
    assert not steps["scrolls"] and not steps["cue"]


def test_controls_are_at_least_32px_to_tap(sweep):
    """正文里的勾选框、单选框、下拉框、输入框、按钮，手指点的地方（包在标签里的按整个标签）至少 32×32 px。"""
    small = {p: v.layout["controls"][:3] for p, v in sweep.pages.items() if v.layout["controls"]}
    assert small == {}, f"手机上小于 32px 的可点控件：{small}"


def test_glossary_tooltip_text_is_at_least_14px(browser, base_url):
    """术语悬停释义（Material 的提示框）在手机上的字号不小于 14px。"""
    from browsing import PHONE
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{base_url}/procedures/party-dues/")
    term = page.locator("article abbr[title]").first
    term.scroll_into_view_if_needed()
    term.hover()
    tip = page.locator("[role=tooltip] .md-tooltip2__inner").first
    tip.wait_for(state="visible")
    size = tip.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    text = tip.inner_text()
    context.close()
    assert text.strip() and size >= 14, (size, text)


def test_section_tabs_are_at_least_32px_to_click(browser, base_url):
    """页首的板块标签（宽屏上显示）：可点范围至少 32×32 px，不只是文字本身。"""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{base_url}/procedures/party-dues/")
    sizes = page.locator(".md-tabs__link").evaluate_all(
        "links => links.map(a => [a.textContent.trim(), a.getBoundingClientRect().width, a.getBoundingClientRect().height])")
    page.close()
    assert sizes and all(w >= 32 and h >= 32 for _, w, h in sizes), sizes
