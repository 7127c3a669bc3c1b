"""单个构建步骤的基准：表单与台账文件、PDF 步骤、格式检查。"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from .. import DOCS, ROOT
from ..core.content import load_content
from ..pdf.writer import write_books
from ..site import form_pages
from ..site.build import site_config
from ..tools.lint import lint, text_files

CONFIG = {"extra": {"edition": "基准", "issuer": "基准"}}


def bench_forms() -> dict:
    """生成全部表单页、Word 和 Excel 文件的耗时和大小（内容读入不计时）。"""
    content = load_content()
    start = time.perf_counter()
    out = form_pages.files(content, CONFIG)
    seconds = time.perf_counter() - start
    sizes = {ext: sum(len(v) for k, v in out.items() if k.endswith(ext)) for ext in (".docx", ".xlsx")}
    return {"forms": len(content.forms), "forms_files_s": round(seconds, 2), "forms_files_target_s": 3.0,
            "forms_docx_kib": round(sizes[".docx"] / 1024), "forms_xlsx_kib": round(sizes[".xlsx"] / 1024)}


def bench_pdf() -> dict:
    """在临时目录里构建站点（只运行 mkdocs build），再计时整个 PDF 步骤。"""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(site)], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        start = time.perf_counter()
        with mock.patch.dict(os.environ, {"HANDBOOK_CACHE": "off"}):     # 从头排版，不用缓存
            stats = write_books(site, site_config())
        seconds = time.perf_counter() - start
    return {"pdf_step_s": round(seconds, 2), "pdf_step_target_s": 20, **stats, "handbook_kib_per_page_target": 40}


def bench_lint() -> dict:
    """检查全部内容（make lint）的耗时。"""
    start = time.perf_counter()
    findings = lint()
    seconds = time.perf_counter() - start
    return {"lint_s": round(seconds, 2), "lint_files": len(text_files(DOCS)), "lint_findings": len(findings)}
