"""性能基准（make bench）：打印表格，并把同样的数字写入 dist/bench.json。

每个基准是一个函数，返回 {指标: 数值}；后续功能把自己的基准加进 BENCHMARKS。
"""
from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .. import DOCS, ROOT
from ..core.content import load_content
from ..export.responsibilities import site_exports
from ..site import checklist_pages
from . import search, selfcheck, serve, steps, weight

SCALE_PAGES = int(os.environ.get("BENCH_SCALE_PAGES", "1000"))
SCALE_SECTIONS = 20
PAGE_CHARS = 3000


def _run(cmd: list[str], cwd: Path, **env: str) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_build() -> dict:
    """完整严格构建（与 make site 相同）的耗时：墙上时间和 CPU 时间（用户+系统，机器繁忙时更可比）。

    先用一个空的缓存（PDF、Word、Excel）从头构建，再用同一个缓存构建一次（PDF 的输入没变：编辑者改了生成的页面、
    数据之外的东西，或者什么也没改时再构建一次）。
    """
    command = [sys.executable, "-m", "handbook", "build", "--site-dir"]
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("cold", "warm"):
            cpu = _cpu_of_children()
            seconds = _run([*command, f"{tmp}/{name}"], ROOT, HANDBOOK_CACHE=f"{tmp}/cache")
            out |= {f"full_build_{name}_s": round(seconds, 2), f"full_build_{name}_cpu_s": round(_cpu_of_children() - cpu, 2)}
        out["html_pages"] = sum(1 for _ in Path(tmp, "warm").rglob("*.html"))
    return {**out, "full_build_target_s": 25}


def bench_model() -> dict:
    """解析全部内容、生成全部个性化清单页和导出文件（JSON、Word、Excel）的耗时。"""
    config = {"extra": {"edition": "基准", "issuer": "基准"}}
    start = time.perf_counter()
    content = load_content()
    parsed = time.perf_counter()
    pages = checklist_pages.files(content, config)
    generated = time.perf_counter()
    exported = site_exports(content.model, config["extra"])
    done = time.perf_counter()
    return {"parse_s": round(parsed - start, 3), "checklist_pages_s": round(generated - parsed, 3),
            "exports_s": round(done - generated, 3), "model_total_s": round(done - start, 3),
            "model_total_target_s": 2.0, "checklist_pages": len(pages), "export_files": len(exported)}


# ---- 规模测试：1000页中文站点，本项目配置 vs. 只装 Material + jieba -----------------
def _vocabulary() -> list[str]:
    import jieba
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.rglob("*.md")))
    words = [w for w in jieba.cut("".join(re.findall(r"[\u4e00-\u9fff，。、；：]+", text)))]
    return [w for w in words if w.strip()]


def _synthetic_pages(dest: Path) -> list[dict]:
    """在 dest 下写 SCALE_PAGES 个约3000字的页面，分成 SCALE_SECTIONS 个板块；返回 nav 片段。"""
    rng = random.Random(20261127)
    vocab = _vocabulary()
    nav = []
    per_section = max(1, SCALE_PAGES // SCALE_SECTIONS)
    n = 0
    for s in range(SCALE_SECTIONS):
        entries = []
        for _ in range(per_section):
            n += 1
            words, size, parts = [], 0, []
            while size < PAGE_CHARS:
                w = rng.choice(vocab)
                words.append(w)
                size += len(w)
                if len(words) % 250 == 0:
                    parts.append("".join(words))
                    words = []
            parts.append("".join(words))
            body = "\n\n".join(f"## 第{i + 1}节\n\n{p}" for i, p in enumerate(parts))
            src = f"scale/s{s + 1:02d}/p{n:04d}.md"
            path = dest / src
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\ntitle: 测试页{n}\n适用对象: 测试\n依据: [测试]\n责任处室: 办公室\n审核日期: 2026-11-27\n---\n\n"
                            f"# 测试页{n}\n\n{body}\n", encoding="utf-8")
            entries.append({f"测试页{n}": src})
        nav.append({f"规模测试{s + 1:02d}": entries})
    return nav


def _nav_yaml(nav: list[dict], indent: str = "  ") -> str:
    lines = []
    for section in nav:
        (name, entries), = section.items()
        lines.append(f"{indent}- {name}:")
        lines += [f"{indent}    - {k}: {v}" for e in entries for k, v in e.items()]
    return "\n".join(lines) + "\n"


def bench_scale() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ours, bare = tmp / "ours", tmp / "bare"
        shutil.copytree(DOCS, ours / "docs")
        nav = _synthetic_pages(ours / "docs")
        shutil.copytree(ROOT / "overrides", ours / "overrides")
        (ours / "scripts").symlink_to(ROOT / "scripts")
        (ours / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8") + _nav_yaml(nav),
                                         encoding="utf-8")
        # 对照组：同样的页面（本站内容 + 生成的页面），只用 Material + jieba 的最简配置
        shutil.copytree(ours / "docs", bare / "docs", ignore=shutil.ignore_patterns("_data"))
        site_nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
        (bare / "mkdocs.yml").write_text(
            "site_name: 对照\ntheme:\n  name: material\n  language: zh\n  font: false\n"
            "plugins:\n  - search:\n      lang: zh\nnav:\n" + site_nav + _nav_yaml(nav), encoding="utf-8")
        t_bare = _run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp / "bare-site")], bare)
        t_ours = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp / "ours-site")], ours)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in (bare / "docs" / "scale").rglob("*.md"))
    return {"scale_pages": SCALE_PAGES, "scale_chars": chars, "scale_ours_s": round(t_ours, 1),
            "scale_bare_s": round(t_bare, 1), "scale_ratio": round(t_ours / t_bare, 2), "scale_ratio_target": 1.2}


BENCHMARKS = {"build": bench_build, "serve": serve.bench, "model": bench_model, "scale": bench_scale, "selfcheck": selfcheck.bench, "forms": steps.bench_forms, "pdf": steps.bench_pdf, "weight": weight.bench, "lint": steps.bench_lint, "search": search.bench}


def main() -> int:
    results = {}
    for name, fn in BENCHMARKS.items():
        print(f"… {name}", file=sys.stderr, flush=True)
        results[name] = fn()
    width = max(len(k) for r in results.values() for k in r)
    print(f"\n{'指标'.ljust(width)}  数值")
    for name, figures in results.items():
        print(f"[{name}]")
        for key, value in figures.items():
            print(f"{key.ljust(width)}  {value}")
    out = ROOT / "dist" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\n已写入 {out.relative_to(ROOT)}")
    return 0
