"""内网没有外网：逐页巡检（conftest 的 sweep：Chromium 经 nginx 打开每一页，再用一次搜索）记下浏览器发出的
全部请求，任何一个发往本机以外的请求（字体、图标、脚本、polyfill……）都算失败；每一页都打得开、没有脚本错误。"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_every_page_opens(sweep):
    assert len(sweep.pages) > 20
    failed = {path: visit.status for path, visit in sweep.pages.items() if visit.status != 200}
    assert failed == {}, f"这些页面打不开：{failed}"


def test_no_page_requests_anything_outside_this_machine(sweep):
    assert sweep.search_hits, "搜索“党支部”没有结果"
    assert sweep.requests.urls, "没有记录到任何请求"
    assert sweep.requests.external == [], f"访问了外部主机：{sorted(set(sweep.requests.external))}"


def test_no_page_has_script_errors_or_csp_violations(sweep):
    """每一页（包括计算器、自查等带脚本的页面）在 nginx 的 CSP 下都没有违规、控制台错误和脚本异常。"""
    problems = [f"{path}: {p}" for path, visit in sweep.pages.items() for p in visit.problems]
    assert problems == [], "\n".join(problems)
