"""内网部署：用 deploy/nginx/ 的同一份配置起一个真实的 nginx（Debian 的 nginx-light，回环地址、随机端口、
当前用户；夹具在 conftest），检查几个页面上搜索时 0 个 CSP 违规和控制台错误（每一页的检查在逐页巡检里），
响应头、404 页、gzip，并做一轮有界的压力测试。"""
from __future__ import annotations

import gzip
import re
import http.client
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browsing import search, watched_page

pytestmark = pytest.mark.browser


def _checklist_page(site: Path) -> str:
    pages = sorted(p.parent.name for p in (site / "checklists").glob("*/index.html"))
    assert pages, "没有个性化清单页"
    return f"checklists/{pages[0]}/"


def _get(url: str, path: str, headers: dict | None = None) -> tuple[http.client.HTTPResponse, bytes]:
    parts = urlparse(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


def test_browser_smoke_without_csp_violations_or_console_errors(browser, nginx, site):
    context, page, log, problems = watched_page(browser)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for path in ["", "lists/branch/", _checklist_page(site), "procedures/three-meetings/"]:
        response = page.goto(f"{nginx}/{path}", wait_until="load")
        assert response.status == 200, path
        assert page.locator("h1").first.inner_text().strip()
        assert search(page, "党支部"), f"{path}：搜索没有结果"
        problems += [f"{page.url}: CSP {v}" for v in page.evaluate("window.__cspViolations")]
    context.close()
    assert problems == [], "\n".join(problems)
    assert failed == [], failed
    assert log.external == []


def test_headers_of_pages_and_assets(nginx, site):
    response, _ = _get(nginx, "/lists/branch/")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Cache-Control") == "no-cache"
    csp = response.getheader("Content-Security-Policy")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src-elem"]
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("X-Frame-Options") == "SAMEORIGIN"
    assert response.getheader("Referrer-Policy") == "same-origin"
    assert "nginx/" not in (response.getheader("Server") or "")

    bundle = next(site.glob("assets/javascripts/bundle.*.min.js")).relative_to(site).as_posix()
    response, _ = _get(nginx, f"/{bundle}")
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("Content-Type") == "application/javascript; charset=utf-8"
    assert response.getheader("Content-Security-Policy") is None

    # 文件名不带哈希的本站脚本和数据：每次确认
    for path in ["/javascripts/checklist-filter.js", "/search/search_index.json", "/data/responsibilities.json"]:
        response, _ = _get(nginx, path)
        assert response.status == 200, path
        assert response.getheader("Cache-Control") == "no-cache", path
        assert "charset=utf-8" in response.getheader("Content-Type"), path

    # 目录地址不带斜杠：相对跳转
    response, _ = _get(nginx, "/lists")
    assert response.status == 301 and response.getheader("Location") == "/lists/"


def test_gzip(nginx, site):
    for path in ["/search/search_index.json", "/", f"/{next(site.glob('assets/stylesheets/main.*.css')).relative_to(site).as_posix()}"]:
        response, body = _get(nginx, path, {"Accept-Encoding": "gzip"})
        assert response.getheader("Content-Encoding") == "gzip", path
        assert response.getheader("Vary") == "Accept-Encoding", path
        local = site / path.lstrip("/")
        local = local / "index.html" if local.is_dir() else local
        assert gzip.decompress(body) == local.read_bytes(), path
        assert len(body) < local.stat().st_size / 2, path


def test_missing_page_gets_the_sites_404_page(browser, nginx, site):
    response, body = _get(nginx, "/no/such/page/")
    assert response.status == 404
    assert body == (site / "404.html").read_bytes()
    assert response.getheader("Content-Security-Policy")
    # 读者看到的：带样式和导航的 404 页，资源都加载成功
    page = browser.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "/no/such/" not in r.url else None)
    page.goto(f"{nginx}/no/such/page/", wait_until="load")
    assert page.locator("h1").first.inner_text().strip().startswith("404")
    assert page.locator(".md-header").is_visible()
    page.close()
    assert failed == []
    response, _ = _get(nginx, "/.git/config")
    assert response.status == 404


def test_load_2000_requests_over_20_connections(nginx, site):
    """有界压力测试：20个长连接各发100个请求（页面、资源、搜索索引、下载文件），全部成功，自己结束。"""
    bundle = next(site.glob("assets/javascripts/bundle.*.min.js")).relative_to(site).as_posix()
    docx = next(site.glob("downloads/checklists/*.docx")).relative_to(site).as_posix()
    paths = {"/": site / "index.html", "/lists/branch/": site / "lists/branch/index.html",
             "/procedures/three-meetings/": site / "procedures/three-meetings/index.html",
             "/search/search_index.json": site / "search/search_index.json",
             f"/{bundle}": site / bundle, f"/{docx}": site / docx}
    expected = {p: f.stat().st_size for p, f in paths.items()}
    order = list(expected)
    parts = urlparse(nginx)

    def worker(n: int) -> list[str]:
        errors = []
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            for i in range(100):
                path = order[(n + i) % len(order)]
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    body = response.read()
                    if response.status != 200 or len(body) != expected[path]:
                        errors.append(f"{path}: {response.status}, {len(body)} 字节")
                except (OSError, http.client.HTTPException) as exc:
                    errors.append(f"{path}: {exc!r}")
                    conn.close()
                    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        finally:
            conn.close()
        return errors

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(worker, range(20)))
    errors = [e for r in results for e in r]
    assert errors == [], f"{len(errors)} 个请求失败（{time.monotonic() - start:.1f} 秒）：{errors[:10]}"


def test_make_nginx_fills_in_the_servers_directory_and_port(site, tmp_path):
    from handbook.site.deploy import main

    out = tmp_path / "handbook.conf"
    assert main(["--site", str(site), "--root", "/srv/kb", "--listen", "10.0.0.5:8080", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "root /srv/kb;" in text and "listen 10.0.0.5:8080;" in text
    assert not re.search(r"\$\{HANDBOOK_[A-Z_]+\}", text)
    assert "'sha256-" in text
