"""共用夹具：已构建的 site/、本地 HTTP 服务、Debian Chromium。"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# 默认检查 make test 构建好的 site/；HANDBOOK_SITE 可以指向另一次构建的输出
SITE = Path(os.environ.get("HANDBOOK_SITE") or ROOT / "site")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-features=Translate,MediaRouter,OptimizationHints"]


@pytest.fixture(scope="session")
def site() -> Path:
    """make test 先构建好 site/；单独运行 pytest 时没有就现场构建一次。"""
    if not (SITE / "index.html").exists():
        subprocess.run([sys.executable, "-m", "handbook", "build", "--site-dir", str(SITE)], cwd=ROOT, check=True)
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """在 127.0.0.1 的随机端口上提供静态文件，退出时关闭。"""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        httpd.daemon_threads = True
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}"
        finally:
            httpd.shutdown()


@pytest.fixture(scope="session")
def base_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"没有 {CHROMIUM}：请先运行 make setup（安装 Debian 的 chromium）")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
