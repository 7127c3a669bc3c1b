"""本单位版（make edition UNIT="…" PROFILE=<档案> [YEAR=…]）：一个单位自己的手册和网站。

写出 dist/edition-<档案>-<年份>/：
  handbook.docx、handbook.pdf  封面印单位名称和年份，正文之后是附件：本单位的个性化责任清单、工作日历；
  site/                         网站：页眉显示单位名称，自查工具和工作日历默认打开本单位的档案。
单位名称为空、档案不存在或年份不对时用中文说明错误，什么也不写。
内容和网站版是同一份：网站按 mkdocs.yml 加上本单位的几项设置构建，手册从这次构建的页面读出（pdf_book）。
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from .. import ROOT
from ..core.config import mkdocs_yml
from ..core.errors import ContentErrors
from ..core.markers import DOWNLOADS
from ..core.parse import load_model
from ..pdf.book import Chapter, Part, load_chapters, nav_parts
from ..pdf.docx_book import HANDBOOK_DOCX, Appendix, book_docx, handbook_cover
from ..pdf.typeset import stamp
from ..pdf.writer import book_pdf, write_checklists
from .build import build

HANDBOOK_PDF = DOWNLOADS["handbook-pdf"][0]
APPENDICES = (("checklists/{profile}.md", "个性化责任清单"), ("calendar/index.md", "工作日历"))


class EditionError(Exception):
    """用户输入的错误：说明写给编辑看。"""


def check_input(unit: str, profile_id: str, year: str, model) -> tuple[str, object, int]:
    unit = (unit or "").strip()
    if not unit:
        raise EditionError('请写明单位名称：make edition UNIT="省××厅机关党委" PROFILE=<档案编号>')
    ids = [p.id for p in model.profiles]
    if profile_id not in ids:
        listing = "\n".join(f"  {p.id}\t{p.name}" for p in model.profiles)
        raise EditionError(f"没有单位档案“{profile_id or '（空）'}”。可用的档案：\n{listing}")
    if not (year or "").isdigit() or not 2000 <= int(year) <= 2100:
        raise EditionError(f"年份“{year}”不对：请写四位数字，如 YEAR=2027")
    return unit, model.profile(profile_id), int(year)


def edition_config(unit: str, profile, year: int, path: Path) -> None:
    """继承 mkdocs.yml 的配置：网站名带单位名称（显示在页眉），extra.unit 让清单工具默认选本单位档案。"""
    base = mkdocs_yml()
    config = {
        "INHERIT": "mkdocs.yml",
        "site_name": f"{unit} · {base['site_name']}",
        "extra": {"unit": {"name": unit, "profile": profile.id, "year": year},
                  "edition": f"{year}年版"},
    }
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def appendices(site: Path, profile) -> list[Chapter]:
    """附件：本单位档案的个性化清单页和只留本单位工作的工作日历页。"""
    chapters = [Chapter(src=src.format(profile=profile.id), id=f"appendix-{n}", title=title)
                for n, (src, title) in enumerate(APPENDICES, 1)]
    load_chapters(site, [Part(id="appendix", title="附件", chapters=chapters)])
    calendar = BeautifulSoup(chapters[1].html, "lxml")
    for el in calendar.select("[data-profiles]"):
        if profile.id not in el["data-profiles"].split():
            el.decompose()
    for el in calendar.select("[data-hb-calendar]"):
        el.decompose()
    chapters[1].html = calendar.body.decode_contents()
    for ch, (_, title) in zip(chapters, APPENDICES):
        ch.title = title
    return chapters


def make_edition(unit: str, profile_id: str, year: str, dist: Path = ROOT / "dist") -> Path:
    model = load_model()
    unit, profile, year_n = check_input(unit, profile_id, year, model)
    dest = dist / f"edition-{profile.id}-{year_n}"
    work = Path(tempfile.mkdtemp(prefix="hb-edition-"))
    config_file = ROOT / f".edition-{os.getpid()}.yml"      # 放在项目根目录：继承的相对路径才对
    try:
        edition_config(unit, profile, year_n, config_file)
        site = work / "site"
        # 网站的整本手册 PDF、Word 版随后换成本单位版，构建时不排版，只生成各档案的一页自查表
        if build(site, config=config_file.name, steps=[_checklist_pdfs]) != 0:
            raise EditionError("网站构建失败（错误见上），没有写出本单位版")
        extra = {**dict(mkdocs_yml()["extra"]), "edition": f"{year_n}年版",
                 "unit": {"name": unit, "profile": profile.id, "year": year_n}}
        parts = nav_parts(mkdocs_yml()["nav"], set(extra["pdf"]["skip"]), ROOT / "docs")
        load_chapters(site, parts)
        extra_chapters = appendices(site, profile)
        when = stamp()
        # Word 版在另一个进程里写，与排 PDF 同时进行
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            word = pool.submit(edition_docx, work / "handbook.docx", parts, extra_chapters,
                               handbook_cover(extra, when, unit=unit))
            (work / "handbook.pdf").write_bytes(edition_pdf(parts, extra_chapters, extra, when))
            word.result()
        # 网站上的下载也换成本单位版
        shutil.copyfile(work / "handbook.docx", site / HANDBOOK_DOCX)
        shutil.copyfile(work / "handbook.pdf", site / HANDBOOK_PDF)
        (work / f"{site.name}.inputs").unlink(missing_ok=True)
        shutil.rmtree(dest, ignore_errors=True)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(work), dest)
        return dest
    finally:
        config_file.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)


def _checklist_pdfs(site: Path) -> None:
    _, errors = write_checklists(site, ROOT / "docs", dict(mkdocs_yml()["extra"]), stamp())
    if errors:
        raise ContentErrors(errors)


def edition_docx(path: Path, parts: list[Part], extra_chapters: list[Chapter], cover) -> None:
    path.write_bytes(book_docx(parts, cover, [Appendix(ch.title, ch.html) for ch in extra_chapters]))


def edition_pdf(parts: list[Part], extra_chapters: list[Chapter], extra: dict, when) -> bytes:
    """PDF 版：与网站上的整本手册同一模板，封面加单位名称，最后一部分是附件。"""
    book = parts + [Part(id="part-appendix", title="附件",
                         chapters=[replace(ch, title=f"附件{n}　{ch.title}") for n, ch in enumerate(extra_chapters, 1)])]
    return book_pdf(book, extra, when)[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook.edition", description="生成本单位版：Word、PDF 手册和网站")
    parser.add_argument("--unit", default="", help="单位名称，印在封面和页眉上")
    parser.add_argument("--profile", default="", help="单位档案编号（python -m handbook checklist --list-profiles 列出全部）")
    parser.add_argument("--year", default="", help="年份（默认取最后一次提交的年份）")
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="输出目录（默认 dist/）")
    args = parser.parse_args(argv)
    year = args.year or str(int(stamp().iso[:4]))
    try:
        dest = make_edition(args.unit, args.profile, year, Path(args.dist))
    except EditionError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(f"本单位版已生成：{dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
