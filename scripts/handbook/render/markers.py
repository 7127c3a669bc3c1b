"""页面标记 <!-- 名字: 参数 --> 的处理函数：名字 → 函数(r, 参数) → Markdown。r 是 page.PageRenderer。

标记的名字在 core/markers.py 定义一次（内容检查也用它）；这里为每个名字登记一个处理函数，缺一个或多一个都报错。
"""
from __future__ import annotations

import json

from ..core.markers import CALENDAR_PARTS, DOWNLOADS, NAMES
from ..core.formdata import forms_for
from ..core.model import matches
from ..core.party_dues import calculator_data
from ..core.public import JSON_PATH, SCRIPT_PATH


def embed_json(data) -> str:
    """写进 <script> 的 JSON：“<” 写成 \\u003c，解析结果不变，数据里即使出现 </script> 也不会提前结束脚本元素。"""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _quote(r, arg: str | None) -> str:
    q = r.model.quotes.get(arg or "")
    if q is None:
        raise LookupError(f"引文 {arg} 没有登记在 docs/_data/quotes.yml")
    return r.render("blocks/quote.md.j2", q=q, src=r.model.sources[q.source])


def _source_quotes(r, arg: str | None) -> str:
    if arg not in r.model.sources:
        raise LookupError(f"来源 {arg} 没有登记在 docs/_data/quotes.yml")
    quotes = [q for q in r.model.quotes.values() if q.source == arg]
    return r.render("blocks/source-quotes.md.j2", src=r.model.sources[arg], quotes=quotes)


def _download(r, arg: str | None) -> str:
    if arg not in DOWNLOADS:
        raise LookupError(f"没有名为 {arg} 的下载（可用：{'、'.join(DOWNLOADS)}）")
    if "{" in DOWNLOADS[arg][0]:
        raise LookupError(f"{arg} 每个单位档案一份，只能由生成的个性化清单页链接")
    return r.render("blocks/download.md.j2", file=DOWNLOADS[arg])


def _need(value, what: str):
    if value is None:
        raise LookupError(f"{what}没有读到")
    return value


def _selfcheck(r, arg) -> str:
    """自查工具页：表单和模板。清单由 docs/javascripts/selfcheck.js 按公开数据（data/responsibilities.js，
    与 data/responsibilities.json 同一份数据）在浏览器里用与 Model.checklist 相同的算法计算。
    数据不内嵌在页面里：单独的文件可以缓存，页面本身只有几 KB。
    """
    lists = [lst for lst in r.model.lists.values() if lst.in_checklist]
    return r.render("blocks/selfcheck.md.j2", script=r.built_rel(SCRIPT_PATH), json=JSON_PATH, lists=lists)


def _calendar_context(r) -> dict:
    cal = _need(r.content.calendar, "工作日历数据")
    profiles = r.model.profiles
    # 只适用于部分档案的工作列出这些档案，页面脚本按所选档案显示或隐藏
    applies = {e.id: [p.id for p in profiles if matches(e.when, p.selection)] for e in cal.entries}
    return {"cal": cal, "applies": applies, "profiles": profiles}


def _calendar(r, arg) -> str:
    """<!-- calendar: now|months|table|downloads -->：本月应办、月历、频次和依据表、日历文件下载表。"""
    if arg not in CALENDAR_PARTS:
        raise LookupError(f"日历标记的参数应为 {'、'.join(CALENDAR_PARTS)} 之一")
    return r.render(f"blocks/calendar-{arg}.md.j2", **_calendar_context(r))


def _home_tasks(r, arg) -> str:
    """首页第一屏：我单位要做什么、本月应办（与日历页同一块）、自查、党费计算、表格下载。"""
    return r.render("blocks/home-tasks.md.j2", **_calendar_context(r))


def _dues_calculator(r, arg) -> str:
    """党费计算器表单和嵌入的数据（与 data/party-dues.json 相同），从文件夹直接打开也能用。"""
    dues = _need(r.content.dues, "党费标准数据")
    return r.render("blocks/dues-calculator.md.j2", dues=dues, data=embed_json(calculator_data(dues, r.model)))


MARKERS = {
    "quote": _quote,
    "quotes": _source_quotes,
    "glossary": lambda r, arg: r.render("blocks/glossary.md.j2", terms=r.content.glossary),
    "recruitment-flow": lambda r, arg: r.render(
        "blocks/recruitment-flow.md.j2", rec=_need(r.content.recruitment, "发展党员流程数据")),
    "recruitment-table": lambda r, arg: r.render(
        "blocks/recruitment-table.md.j2", rec=_need(r.content.recruitment, "发展党员流程数据")),
    "dues-table": lambda r, arg: r.render("blocks/dues-table.md.j2", dues=_need(r.content.dues, "党费标准数据")),
    "download": _download,
    "checklist-index": lambda r, arg: r.render("blocks/checklist-index.md.j2"),
    "unit-picker": lambda r, arg: r.render("blocks/unit-picker.md.j2"),
    "home-tasks": _home_tasks,
    "list-overview": lambda r, arg: r.render("blocks/list-overview.md.j2"),
    "selfcheck": _selfcheck,
    "calendar": _calendar,
    "dues-calculator": _dues_calculator,
    # 程序页面列出本页的表单；表单与台账首页列出全部表单（docs/_data/forms.yml）
    "forms": lambda r, arg: r.render("forms/list.md.j2", forms=forms_for(r.content.forms, r.src)),
    "forms-index": lambda r, arg: r.render("forms/index.md.j2", forms=r.content.forms),
}

if set(MARKERS) != set(NAMES):
    raise RuntimeError(f"标记处理函数与 core/markers.py 的名字不一致：{sorted(set(MARKERS) ^ set(NAMES))}")
