"""自查工具（checklists/self-check/）：在 Chromium 里像读者一样使用——选档案、勾选、刷新、导出、导入、
从文件夹打开、打印；浏览器算出的清单与 Python 模型 Model.checklist 对每个档案和全部维度组合都一致。"""
from __future__ import annotations

import codecs
import csv
import io
import json
import math
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import serve
from pypdf import PdfReader

from handbook.core.parse import load_model

pytestmark = pytest.mark.browser

PAGE = "checklists/self-check/"
DATA_SCRIPT = "data/responsibilities.js"
# 页面上显示的清单：每组的清单编号、落实主体，每项的编号和“本单位”说明
RENDERED = """() => [...document.querySelectorAll('.hb-sc-group')].map(g => ({
  list: g.dataset.list,
  subject: g.querySelector('.hb-sc-group__subject span').textContent,
  items: [...g.querySelectorAll('.hb-sc-item')].map(li => [li.dataset.id,
    [...li.querySelectorAll('.hb-sc-item__notes li')].map(n => n.textContent.replace(/^本单位：/, ''))]),
}))"""


@pytest.fixture(scope="module")
def model():
    return load_model()


# 测试里切换用的四个单位档案：取数据里的前四个，不写死档案名
ROOT = Path(__file__).resolve().parents[1]
P1, P2, P3, P4 = (p.id for p in load_model().profiles[:4])


@pytest.fixture
def context(browser):
    """每个测试一个全新的浏览器上下文（localStorage 为空）；控制台错误让测试失败。
    普通站点从文件夹打开时，Material 的搜索去找只有离线包才有的 search/search_index.js，
    那是预期中的报错（离线包见 test_offline.py），这里不算。"""
    ctx = browser.new_context(accept_downloads=True)
    errors = []

    def record(p, text):
        if not (p.url.startswith("file:") and ("search_index.js" in text or "ERR_FILE_NOT_FOUND" in text)):
            errors.append(text)

    def watch(p):
        p.on("pageerror", lambda e: record(p, str(e)))
        p.on("console", lambda m: record(p, m.text) if m.type == "error" else None)
    ctx.on("page", watch)
    yield ctx
    ctx.close()
    assert errors == [], f"控制台错误：{errors}"


def open_tool(context, url: str):
    page = context.new_page()
    page.on("dialog", lambda d: d.accept())   # “清空”“导入替换”的确认框
    page.goto(url)
    page.locator(".hb-sc-item").first.wait_for()
    return page


def expected(model, selection) -> list[dict]:
    return [{"list": g.list, "subject": g.subject, "items": [[i.id, i.notes] for i in g.items]}
            for g in model.checklist(selection)]


def item(page, item_id: str):
    return page.locator(f'.hb-sc-item[data-id="{item_id}"]')


# ---- 与 Python 模型一致 -----------------------------------------------------------------
def test_browser_checklist_equals_python_model_for_every_profile_and_combination(context, base_url, model):
    page = open_tool(context, f"{base_url}/{PAGE}")
    for profile in model.profiles:
        page.select_option("select[name=profile]", profile.id)
        assert page.evaluate(RENDERED) == expected(model, profile.selection), profile.id
        for dim, value in profile.selection.items():
            assert page.input_value(f"select[name={dim}]") == value
    combos = list(model.selections())
    # 组合数按 units.yml 的原始数据独立计算：每个维度取值个数之积
    units = yaml.safe_load((ROOT / "docs/_data/units.yml").read_text(encoding="utf-8"))
    assert len(combos) == math.prod(len(d["values"]) for d in units["dimensions"])
    profile_of = {tuple(sorted(p.selection.items())): p.id for p in model.profiles}
    for sel in combos:
        for dim, value in sel.items():
            page.select_option(f"select[name={dim}]", value)
        assert page.evaluate(RENDERED) == expected(model, sel), sel
        # 组合正好是某个档案时，档案框显示这个档案
        assert page.input_value("select[name=profile]") == profile_of.get(tuple(sorted(sel.items())), "")


def test_page_reads_the_published_data_without_embedding_it(site):
    """页面只引用数据脚本，不内嵌数据；数据脚本与 data/responsibilities.json 是同一份数据。"""
    soup = BeautifulSoup((site / PAGE / "index.html").read_text(encoding="utf-8"), "lxml")
    inline = sum(len((s.string or "").encode()) for s in soup.find_all("script") if not s.get("src"))
    assert inline <= 40 * 1024, f"页面内嵌了 {inline / 1024:.0f} KB 脚本数据"
    src = next(s["src"] for s in soup.select(".hb-sc script[src]"))
    assert (site / PAGE / src).resolve() == (site / DATA_SCRIPT).resolve()
    script = (site / DATA_SCRIPT).read_text(encoding="utf-8")
    prefix = "window.hbResponsibilities = "
    assert script.startswith(prefix) and script.rstrip().endswith(";")
    assert json.loads(script[len(prefix):].rstrip().rstrip(";")) == \
        json.loads((site / "data/responsibilities.json").read_text(encoding="utf-8"))


# ---- 勾选、备注、刷新 ---------------------------------------------------------------------
def test_ticks_and_notes_survive_reload_per_profile_and_year(context, base_url, model):
    page = open_tool(context, f"{base_url}/{PAGE}")
    page.select_option("select[name=profile]", P1)
    ids = [i.id for g in model.checklist(model.profile(P1).selection) for i in g.items]
    item(page, ids[0]).locator("label.hb-sc-item__title").click()       # 点事项名称也能勾选
    item(page, ids[3]).locator("input[type=checkbox]").check()
    item(page, ids[3]).locator("textarea").fill("已于3月召开，记录见台账第5页")
    page.reload()
    page.locator(".hb-sc-item").first.wait_for()
    assert page.input_value("select[name=profile]") == P1
    checked = page.eval_on_selector_all(".hb-sc-item:has(input:checked)", "els => els.map(e => e.dataset.id)")
    assert checked == [ids[0], ids[3]]
    assert item(page, ids[3]).locator("textarea").input_value() == "已于3月召开，记录见台账第5页"
    assert page.locator(".hb-sc-progress").inner_text() == f"共 {len(ids)} 项，已完成 2 项"
    # 另一个年度、另一个档案各有各的记录
    year = page.input_value("input[name=year]")
    page.fill("input[name=year]", str(int(year) - 1))
    page.press("input[name=year]", "Enter")
    assert page.locator(".hb-sc-item input:checked").count() == 0
    page.fill("input[name=year]", year)
    page.press("input[name=year]", "Enter")
    assert page.locator(".hb-sc-item input:checked").count() == 2
    page.select_option("select[name=profile]", P2)
    assert page.locator(".hb-sc-item input:checked").count() == 0
    page.select_option("select[name=profile]", P1)
    page.get_by_role("button", name="清空本年度记录").click()
    assert page.locator(".hb-sc-item input:checked").count() == 0
    page.reload()
    page.locator(".hb-sc-item").first.wait_for()
    assert page.locator(".hb-sc-item input:checked").count() == 0


# ---- 导出、导入 ---------------------------------------------------------------------------
def test_csv_export_opens_with_chinese_intact(context, base_url, model):
    page = open_tool(context, f"{base_url}/{PAGE}")
    page.select_option("select[name=profile]", P3)
    groups = model.checklist(model.profile(P3).selection)
    first = groups[0].items[0]
    item(page, first.id).locator("input[type=checkbox]").check()
    note = '已研究，见“党组会议纪要”第3期，\n另附：2项整改'
    item(page, first.id).locator("textarea").fill(note)
    with page.expect_download() as info:
        page.get_by_role("button", name="导出 CSV").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    data = Path(download.path()).read_bytes()
    assert data.startswith(codecs.BOM_UTF8), "没有 BOM：Excel 和 WPS 会把中文显示成乱码"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["年度", "单位档案", "清单", "落实主体", "编号", "事项", "内容", "本单位落实方式", "依据", "完成", "备注"]
    body = rows[1:]
    assert [r[4] for r in body] == [i.id for g in groups for i in g.items]
    row = body[0]
    assert row[1] == model.profile(P3).name
    assert (row[2], row[5], row[6]) == (groups[0].title, first.title, first.text)
    assert (row[9], row[10]) == ("是", note)
    assert {r[9] for r in body[1:]} == {"否"}


def test_json_export_and_import_restore_the_record(context, base_url, tmp_path):
    page = open_tool(context, f"{base_url}/{PAGE}")
    page.select_option("select[name=profile]", P4)
    ticked = page.eval_on_selector_all(".hb-sc-item", "els => els.slice(0, 3).map(e => e.dataset.id)")
    for item_id in ticked:
        item(page, item_id).locator("input[type=checkbox]").check()
    item(page, ticked[1]).locator("textarea").fill("窗口服务评议已完成")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出 JSON").click()
    exported = tmp_path / "record.json"
    info.value.save_as(exported)
    record = json.loads(exported.read_text(encoding="utf-8"))
    assert record["profile"] == P4
    assert [i["id"] for i in record["items"] if i["done"]] == ticked

    page.get_by_role("button", name="清空本年度记录").click()
    page.select_option("select[name=profile]", P3)
    page.set_input_files("input[name=import]", str(exported))
    page.wait_for_function("() => document.querySelector('.hb-sc-status').textContent.startsWith('已导入')")
    assert page.input_value("select[name=profile]") == P4
    checked = page.eval_on_selector_all(".hb-sc-item:has(input:checked)", "els => els.map(e => e.dataset.id)")
    assert checked == ticked
    assert item(page, ticked[1]).locator("textarea").input_value() == "窗口服务评议已完成"

    other = tmp_path / "other.json"
    other.write_text('{"hello": "world"}', encoding="utf-8")
    page.set_input_files("input[name=import]", str(other))
    page.wait_for_function("() => document.querySelector('.hb-sc-status').textContent.startsWith('导入失败')")
    assert page.locator(".hb-sc-item input:checked").count() == len(ticked)


# ---- 离线（file://）与内容安全 -------------------------------------------------------------
def test_works_when_opened_from_a_folder(context, site, tmp_path, model):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = open_tool(context, (copy / PAGE / "index.html").as_uri())
    assert page.evaluate(RENDERED) == expected(model, model.profiles[0].selection)
    # 条目编号链接到清单原文的条目锚点
    href = item(page, "ZB-01").locator("a.hb-sc-item__id").get_attribute("href")
    assert href.endswith("lists/branch/#ZB-01")


XSS = '<img src=x onerror="window.__hbXss = 1">'


def test_item_text_is_shown_as_text_never_as_html(context, site, tmp_path):
    """把 HTML 塞进数据（data/responsibilities.js）里条目的标题和正文。"""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    data = json.loads((copy / "data/responsibilities.json").read_text(encoding="utf-8"))
    first = data["lists"][1]["items"][0]
    first["title"] = XSS + first["title"]
    first["text"] = XSS + first["text"]
    (copy / DATA_SCRIPT).write_text(f"window.hbResponsibilities = {json.dumps(data, ensure_ascii=False)};",
                                    encoding="utf-8")
    with serve(copy) as url:
        page = open_tool(context, f"{url}/{PAGE}")
        li = item(page, first["id"])
        assert li.locator(".hb-sc-item__title").inner_text().startswith(XSS)
        assert li.locator(".hb-sc-item__text").inner_text().startswith(XSS)
        assert page.locator(".hb-sc-groups img").count() == 0
        page.wait_for_timeout(200)
        assert page.evaluate("window.__hbXss") is None


# ---- 打印、手机 ---------------------------------------------------------------------------
def test_print_is_an_a4_form(context, base_url, tmp_path, model):
    page = open_tool(context, f"{base_url}/{PAGE}")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.select_option("select[name=profile]", P2)
    first = model.checklist(model.profile(P2).selection)[0].items[0]
    item(page, first.id).locator("input[type=checkbox]").check()
    item(page, first.id).locator("textarea").fill("已在党员大会上研究")
    page.emulate_media(media="print")
    page.screenshot(path=str(tmp_path / "print.png"), full_page=True)
    assert page.locator(".hb-sc-print-title").inner_text() == f"个性化责任清单自查表 · {model.profile(P2).name}"
    assert not page.locator(".hb-sc-form").is_visible()
    assert not page.locator("h1").is_visible()
    assert page.locator(".hb-sc-sign").inner_text().startswith("填表人（签字）：")
    assert item(page, first.id).locator(".hb-sc-item__note-print").inner_text() == "已在党员大会上研究"
    pdf = tmp_path / "selfcheck.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    # Chromium 的 PDF 把部分汉字的文字层映射成康熙部首（“自”→“⾃”），NFKC 还原
    text = unicodedata.normalize("NFKC", reader.pages[0].extract_text())
    assert "个性化责任清单自查表" in text and first.title in text


def test_phone_layout_has_no_sideways_scrolling(context, base_url):
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{base_url}/{PAGE}")
    page.locator(".hb-sc-item").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator("select[name=profile]").bounding_box()["width"] <= 375


def test_script_does_nothing_on_other_pages(context, base_url):
    page = context.new_page()
    page.goto(f"{base_url}/lists/branch/", wait_until="load")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('hb-selfcheck'))") == []
