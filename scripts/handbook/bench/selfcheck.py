"""自查工具页的基准：从文件夹打开自查页到清单出现的时间、切换单位的耗时、页面和数据的大小，
以及生成全部单位档案日历文件的耗时。"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import ROOT
from ..core.content import load_content
from ..export.calendar_ics import calendar_files


def bench() -> dict:
    """从文件夹打开自查页到清单出现的时间（5次取中位数）、切换全部维度组合的平均耗时、
    页面和内嵌数据的大小，以及生成全部单位档案日历文件的耗时。用已有的 site/，没有就现场构建。"""
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    content = load_content()
    loaded = time.perf_counter()
    ics = calendar_files(content.model, content.calendar, {"edition": "基准", "issuer": "基准"})
    ics_s = time.perf_counter() - loaded
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(os.environ.get("HANDBOOK_SITE") or ROOT / "site")
        if not (site / "checklists/self-check/index.html").is_file():
            site = Path(tmp) / "site"
            subprocess.run([sys.executable, "-m", "handbook", "build", "--site-dir", str(site)],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        page_file = site / "checklists/self-check/index.html"
        html = page_file.read_text(encoding="utf-8")
        data_bytes = len((site / "data/responsibilities.json").read_bytes())
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                         args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            loads = []
            for _ in range(5):
                t0 = time.perf_counter()
                page.goto(page_file.as_uri())
                page.wait_for_selector(".hb-sc-item")
                loads.append(time.perf_counter() - t0)
            # 在页面里逐个设置全部维度组合，每个组合触发一次重新计算和渲染
            per_switch_ms, combos = page.evaluate("""() => {
              const form = document.querySelector('.hb-sc-form');
              const dims = [...form.querySelectorAll('select:not([name=profile])')];
              const all = dims.reduce((acc, s) => acc.flatMap(c => [...s.options].map(o => [...c, [s.name, o.value]])), [[]]);
              const t0 = performance.now();
              for (const combo of all) {
                for (const [name, value] of combo) form.elements[name].value = value;
                form.elements[combo[0][0]].dispatchEvent(new Event('change', {bubbles: true}));
              }
              return [(performance.now() - t0) / all.length, all.length];
            }""")
            browser.close()
    return {"selfcheck_open_file_ms": round(statistics.median(loads) * 1000),
            "selfcheck_switch_ms": round(per_switch_ms, 1), "selfcheck_combinations": combos,
            "selfcheck_page_kb": round(len(html.encode()) / 1024), "selfcheck_data_kb": round(data_bytes / 1024),
            "calendar_ics_files": len(ics), "calendar_ics_s": round(ics_s, 3),
            "content_load_s": round(loaded - start, 3)}
