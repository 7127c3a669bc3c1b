"""手机（375×812）：每一页都不横向滚动（宽表格在自己的框里滚动），正文字号不小于 16px。
版面在逐页巡检（conftest 的 sweep）时量好。"""
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
