"""完整构建：严格模式构建到临时目录，成功后才替换 site/，失败时原来的 site/ 不动。"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.config import load_config

from .. import ROOT
from ..core.cache import files_digest
from ..core.errors import ContentErrors
from ..core.markers import DOWNLOADS
from ..pdf.writer import write_books

# 决定站点内容的输入：内容、模板、主题覆盖、代码、配置和锁定的依赖
INPUTS = ("docs", "templates", "overrides", "scripts/handbook", "mkdocs.yml", "mkdocs.offline.yml", "requirements.lock")
_JIEBA_NOISE = re.compile(r"^(Building prefix dict|Loading model|Dumping model|Prefix dict has been built)")


def build(site: Path = ROOT / "site", config: str = "mkdocs.yml", steps=None) -> int:
    """steps：mkdocs build 之后的加工，默认 post_build_steps()（本单位版换成自己的）。"""
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
        for step in post_build_steps() if steps is None else steps:
            step(tmp)
        _swap(tmp, site)
        stamp_file(site).write_text(inputs_digest(config), encoding="utf-8")
        print(f"站点已生成：{site.relative_to(ROOT) if site.is_relative_to(ROOT) else site}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def site_config():
    """读入 mkdocs.yml（MkDocs 解析 !ENV 等标签、补全默认值）。"""
    return load_config(str(ROOT / "mkdocs.yml"))


def post_build_steps():
    """mkdocs build 之后对临时目录的加工：印刷版（PDF 整本手册、自查表和 Word 版手册）。"""
    return [lambda site: write_books(site, site_config())]


def rebuild_pdfs(site: Path) -> int:
    """make pdf：为已构建的站点重新生成 PDF 和 Word 版手册。"""
    if not (site / "index.html").is_file():
        print(f"错误：{site} 不是构建好的站点，请先运行 make site", file=sys.stderr)
        return 2
    try:
        stats = write_books(site, site_config())
    except ContentErrors as exc:
        print(f"PDF 生成失败，{len(exc.errors)} 处错误：\n{exc}", file=sys.stderr)
        return 1
    print(f"PDF 已生成：{DOWNLOADS['handbook-pdf'][0]}（{stats['handbook_pages']} 页）和 {stats['checklist_pdfs']} 份自查表；"
          f"Word 版：{DOWNLOADS['handbook-docx'][0]}")
    return 0


def _swap(new: Path, site: Path) -> None:
    old = site.with_name(f"{site.name}.old-{os.getpid()}")
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def inputs_digest(config: str = "mkdocs.yml") -> str:
    """输入文件（路径和内容）、配置文件名和 SOURCE_DATE_EPOCH 的哈希：相同则构建结果相同。"""
    digest = hashlib.sha256(f"{config}\0{os.environ.get('SOURCE_DATE_EPOCH', '')}".encode())
    return files_digest(INPUTS, digest).hexdigest()


def stamp_file(site: Path) -> Path:
    """记录构建输入哈希的文件，放在站点目录旁边（不进站点，不随站点发布）。"""
    return site.with_name(f"{site.name}.inputs")


def is_current(site: Path, config: str = "mkdocs.yml") -> bool:
    """site/ 是否由当前的输入构建：没有记录或输入变了都算过期。"""
    stamp = stamp_file(site)
    return (site / "index.html").is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == inputs_digest(config)
