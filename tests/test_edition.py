"""本单位版（make edition）：封面、附件、默认档案；每个档案的附件；错误输入什么也不写。

完整的一次本单位版在后台构建（conftest 的 edition 夹具）；每个档案的附件用已构建的 site/ 生成，不再构建。
"""
from __future__ import annotations

import io
import os
import re
import subprocess
from functools import cache

import pytest
from conftest import EDITION_PROFILE, EDITION_UNIT, EDITION_YEAR
from bs4 import BeautifulSoup
from docx import Document

from handbook.site import edition as ed
from handbook.pdf.docx_book import Appendix, book_docx, handbook_cover
from handbook.core.config import mkdocs_yml
from handbook.core.parse import load_model
from handbook.pdf.typeset import stamp

UNIT, PROFILE, YEAR = EDITION_UNIT, EDITION_PROFILE, EDITION_YEAR


@cache
def model():
    return load_model()


def item_ids(profile) -> list[str]:
    return [it.id for group in model().checklist(profile.selection) for it in group.items]


@pytest.mark.parametrize("argv, message", [
    (["--unit", "", "--profile", PROFILE], "请写明单位名称"),
    (["--unit", "   ", "--profile", PROFILE], "请写明单位名称"),
    (["--unit", UNIT, "--profile", "no-such-profile"], "没有单位档案“no-such-profile”"),
    (["--unit", UNIT, "--profile", PROFILE, "--year", "明年"], "年份“明年”不对"),
])
def test_bad_input_is_explained_in_chinese_and_writes_nothing(tmp_path, capsys, argv, message):
    dist = tmp_path / "dist"
    assert ed.main([*argv, "--dist", str(dist)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and message in err
    assert not dist.exists()
    assert not (ed.ROOT / f".edition-{os.getpid()}.yml").exists()
    if "no-such-profile" in argv:          # 列出可用的档案
        assert all(p.id in err for p in model().profiles)


def test_every_profile_gets_its_checklist_and_calendar_as_appendices(site):
    """每个档案：附件1是本档案的清单（全部条目编号），附件2是只留本档案工作的日历。
    附件怎样排进 Word 与档案无关，用最后一个档案查一次；每个档案的附件内容都查。"""
    extra = mkdocs_yml()["extra"]
    full_calendar = BeautifulSoup((site / "calendar/index.html").read_text(encoding="utf-8"), "lxml")
    for profile in model().profiles:
        chapters = ed.appendices(site, profile)
        checklist = BeautifulSoup(chapters[0].html, "lxml").get_text()
        missing = [i for i in item_ids(profile) if i not in checklist]
        assert missing == [], profile.id
        calendar = BeautifulSoup(chapters[1].html, "lxml")
        shown = [li.get("data-profiles") for li in calendar.select(".hb-cal li")]
        assert all(p is None or profile.id in p.split() for p in shown), profile.id
        expected = [li for li in full_calendar.select(".hb-cal li")
                    if li.get("data-profiles") is None or profile.id in li["data-profiles"].split()]
        assert len(shown) == len(expected), profile.id
    data = book_docx([], handbook_cover(extra, stamp(), unit=UNIT), [Appendix(ch.title, ch.html) for ch in chapters])
    doc = Document(io.BytesIO(data))
    blocks = list(doc.iter_inner_content())      # 段落和表格，按文档顺序
    text = [b.text if hasattr(b, "text") else "\n".join(c.text for row in b.rows for c in row.cells) for b in blocks]
    assert UNIT in text
    first, second = [i for i, b in enumerate(blocks) if getattr(b, "style", None) and b.style.name == "附件"]
    assert (text[first], text[second]) == ("附件1", "附件2")
    assert text[first + 1] == "个性化责任清单" and text[second + 1] == "工作日历"
    missing = [i for i in item_ids(profile) if i not in "\n".join(text[first:second])]
    assert missing == [], profile.id


@pytest.mark.slow
def test_edition_cover_appendices_and_default_profile(edition):
    assert edition.name == f"edition-{PROFILE}-{YEAR}"
    assert {p.name for p in edition.iterdir()} >= {"handbook.docx", "handbook.pdf", "site"}
    profile = model().profile(PROFILE)
    # Word：封面有单位名称和年份，正文之后是两个附件
    text = [p.text for p in Document(edition / "handbook.docx").paragraphs]
    cover = text[:text.index("目　录")]
    assert UNIT in cover and f"{YEAR}年版" in cover
    doc = Document(edition / "handbook.docx")
    assert [p.text for p in doc.paragraphs if p.style.name == "附件"] == ["附件1", "附件2"]
    # PDF：封面同样印单位名称和年份，附件在目录和正文里
    def pdf_text(*args):
        return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(edition / "handbook.pdf"), "-"],
                              check=True, capture_output=True, text=True).stdout
    page1 = pdf_text("-f", "1", "-l", "1")
    assert UNIT in page1 and f"{YEAR}年版" in page1
    whole = pdf_text()
    assert re.search(r"附件1\s*个性化责任清单", whole) and re.search(r"附件2\s*工作日历", whole)
    assert all(i in whole for i in item_ids(profile))
    # 网站：页眉是单位名称，自查工具和工作日历预先选好本单位档案，手册下载是本单位版
    site = edition / "site"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    assert UNIT in home.select_one(".md-header__topic").get_text()
    for page in ("checklists/self-check/index.html", "calendar/index.html"):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
        selected = soup.select('select[name="profile"] option[selected]')
        assert [o["value"] for o in selected] == [PROFILE], page
    assert (site / "downloads/handbook.docx").read_bytes() == (edition / "handbook.docx").read_bytes()
    assert (site / "pdf/handbook.pdf").read_bytes() == (edition / "handbook.pdf").read_bytes()


@pytest.mark.browser
@pytest.mark.slow
def test_edition_self_check_opens_on_the_unit_profile(edition, browser):
    from conftest import serve
    with serve(edition / "site") as url:
        page = browser.new_page()
        page.goto(f"{url}/checklists/self-check/")
        page.wait_for_selector(".hb-sc-item")
        assert page.eval_on_selector('select[name="profile"]', "s => s.value") == PROFILE
        page.close()
