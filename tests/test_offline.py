"""离线包（make offline）：解压到临时目录，用 Chromium 从 file:// 打开，像读者一样点导航、搜索、下载，
全程不发任何外部请求；搜索结果与服务器上的站点相同。"""
from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from browsing import RequestLog, search

from handbook.site import offline

pytestmark = pytest.mark.browser

# 整词查询和应当找到的页面（排序由搜索功能负责，这里只要求整词能找到本页；与服务器上的排序比较见下）
QUERIES = {
    "三会一课": "procedures/three-meetings",
    "组织生活会": "procedures/org-life-meeting",
    "谈心谈话": "procedures/heart-to-heart",
    "换届选举": "procedures/election",
}


@pytest.fixture(scope="module")
def folder(offline_zip, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(out)
    (top,) = out.iterdir()
    return top


@pytest.fixture
def reader(browser):
    """每项测试一个新的浏览器上下文，记下它的全部请求和脚本异常（见 assert_offline_clean）。"""
    context = browser.new_context()
    log = RequestLog(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    yield page, log, errors
    context.close()


def assert_offline_clean(log: RequestLog, errors: list[str]) -> None:
    assert log.urls, "没有记录到任何请求"
    assert log.external == [], f"离线包访问了外部主机：{sorted(set(log.external))}"
    assert errors == [], f"脚本异常：{errors}"


def _doc(url: str) -> str:
    """结果链接 → 与部署方式无关的页面标识（lists/branch.html#x、lists/branch/#x 都变成 lists/branch#x）。"""
    parts = urlparse(url)
    path = re.sub(r"(/index)?\.html$|/$", "", unquote(parts.path))
    return path + (f"#{unquote(parts.fragment)}" if parts.fragment else "")


def test_zip_name_is_ascii_and_entries_are_in_one_folder(offline_zip):
    assert offline_zip.name.isascii() and offline_zip.name.endswith("-offline.zip")
    with zipfile.ZipFile(offline_zip) as zf:
        names = zf.namelist()
    assert len({n.split("/", 1)[0] for n in names}) == 1
    assert all(n.isascii() for n in names), "压缩包内有非 ASCII 文件名，老版本 Windows 解压会乱码"


def test_zip_is_reproducible(tmp_path):
    """同一份站点打两次包逐字节相同：成员排序、时间戳取 SOURCE_DATE_EPOCH，与文件的修改时间无关。"""
    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "index.html").write_text("首页", encoding="utf-8")
    (site / "b" / "page.html").write_text("第二页", encoding="utf-8")
    first, second = tmp_path / "1.zip", tmp_path / "2.zip"
    offline.write_zip(site, first, "top", "说明")
    os.utime(site / "index.html", (0, 0))
    offline.write_zip(site, second, "top", "说明")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        assert zf.namelist() == ["top/README.txt", "top/b/page.html", "top/index.html"]
        assert zf.read("top/README.txt").decode("utf-8-sig") == "说明"


def test_bundle_name_uses_an_ascii_slug_of_the_edition():
    assert offline.bundle_name("jiguan-dangjian-kb", "2026年版") == "jiguan-dangjian-kb-2026-offline"
    assert offline.bundle_name("kb", "2026年第2版") == "kb-2026-2-offline"
    assert offline.bundle_name("kb", "试行版") == "kb-edition-offline"


def test_navigation_works_from_the_folder(reader, folder):
    page, log, errors = reader
    page.goto((folder / "index.html").as_uri(), wait_until="load")
    page.locator("a.md-tabs__link", has_text="责任清单").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/lists/index.html")
    assert page.locator("h1").first.inner_text().strip()
    page.locator("article a[href$='branch.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/lists/branch.html")
    assert page.locator("h2#ZB-01, h2[id^='ZB-']").count() >= 8
    assert_offline_clean(log, errors)


def test_search_finds_whole_words_from_the_folder(reader, folder):
    page, log, errors = reader
    page.goto((folder / "index.html").as_uri(), wait_until="load")
    folder_path = unquote(urlparse(folder.as_uri()).path)
    for query, expected in QUERIES.items():
        results = [_doc(u).removeprefix(folder_path + "/").split("#")[0] for u in search(page, query)]
        assert expected in results, f"搜索“{query}”没有找到 {expected}：{results}"
    assert_offline_clean(log, errors)


def test_search_ranks_like_the_served_site(reader, folder, browser, base_url):
    """同一组查询，离线包和 HTTP 上的站点给出同样的前5条结果。"""
    page, log, errors = reader
    page.goto((folder / "index.html").as_uri(), wait_until="load")
    folder_path = unquote(urlparse(folder.as_uri()).path)
    served = browser.new_page()
    served.goto(base_url + "/", wait_until="load")
    try:
        for query in [*QUERIES, "主体责任", "党费", "发展党员"]:
            here = [_doc(u).removeprefix(folder_path + "/") for u in search(page, query)][:5]
            there = [_doc(u).removeprefix("/") for u in search(served, query)][:5]
            assert here == there, f"搜索“{query}”：离线 {here}，服务器 {there}"
    finally:
        served.close()
    assert_offline_clean(log, errors)


DOWNLOADS = "article :is(a[href$='.pdf'], a[href$='.docx'], a[href$='.xlsx'], a[href$='.ics'])"


def test_checklist_page_and_downloads(reader, folder):
    page, log, errors = reader
    page.goto((folder / "checklists" / "index.html").as_uri(), wait_until="load")
    profiles = page.locator("article a[data-scale]").evaluate_all("links => links.map(a => a.href)")
    checklist = next(u for u in profiles if "/checklists/" in u and not u.endswith("/index.html"))
    downloads = []
    # 个性化清单页（Word、Excel、PDF 自查表）和指导手册首页（整本手册 PDF）
    for url in [checklist, (folder / "handbook" / "index.html").as_uri()]:
        page.goto(url, wait_until="load")
        found = page.locator(DOWNLOADS).evaluate_all("links => links.map(a => a.href)")
        assert found, f"{url} 上没有下载链接"
        downloads += found
    page.goto(checklist, wait_until="load")
    assert page.locator("article table").count() >= 1
    missing = [u for u in downloads if not Path(unquote(urlparse(u).path)).is_file()]
    assert missing == [], f"下载链接指向不存在的文件：{missing}"
    assert_offline_clean(log, errors)


def test_unit_picker_works_from_the_folder(reader, folder):
    """从文件夹打开：单位选择器落到档案页，自查按同一个档案打开（file:// 下链接带 ?profile= 和 .html）。"""
    page, log, errors = reader
    page.goto((folder / "checklists" / "index.html").as_uri(), wait_until="load")
    page.fill("input[name=members]", "80")
    page.select_option("select[name=approved]", "committee")
    page.check("input[name=nature][value=party-gov]")
    page.check("input[name=function][value=general]")
    page.click("[data-hb-picker-go]")
    page.wait_for_url("**/checklists/*.html")
    profile = Path(urlparse(page.url).path).stem
    assert page.locator("[data-hb-unit-why]").is_visible()
    page.click(".hb-actions a:has-text('在自查中打开')")
    page.locator(".hb-sc-item").first.wait_for()
    assert page.input_value("select[name=profile]") == profile
    page.goto((folder / "index.html").as_uri(), wait_until="load")
    assert page.locator("[data-hb-unit-mine] a").get_attribute("href").endswith(f"{profile}.html")
    assert_offline_clean(log, errors)
