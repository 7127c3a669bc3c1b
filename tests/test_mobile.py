"""手机（375×812）：每一页都不横向滚动（宽表格在自己的框里滚动），正文字号不小于 16px。"""
from __future__ import annotations

import pytest
from browsing import page_url, site_pages

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

# 每页量一次：页面宽度、正文里小于 16px 的文字、宽表格是否在自己的框里
MEASURE = """() => {
  const small = [...document.querySelectorAll('article :is(p, li, td, th, dt, dd)')]
    .filter(e => e.textContent.trim() && parseFloat(getComputedStyle(e).fontSize) < 16)
    .map(e => `${e.tagName} ${getComputedStyle(e).fontSize} “${e.textContent.trim().slice(0, 20)}”`);
  // 宽表格应在一个可横向滚动的框里（Material 的 .md-typeset__scrollwrap 或组件自己的），框本身不超出屏幕
  const scroller = t => {
    for (let x = t.parentElement; x && x.tagName !== 'ARTICLE'; x = x.parentElement)
      if (['auto', 'scroll'].includes(getComputedStyle(x).overflowX)) return x;
    return null;
  };
  const tables = [...document.querySelectorAll('article table')].map(t => {
    const box = scroller(t);
    return {wide: t.getBoundingClientRect().width > innerWidth,
            boxed: !!box && box.getBoundingClientRect().right <= innerWidth};
  });
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth, small, tables};
}"""


@pytest.fixture(scope="module")
def measurements(browser, site, base_url) -> dict[str, dict]:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    out = {}
    for path in site_pages(site):
        page.goto(page_url(base_url, path), wait_until="load")
        out[path] = page.evaluate(MEASURE)
    context.close()
    return out


def test_no_page_scrolls_sideways(measurements):
    wide = {p: (m["scrollWidth"], m["innerWidth"]) for p, m in measurements.items()
            if m["innerWidth"] != 375 or m["scrollWidth"] > m["innerWidth"]}
    assert wide == {}, f"这些页面在 375px 宽的手机上可以横向滚动（内容宽度, 窗口宽度）：{wide}"


def test_wide_tables_scroll_inside_their_own_box(measurements):
    tables = [t for m in measurements.values() for t in m["tables"]]
    assert any(t["wide"] for t in tables), "没有比手机屏幕宽的表格，这项检查没有意义"
    loose = [p for p, m in measurements.items() for t in m["tables"] if t["wide"] and not t["boxed"]]
    assert loose == [], f"宽表格没有放在可横向滚动的框里：{loose}"


def test_body_text_is_at_least_16px(measurements):
    small = {p: m["small"][:3] for p, m in measurements.items() if m["small"]}
    assert small == {}, f"手机上字号小于 16px 的正文：{small}"
