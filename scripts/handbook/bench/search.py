"""站内搜索基准（make bench 的 search 一项）：在 Chromium 里往真实的搜索框输入查询集，量召回率和延迟。

同一次运行里构建两个站点：本项目（handbook.search 开启）和对照组“原版 Material + jieba”
（环境变量 HANDBOOK_STOCK_SEARCH=1：不加用户词典、不补索引、不修补 worker），用同一套查询比较。

每条查询（tests/search/queries.yml）：
  1. 像输入法提交一样插入整段文字（keyboard.insert_text），再按 End 触发 Material 监听的 keyup；
  2. 延迟 = keyup → 结果区第一次出现非占位状态的 DOM 变化（MutationObserver，performance.now()），
     不含随后的绘制；全部查询跑 BENCH_SEARCH_REPEATS 遍（默认3遍），取 p50/p95；
  3. 名次 = 期望页面在按页面分组的结果里的位置（结果列表每个 li 是一个页面），recall@1、recall@5；
     期望页面可以是几个（问题有几个页面都直接回答时），命中任一个都算；
  4. 按类别（标题、词语……问题）分别给出 recall@1、recall@5 和延迟 p50/p95；
  5. ready_ms = 第一次出结果的时间：新开页面，页面加载完后点进搜索框（索引这时才开始下载），输入 READY_QUERY，
     从搜索框获得焦点到结果列表出现，取中位数（BENCH_SEARCH_READY_RUNS 次，默认7次，每次新开页面）。
tests/test_search.py 用同样的函数（只跑一遍）守召回率下限。
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import yaml

from .. import ROOT
from ..search.index import INDEX, STOCK

QUERIES = ROOT / "tests" / "search" / "queries.yml"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SEARCH_INPUT = "input[data-md-component=search-query]"
# 量“第一次出结果”用的查询：一个常见的词（单字“党”几乎命中每一节，不是读者会搜的）
READY_QUERY = "党费"
READY_RUNS = int(os.environ.get("BENCH_SEARCH_READY_RUNS", "7"))

# 在页面里挂一个一次性的探针：记下 keyup 时刻，等结果区出现非占位状态，读出按页面分组的结果链接
_ARM = r"""placeholder => {
  const input = document.querySelector("[data-md-component=search-query]");
  const meta = document.querySelector(".md-search-result__meta");
  const root = new URL(".", location.href).href;
  const probe = window.__probe = {};
  const onKeyup = () => { probe.t0 = performance.now(); };
  input.addEventListener("keyup", onKeyup, {capture: true, once: true});
  const observer = new MutationObserver(() => {
    if (probe.t0 === undefined || meta.textContent === placeholder) return;
    probe.ms = performance.now() - probe.t0;
    probe.count = Number((meta.textContent.match(/\d+/) || [0])[0]);
    probe.pages = [...document.querySelectorAll(".md-search-result__list > li")].map(li => {
      const url = new URL(li.querySelector("a").href);
      return (url.origin + url.pathname).slice(root.length);
    });
    observer.disconnect();
  });
  observer.observe(document.querySelector(".md-search-result"), {childList: true, subtree: true, characterData: true});
  input.value = "";
}"""


def load_queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def expected_pages(query: dict) -> list[str]:
    """查询集里的 page：一个页面，或几个都直接回答这个问题的页面（命中任一个都算）。"""
    page = query["page"]
    return page if isinstance(page, list) else [page]


def page_path(href: str) -> str:
    """结果链接 → 站点内页面路径；离线包的 x.html / x/index.html 与目录式地址 x/ 视为同一页。"""
    if href.endswith("index.html"):
        href = href[: -len("index.html")]
    elif href.endswith(".html"):
        href = href[: -len(".html")] + "/"
    return href


@contextlib.contextmanager
def serve(directory: Path):
    """在 127.0.0.1 的随机端口上提供静态文件，退出时关闭。"""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    handler = functools.partial(Quiet, directory=str(directory))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        finally:
            httpd.shutdown()


# 搜索框获得焦点（读者打开搜索框）的时刻，和结果列表第一次出现的时刻
_WATCH_READY = r"""() => {
  const input = document.querySelector("[data-md-component=search-query]");
  const watch = window.__ready = {};
  input.addEventListener("focus", () => { watch.open ??= performance.now(); }, {capture: true});
  new MutationObserver((_, observer) => {
    if (document.querySelector(".md-search-result__list > li")) {
      watch.first = performance.now();
      observer.disconnect();
    }
  }).observe(document.querySelector(".md-search-result"), {childList: true, subtree: true});
}"""


def open_search(page, url: str) -> tuple[str, float]:
    """打开首页和搜索框，输入 READY_QUERY 等结果出来；返回空查询时的占位文字和“打开搜索框 → 第一次出结果”的毫秒数。"""
    page.goto(url, wait_until="load")
    page.evaluate(_WATCH_READY)
    page.click(SEARCH_INPUT)
    page.keyboard.insert_text(READY_QUERY)
    page.keyboard.press("End")
    page.wait_for_function("window.__ready.first !== undefined", timeout=30_000)
    watch = page.evaluate("window.__ready")
    page.fill(SEARCH_INPUT, "")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__list > li", state="detached")
    return page.locator(".md-search-result__meta").text_content(), watch["first"] - watch["open"]


def run_query(page, placeholder: str, q: str) -> dict:
    page.evaluate(_ARM, placeholder)
    page.keyboard.insert_text(q)
    page.keyboard.press("End")
    page.wait_for_function("window.__probe.ms !== undefined", timeout=10_000)
    probe = page.evaluate("window.__probe")
    return {"ms": probe["ms"], "count": probe["count"], "pages": [page_path(p) for p in probe["pages"]]}


def run_queries(browser, url: str, queries: list[dict], repeats: int = 1) -> dict:
    """在一个页面里依次输入全部查询；返回每条的名次和全部延迟（每条查询一个列表，每遍一个数）。"""
    page = browser.new_page()
    try:
        placeholder, ready_ms = open_search(page, url)
        rows = []
        latencies = {query["q"]: [] for query in queries}
        for n in range(repeats):
            for query in queries:
                result = run_query(page, placeholder, query["q"])
                latencies[query["q"]].append(result["ms"])
                if n == 0:
                    pages = result["pages"]
                    ranks = [pages.index(p) + 1 for p in expected_pages(query) if p in pages]
                    rank = min(ranks, default=None)
                    rows.append({**query, "rank": rank, "results": result["count"], "top": pages[:3]})
        return {"rows": rows, "latencies": latencies, "ready_ms": ready_ms}
    finally:
        page.close()


def time_to_ready(browser, url: str) -> float:
    """新开一页：打开搜索框到第一次出结果（下载索引、在 worker 里准备好索引、查询）的毫秒数。"""
    page = browser.new_page()
    try:
        return open_search(page, url)[1]
    finally:
        page.close()


def _percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return round(statistics.median(values), 1), round(values[min(len(values) - 1, int(0.95 * len(values)))], 1)


def summarize(run: dict) -> dict:
    rows = run["rows"]
    lat = [ms for q in rows for ms in run["latencies"][q["q"]]]
    n = len(rows)
    p50, p95 = _percentiles(lat)
    figures = {
        "queries": n,
        "recall_at_1": round(sum(r["rank"] == 1 for r in rows) / n, 3),
        "recall_at_5": round(sum(r["rank"] is not None and r["rank"] <= 5 for r in rows) / n, 3),
        "p50_ms": p50,
        "p95_ms": p95,
        "max_ms": round(max(lat), 1),
        "ready_ms": round(run["ready_ms"]),
        # 每条查询返回的页面数（中位数）：补充词不能让结果泛滥
        "results_median": statistics.median(r["results"] for r in rows),
    }
    for kind in dict.fromkeys(r["kind"] for r in rows):
        of_kind = [r for r in rows if r["kind"] == kind]
        figures[f"r1_{kind}"] = f"{sum(r['rank'] == 1 for r in of_kind)}/{len(of_kind)}"
        figures[f"r5_{kind}"] = f"{sum(r['rank'] is not None and r['rank'] <= 5 for r in of_kind)}/{len(of_kind)}"
        p50, p95 = _percentiles([ms for r in of_kind for ms in run["latencies"][r["q"]]])
        figures[f"p50_p95_{kind}"] = f"{p50} / {p95}"
    return figures


def recall_at(rows: list[dict], kind: str, k: int) -> float:
    of_kind = [r for r in rows if r["kind"] == kind]
    return sum(r["rank"] is not None and r["rank"] <= k for r in of_kind) / len(of_kind)


def index_size(site: Path) -> dict:
    raw = (site / INDEX).read_bytes()
    return {"index_kb": round(len(raw) / 1024, 1), "index_gzip_kb": round(len(gzip.compress(raw, 9)) / 1024, 1)}


def misses(rows: list[dict], worst: int = 5) -> list[str]:
    return [f"{r['q']}（{r['kind']}）期望 {'、'.join(p or '首页' for p in expected_pages(r))}，名次 {r['rank'] or '无'}，前3：{r['top']}"
            for r in rows if r["rank"] is None or r["rank"] > worst]


def _build(site: Path, stock: bool) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop(STOCK, None)
    if stock:
        env[STOCK] = "1"
    # 搜索的加工在 mkdocs 的 on_post_build 钩子里，mkdocs build 本身就包含；不需要 PDF 等后续步骤
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode:
        raise SystemExit(f"搜索基准：构建{'对照组' if stock else '本项目'}站点失败：\n{result.stdout[-3000:]}")


def bench(repeats: int = int(os.environ.get("BENCH_SEARCH_REPEATS", "3"))) -> dict:
    from playwright.sync_api import sync_playwright
    queries = load_queries()
    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for variant, stock in (("ours", False), ("stock", True)):
                site = Path(tmp) / variant
                _build(site, stock)
                with serve(site) as url:
                    run = run_queries(browser, url, queries, repeats)
                    ready = [run["ready_ms"]] + [time_to_ready(browser, url) for _ in range(READY_RUNS - 1)]
                figures = {**summarize({**run, "ready_ms": statistics.median(ready)}), **index_size(site)}
                results.update({f"{variant}_{k}": v for k, v in figures.items()})
                results[f"{variant}_ready_ms_runs"] = [round(ms) for ms in ready]
                if variant == "ours":
                    for line in misses(run["rows"]):
                        print(f"  未进前5：{line}", file=sys.stderr)
        finally:
            browser.close()
    results["ready_ratio"] = round(results["ours_ready_ms"] / results["stock_ready_ms"], 2)
    results.update({"target_recall_at_1": 0.93, "target_recall_at_5": 0.99, "target_question_r1": 0.85,
                    "target_question_r5": 0.95, "target_p95_ms": 50, "target_ready_ms": 500, "target_ready_ratio": 0.35,
                    "target_index_gzip_kb": 600})
    return results


if __name__ == "__main__":
    for key, value in bench().items():
        print(f"{key}\t{value}")
