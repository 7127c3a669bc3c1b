"""浏览器冒烟测试：Debian Chromium 打开首页和另外两页，不访问外部主机，控制台没有错误。"""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "lists/branch/", "procedures/three-meetings/"]


def test_pages_load_without_external_requests_or_console_errors(browser, base_url):
    context = browser.new_context()
    external, errors = [], []
    context.on("request", lambda req: external.append(req.url)
               if urlparse(req.url).hostname not in ("127.0.0.1", "localhost", None)
               and not req.url.startswith(("data:", "blob:")) else None)
    page = context.new_page()
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    for path in PAGES:
        response = page.goto(f"{base_url}/{path}", wait_until="networkidle")
        assert response.status == 200, path
        assert page.locator("h1").first.inner_text().strip()
    context.close()
    assert external == [], f"访问了外部主机：{external}"
    assert errors == [], f"控制台错误：{errors}"
