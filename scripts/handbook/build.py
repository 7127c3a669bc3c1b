"""完整构建：严格模式构建到临时目录，成功后才替换 site/，失败时原来的 site/ 不动。"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from . import ROOT

_JIEBA_NOISE = re.compile(r"^(Building prefix dict|Loading model|Dumping model|Prefix dict has been built)")


def build(site: Path = ROOT / "site", config: str = "mkdocs.yml") -> int:
    tmp = site.with_name(f"{site.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        # 不能用 --quiet：它把日志级别提到 ERROR，警告不再计数，--strict 也就失效了
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict",
             "--config-file", str(ROOT / config), "--site-dir", str(tmp)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in result.stdout.splitlines():
            if not line.startswith("INFO") and not _JIEBA_NOISE.match(line):
                print(line, file=sys.stderr)
        if result.returncode != 0:
            print(f"构建失败，{site.name}/ 保持不变。", file=sys.stderr)
            return result.returncode
        for step in post_build_steps():
            step(tmp)
        _swap(tmp, site)
        print(f"站点已生成：{site.relative_to(ROOT) if site.is_relative_to(ROOT) else site}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def post_build_steps():
    """mkdocs build 之后对临时目录的加工（搜索修补、PDF 等），按顺序执行。"""
    from .pdf import write_pdfs
    return [write_pdfs]


def _swap(new: Path, site: Path) -> None:
    old = site.with_name(f"{site.name}.old-{os.getpid()}")
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)
