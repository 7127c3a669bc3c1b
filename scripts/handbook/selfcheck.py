"""自查工具页（docs/checklists/self-check.md）：标记 <!-- selfcheck --> 输出表单、模板和内嵌数据。

清单由 docs/javascripts/selfcheck.js 在浏览器里按与 Model.checklist 相同的算法计算。内嵌数据和
site/data/responsibilities.json 是同一个函数（exports.to_json）的输出：离线包从文件夹打开（file://）时，
浏览器不允许 fetch 本地 JSON，所以页面优先用内嵌的一份。
"""
from __future__ import annotations

from .exports import to_json
from .office import SIGNATURES


def marker(r, arg) -> str:
    """r 是 render.PageRenderer。"""
    # “<” 写成 \u003c：JSON 解析结果不变，数据里即使出现 </script> 也不会提前结束脚本元素
    data = to_json(r.model, r.extra).replace("<", "\\u003c")
    lists = [lst for lst in r.model.lists.values() if lst.in_checklist]
    return r.render("blocks/selfcheck.md.j2", data=data, lists=lists, signatures=SIGNATURES)


# ---- 基准（make bench） ------------------------------------------------------------------
def bench() -> dict:
    """从文件夹打开自查页到清单出现的时间（5次取中位数）、切换全部维度组合的平均耗时、
    页面和内嵌数据的大小，以及生成全部单位档案日历文件的耗时。用已有的 site/，没有就现场构建。"""
    import os
    import statistics
    import subprocess
    import sys
    import tempfile
    import time
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from . import ROOT, duty_calendar
    from .content import load_content

    start = time.perf_counter()
    content = load_content()
    loaded = time.perf_counter()
    ics = duty_calendar.files(content, {"extra": {"edition": "基准", "issuer": "基准"}})
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
