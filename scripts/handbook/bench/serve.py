"""make serve 的往返时间：保存一个页面之后，多久浏览器里能看到改动。

在临时目录里复制一份项目（docs、templates、overrides、mkdocs.yml；代码用符号链接），用 make serve 的同一条命令（mkdocs serve）
在空闲的本机端口上启动预览，等首次构建完成后改一个页面，轮询这个页面的地址直到出现改动。
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .. import ROOT

PAGE = "handbook/common-problems.md"      # 改这个页面（普通的正文页）
URL_PATH = "handbook/common-problems/"
TIMEOUT_S = 600


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, deadline: float) -> float:
    while time.perf_counter() < deadline:
        if text in _get(url):
            return time.perf_counter()
        time.sleep(0.05)
    raise TimeoutError(f"{url} 在 {TIMEOUT_S} 秒内没有出现“{text}”")


def bench() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name in ("docs", "templates", "overrides"):
            shutil.copytree(ROOT / name, tmp / name)
        shutil.copy2(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
        (tmp / "scripts").symlink_to(ROOT / "scripts")
        port = _free_port()
        url = f"http://127.0.0.1:{port}/{URL_PATH}"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_PREVIEW": "1"}     # 与 make serve 相同
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            page = tmp / "docs" / PAGE
            original = page.read_text(encoding="utf-8")
            first = _wait_for(url, "</html>", start + TIMEOUT_S) - start
            rounds = []
            for n in range(3):
                time.sleep(1)                      # 让上一次重建和文件监视安静下来
                mark = f"基准改动{n}号"
                page.write_text(original.rstrip("\n") + f"\n\n{mark}\n", encoding="utf-8")
                saved = time.perf_counter()
                rounds.append(_wait_for(url, mark, saved + TIMEOUT_S) - saved)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return {"serve_first_build_s": round(first, 1), "serve_edit_to_page_s": round(sorted(rounds)[1], 2),
            "serve_edit_to_page_max_s": round(max(rounds), 2), "serve_edit_to_page_target_s": 3.0}
