"""页面分量（make bench 的 weight 项）：读者第一次打开页面时实际下载多少字节。

用部署时的同一份 nginx 配置（gzip 压缩）提供站点，每页开一个全新的 Chromium 上下文（冷缓存），
按 nginx 访问日志里每个请求发出的字节数（含响应头）累加。搜索索引在读者打开搜索框时才下载
（scripts/handbook/search/index.py），所以首屏不含它；它压缩后的大小单独列出。
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .. import ROOT
from ..site.deploy import Server, run_nginx

FIRST_VIEW_TARGET_KB = 400
INDEX = "/search/search_index.json"
_REQUEST = re.compile(r'"GET (\S+) [^"]*" (\d{3}) (\d+)')
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _site() -> tuple[Path, tempfile.TemporaryDirectory | None]:
    """已有的构建（HANDBOOK_SITE 或 site/）；没有就现场构建到临时目录。"""
    site = Path(os.environ.get("HANDBOOK_SITE") or ROOT / "site")
    if (site / "index.html").is_file():
        return site, None
    tmp = tempfile.TemporaryDirectory()
    site = Path(tmp.name) / "site"
    subprocess.run([sys.executable, "-m", "handbook", "build", "--site-dir", str(site)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return site, tmp


def _requests(log: Path, offset: int) -> dict[str, int]:
    """访问日志 offset 之后的请求：路径 → 发出的字节数。"""
    with log.open("rb") as f:
        f.seek(offset)
        lines = f.read().decode("utf-8", errors="replace").splitlines()
    return {m.group(1).split("?")[0]: int(m.group(3)) for m in map(_REQUEST.search, lines) if m}


def _cold_load(browser, server: Server, path: str) -> dict[str, int]:
    context = browser.new_context()
    page = context.new_page()
    offset = server.access_log.stat().st_size
    page.goto(f"{server.url}/{path}", wait_until="load")
    # 搜索 worker 在 load 之后才取索引：等日志 0.5 秒不再增长
    size, quiet_since = -1, time.monotonic()
    while time.monotonic() - quiet_since < 0.5:
        time.sleep(0.1)
        if server.access_log.stat().st_size != size:
            size, quiet_since = server.access_log.stat().st_size, time.monotonic()
    context.close()
    return _requests(server.access_log, offset)


def _index_transfer(server: Server) -> int:
    """搜索索引经 nginx 压缩后的传输字节数：页面打开时不再下载索引（打开搜索框才取），单独请求一次。"""
    request = urllib.request.Request(f"{server.url}{INDEX}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        return len(response.read())


def _kb(n: int) -> float:
    return round(n / 1024, 1)


def bench() -> dict:
    from playwright.sync_api import sync_playwright

    site, tmp = _site()
    try:
        pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
                       if not p.is_relative_to(site / "assets"))
        paths = ["" if p == "." else p + "/" for p in pages]
        index_raw = (site / INDEX.lstrip("/")).stat().st_size
        with run_nginx(site) as server, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            loads = {path: _cold_load(browser, server, path) for path in paths}
            browser.close()
            index_gzip = _index_transfer(server)
    finally:
        if tmp:
            tmp.cleanup()
    # 页面自身 = HTML + 样式 + 脚本 + 图片（万一有页面一打开就取索引，也不算进页面自身）
    own = {path: sum(v for k, v in reqs.items() if k != INDEX) for path, reqs in loads.items()}
    heaviest = max(own, key=own.get)
    home = loads[""]
    return {
        "home_first_view_kb": _kb(sum(home.values())),
        "home_first_view_target_kb": FIRST_VIEW_TARGET_KB,
        "home_without_search_index_kb": _kb(own[""]),
        "home_requests": len(home),
        "heaviest_page": "/" + heaviest,
        "heaviest_page_kb": _kb(own[heaviest]),
        "search_index_raw_kb": _kb(index_raw),
        "search_index_gzip_kb": _kb(index_gzip),
        "pages_measured": len(loads),
    }
