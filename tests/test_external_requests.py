"""内网没有外网：在 Chromium 里打开站点的每一页（再用一次搜索），记录浏览器发出的全部请求，
任何一个发往本机以外的请求（字体、图标、脚本、polyfill……）都算失败。"""
from __future__ import annotations

import pytest
from browsing import RequestLog, page_url, search, site_pages

pytestmark = pytest.mark.browser


def test_no_page_requests_anything_outside_this_machine(browser, site, base_url):
    context = browser.new_context()
    log = RequestLog(context)
    page = context.new_page()
    failed = []
    pages = site_pages(site)
    for path in pages:
        response = page.goto(page_url(base_url, path), wait_until="load")
        if response is None or response.status != 200:
            failed.append(path)
    # 搜索会启动 worker、加载索引和 lunr 语言文件
    page.goto(base_url + "/", wait_until="load")
    assert search(page, "党支部"), "搜索“党支部”没有结果"
    context.close()
    assert len(pages) > 20
    assert failed == [], f"这些页面打不开：{failed}"
    assert log.external == [], f"访问了外部主机：{sorted(set(log.external))}"
