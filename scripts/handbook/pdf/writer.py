"""印刷版：整本手册 pdf/handbook.pdf、每个单位档案一页的自查表 pdf/checklists/<档案>.pdf，
以及 Word 版手册 downloads/handbook.docx。

make site：mkdocs build 之后由 site/build.py 对新站点调用 write_books()；
make pdf：对已经构建好的站点重新生成：python -m handbook pdf site
同一提交（SOURCE_DATE_EPOCH）重复生成的文件逐字节相同。
"""
from __future__ import annotations

import multiprocessing
import re
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..core.errors import ContentError, ContentErrors
from ..core.markers import DOWNLOADS
from ..core.public import JSON_PATH, read_json
from .book import Part, handbook_html, load_chapters, nav_parts
from .checklists import checklist_pdfs
from .docx_book import HANDBOOK_DOCX, book_docx, handbook_cover
from .typeset import Stamp, page_labels, stamp, typeset

HANDBOOK = DOWNLOADS["handbook-pdf"][0]
CHECKLIST = DOWNLOADS["checklist-pdf"][0]


def write_books(site: Path, config) -> dict:
    """生成全部印刷版，写进站点目录；返回耗时、页数和大小（make bench 用）。

    config 是读入的 mkdocs.yml（用到 nav、extra、docs_dir、site_url；nav 里是编写的页面，
    生成的页面不收进手册，见 book.nav_parts）。

    各章只从构建好的页面读一次，PDF 和 Word 共用。排整本手册最久，在这个进程里做；另一个进程同时排自查表，
    再写 Word 版（两核机器上总时间约为手册一项的时间）。
    """
    extra = dict(config["extra"])
    when = stamp()
    spawn = multiprocessing.get_context("spawn")    # 不 fork：WeasyPrint 用到的 C 库不保证 fork 安全
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        forms = pool.submit(write_checklists, site, Path(config["docs_dir"]), extra, when)
        start = time.perf_counter()
        parts = nav_parts(config["nav"], set(extra.get("pdf", {}).get("skip", [])), Path(config["docs_dir"]))
        load_chapters(site, parts, config.get("site_url") or "")
        word = pool.submit(write_word, site, parts, extra, when)
        stats = write_handbook(site, parts, extra, when, start)
        form_stats, errors = forms.result()
        word_stats = word.result()
    if errors:
        raise ContentErrors(errors)
    return {**stats, **form_stats, **word_stats}


def write_handbook(site: Path, parts: list[Part], extra: dict, when: Stamp, start: float) -> dict:
    pages, data = book_pdf(parts, extra, when)
    _write(site / HANDBOOK, data)
    return {"handbook_s": round(time.perf_counter() - start, 2), "handbook_pages": pages,
            "handbook_kib": round(len(data) / 1024), "handbook_kib_per_page": round(len(data) / 1024 / pages, 1)}


def write_word(site: Path, parts: list[Part], extra: dict, when: Stamp) -> dict:
    """Word 版手册：与 PDF 同样的部分和章（在另一个进程里运行）。"""
    data = book_docx(parts, handbook_cover(extra, when))
    _write(site / HANDBOOK_DOCX, data)
    return {"handbook_docx_kib": round(len(data) / 1024)}


def book_pdf(parts: list[Part], extra: dict, when: Stamp) -> tuple[int, bytes]:
    """整本手册（或本单位版）排成 PDF：返回 (页数, PDF)。"""
    first_part = parts[0].id

    def labels(doc):
        # 封面和目录是前置部分（罗马数字），第一部分从第1页起
        body = next(i for i, page in enumerate(doc.pages) if first_part in page.anchors)
        return page_labels([(0, "upper-roman"), (body, "decimal")])

    return typeset(handbook_html(parts, extra, when), "handbook", labels)


def write_checklists(site: Path, docs: Path, extra: dict, when: Stamp) -> tuple[dict, list[ContentError]]:
    """在子进程里运行：错误作为返回值带回（ContentErrors 不能原样跨进程传递）。

    清单读站点发布的公开数据（data/responsibilities.json），不再解析 Markdown；
    排不进一页的档案报告它在 units.yml 里的行（公开数据里没有行号，按档案编号找）。
    """
    start = time.perf_counter()
    units = docs / "_data" / "units.yml"
    lines = units.read_text(encoding="utf-8").split("\n")
    try:
        data = read_json((site / JSON_PATH).read_text(encoding="utf-8"))
        forms = checklist_pdfs(data, extra, when, lambda p: _profile_line(lines, p.id))
    except ContentErrors as exc:
        return {}, exc.errors
    for profile_id, data in forms.items():
        _write(site / CHECKLIST.format(id=profile_id), data)
    return {"checklists_s": round(time.perf_counter() - start, 2), "checklist_pdfs": len(forms),
            "checklist_kib": round(sum(map(len, forms.values())) / 1024 / max(len(forms), 1))}, []


def _profile_line(lines: list[str], profile_id: str) -> int:
    """档案那一行：“- {id: gov-branch-general, …}”或“- id: gov-branch-general”。"""
    pattern = re.compile(rf"\bid:\s*{re.escape(profile_id)}\s*(?:[,}}]|$)")
    return next((n for n, text in enumerate(lines, 1) if pattern.search(text)), 1)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
