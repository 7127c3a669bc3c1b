"""工作日历：docs/_data/calendar.yml 里有固定频次的日常党务 → 日历页（标记 <!-- calendar -->）
和每个单位档案的日历文件 downloads/calendar/<档案>.ics（RFC 5545，用 icalendar 生成）。

只排入有核实原文的频次；其余写 frequency: unit（按本单位/上级机关工委规定），只列出、不排入日历。
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

import icalendar
from pydantic import Field

from .data import _Data
from .errors import ErrorLog
from .exports import build_time
from .model import Condition, Model, Profile, matches
from .parse import _build, _check_condition
from .yamlfile import line_of, load_file

# 频次 → 引文原文里必须出现的用语、月历里出现的月份、RRULE
FREQUENCIES = {
    "monthly": ("每月", range(1, 13), {"FREQ": "MONTHLY"}),
    "quarterly": ("每季度", (1, 4, 7, 10), {"FREQ": "MONTHLY", "INTERVAL": 3}),
    "yearly": ("每年", None, {"FREQ": "YEARLY"}),
}
UID_DOMAIN = "jiguan-dangjian-kb"


class Entry(_Data):
    id: str
    title: str
    frequency: Literal["monthly", "quarterly", "yearly", "unit"]
    label: str = Field(description="频次的写法，如“一般每月1次”")
    quote: str | None = None
    month: int | None = Field(None, ge=1, le=12, description="yearly：在哪个月提醒")
    timing: str = ""
    when: Condition = {}
    page: str | None = None
    note: str = ""
    line: int = 1

    @property
    def scheduled(self) -> bool:
        return self.frequency != "unit"

    @property
    def months(self) -> list[int]:
        if self.frequency == "yearly":
            return [self.month]
        return list(FREQUENCIES[self.frequency][1]) if self.scheduled else []


class Calendar(_Data):
    entries: list[Entry]

    def for_selection(self, selection: dict[str, str]) -> list[Entry]:
        return [e for e in self.entries if matches(e.when, selection)]

    def month(self, number: int) -> list[Entry]:
        return [e for e in self.entries if number in e.months]


def load_calendar(log: ErrorLog, path: Path, model: Model | None) -> Calendar | None:
    raw = load_file(path, log)
    if raw is None:
        return None
    nodes = raw.get("entries") if isinstance(raw, dict) else None
    if not isinstance(nodes, list):
        log.add(path, 1, "工作日历应当有 entries 列表")
        return None
    entries, seen = [], set()
    for node in nodes:
        entry = _build(Entry, {**node, "line": line_of(node)} if isinstance(node, dict) else node, path, log)
        if entry is None:
            continue
        if entry.id in seen:
            log.add(path, entry.line, f"工作编号 {entry.id} 重复")
        seen.add(entry.id)
        _check_entry(entry, path, model, log)
        entries.append(entry)
    return Calendar(entries=entries)


def _check_entry(e: Entry, path: Path, model: Model | None, log: ErrorLog) -> None:
    where = f"工作 {e.id}（{e.title}）"
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e.id):
        log.add(path, e.line, f"{where}：编号只能用小写字母、数字和连字符")
    if (e.frequency == "yearly") != (e.month is not None):
        log.add(path, e.line, f"{where}：每年一次的工作要写 month（提醒月份），其他频次不写")
    if e.page and not (path.parent.parent / e.page).is_file():
        log.add(path, e.line, f"{where}：页面 {e.page} 不存在")
    if model is None:
        return
    _check_condition(e.when, {d.id: {v.id for v in d.values} for d in model.dimensions}, path, e.line, log, where)
    quote = model.quotes.get(e.quote or "")
    if e.quote and quote is None:
        log.add(path, e.line, f"{where}：引文 {e.quote} 没有登记在 docs/_data/quotes.yml")
    elif e.scheduled and quote is None:
        log.add(path, e.line, f"{where}：排入日历的工作必须有核实过的原文（quote）；"
                              "没有的写 frequency: unit（按本单位/上级机关工委规定）")
    elif e.scheduled and FREQUENCIES[e.frequency][0] not in quote.text:
        log.add(path, e.line, f"{where}：频次写的是“{FREQUENCIES[e.frequency][0]}”，"
                              f"但引文 {quote.id} 的原文里没有这个说法")


# ---- 页面标记 <!-- calendar --> ------------------------------------------------------
PARTS = ("months", "table", "downloads")


def marker(r, arg) -> str:
    """<!-- calendar: months|table|downloads -->：月历、频次和依据表、日历文件下载表。r 是 render.PageRenderer。"""
    if arg not in PARTS:
        raise LookupError(f"日历标记的参数应为 {'、'.join(PARTS)} 之一")
    cal = r.content.calendar
    if cal is None:
        raise LookupError("工作日历数据没有读到")
    profiles = r.model.profiles
    # 只适用于部分档案的工作列出这些档案，页面脚本按所选档案显示或隐藏
    applies = {e.id: [p.id for p in profiles if matches(e.when, p.selection)] for e in cal.entries}
    return r.render(f"blocks/calendar-{arg}.md.j2", cal=cal, applies=applies, profiles=profiles)


# ---- 日历文件 ------------------------------------------------------------------------
def profile_ics(model: Model, cal: Calendar, profile: Profile, extra: dict) -> bytes:
    """一个单位档案的日历：每项工作一个全天的重复事件，落在应办月份的1日，具体日期由党组织确定。"""
    from .render import environment  # render 导入 content，content 又导入本模块，所以在这里导入
    stamp = dt.datetime(*build_time()[:6], tzinfo=dt.timezone.utc)
    year = stamp.year
    edition = str(extra.get("edition", ""))
    ics = icalendar.Calendar()
    ics.add("prodid", f"-//{extra.get('issuer', '')}//机关党建知识库 {edition}//ZH")
    ics.add("version", "2.0")
    ics.add("calscale", "GREGORIAN")
    ics.add("x-wr-calname", f"机关党建工作日历 · {profile.name}")
    description = environment().get_template("export/calendar-event.txt.j2")
    for e in cal.for_selection(profile.selection):
        if not e.scheduled:
            continue
        start = dt.date(year, e.months[0], 1)
        quote = model.quotes[e.quote]
        event = icalendar.Event()
        event.add("uid", f"{e.id}.{profile.id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(days=1))
        event.add("rrule", FREQUENCIES[e.frequency][2])
        event.add("summary", f"{e.title}（{e.label}）")
        event.add("description", description.render(
            e=e, quote=quote, source=model.sources[quote.source], profile=profile, edition=edition).strip())
        event.add("transp", "TRANSPARENT")  # 只是提醒，不占用忙闲时间
        ics.add_component(event)
    return ics.to_ical()


def files(content, config) -> dict[str, bytes]:
    """MkDocs 钩子用：每个单位档案一个日历文件。"""
    return {f"downloads/calendar/{p.id}.ics": profile_ics(content.model, content.calendar, p, config["extra"])
            for p in content.model.profiles}
