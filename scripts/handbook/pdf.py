"""PDF 版：整本手册 pdf/handbook.pdf，以及每个单位档案一页的自查表 pdf/checklists/<档案>.pdf。

make site：mkdocs build 之后由 build.post_build_steps() 对新站点调用 write_pdfs()；
make pdf：对已经构建好的站点重新生成 PDF：python -m handbook.pdf site
同一提交（SOURCE_DATE_EPOCH）重复生成的 PDF 逐字节相同。
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import ROOT, checklists
from .content import load_content
from .errors import ContentErrors
from .pdf_book import handbook_html, load_chapters, nav_parts
from .pdf_forms import checklist_pdfs
from .pdf_typeset import layout, page_labels, stamp

HANDBOOK = "pdf/handbook.pdf"


def checklist_pdf(profile_id: str) -> str:
    """档案的自查表 PDF 在站点里的路径。"""
    return f"pdf/checklists/{profile_id}.pdf"


def site_config(config_file: Path = ROOT / "mkdocs.yml"):
    """读 mkdocs.yml 并运行各插件的 on_config：钩子在这一步把生成的页面加进 nav。"""
    from mkdocs.config import load_config
    config = load_config(str(config_file))
    return config.plugins.on_config(config)


def write_pdfs(site: Path, config_file: Path = ROOT / "mkdocs.yml") -> dict:
    """生成全部 PDF，写进 site/pdf/；返回耗时、页数和大小（make bench 用）。"""
    config = site_config(config_file)
    extra = config["extra"]
    content = load_content(Path(config["docs_dir"]))
    when = stamp()

    # 个性化清单各档案的页面另出一页的自查表，不收进整本手册
    generated = {src for entries in checklists.nav(content).values() for e in entries for src in e.values()}
    skip = set(extra.get("pdf", {}).get("skip", [])) | generated
    start = time.perf_counter()
    parts = nav_parts(config["nav"], skip)
    load_chapters(site, parts, config.get("site_url") or "")
    doc = layout(handbook_html(parts, extra, when))
    # 封面和目录是前置部分（罗马数字），第一部分从第1页起
    body = next(i for i, page in enumerate(doc.pages) if parts[0].id in page.anchors)
    data = doc.write_pdf(finisher=page_labels([(0, "upper-roman"), (body, "decimal")]))
    handbook_s = time.perf_counter() - start
    _write(site / HANDBOOK, data)

    start = time.perf_counter()
    forms = checklist_pdfs(content.model, extra, when)
    for profile_id, form in forms.items():
        _write(site / checklist_pdf(profile_id), form)
    return {"handbook_s": round(handbook_s, 2), "handbook_pages": len(doc.pages),
            "handbook_kib": round(len(data) / 1024), "kib_per_page": round(len(data) / 1024 / len(doc.pages), 1),
            "checklists_s": round(time.perf_counter() - start, 2), "checklist_pdfs": len(forms)}


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook.pdf", description="为已构建的站点重新生成 PDF")
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"), help="站点目录（默认 site/）")
    args = parser.parse_args(argv)
    site = Path(args.site).resolve()
    if not (site / "index.html").is_file():
        print(f"错误：{site} 不是构建好的站点，请先运行 make site", file=sys.stderr)
        return 2
    try:
        stats = write_pdfs(site)
    except ContentErrors as exc:
        print(f"PDF 生成失败，{len(exc.errors)} 处错误：\n{exc}", file=sys.stderr)
        return 1
    print(f"PDF 已生成：{HANDBOOK}（{stats['handbook_pages']} 页）和 {stats['checklist_pdfs']} 份自查表")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
