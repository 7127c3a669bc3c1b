"""工作日历的数据：docs/_data/calendar.yml 里有固定频次的日常党务。读取、校验在这里；
日历页（标记 <!-- calendar -->）见 render/markers.py，日历文件（.ics）见 export/calendar_ics.py。

只排入有核实原文的频次；其余写 frequency: unit（按本单位/上级机关工委规定），只列出、不排入日历。
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

from pydantic import Field

from .errors import ErrorLog
from .model import Condition, Model, Record, matches
from .parse import build_record, check_condition
from .yamlfile import line_of, load_file

# 频次 → 引文原文里必须出现的用语、月历里出现的月份、RRULE
FREQUENCIES = {
    "monthly": ("每月", range(1, 13), {"FREQ": "MONTHLY"}),
    "quarterly": ("每季度", (1, 4, 7, 10), {"FREQ": "MONTHLY", "INTERVAL": 3}),
    "yearly": ("每年", None, {"FREQ": "YEARLY"}),
}


class Entry(Record):
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


class Alarm(Record):
    """日历文件里每个事件的提醒：应办月份1日之前 days_before 天的 hour 时。"""
    days_before: int = Field(3, ge=0, le=60)
    hour: int = Field(9, ge=0, le=23)

    @property
    def trigger(self) -> dt.timedelta:
        """相对全天事件开始（1日零时）的时间差，VALARM 的 TRIGGER。"""
        return dt.timedelta(days=-self.days_before, hours=self.hour)


class Calendar(Record):
    entries: list[Entry]
    alarm: Alarm = Alarm()

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
        entry = build_record(Entry, {**node, "line": line_of(node)} if isinstance(node, dict) else node, path, log)
        if entry is None:
            continue
        if entry.id in seen:
            log.add(path, entry.line, f"工作编号 {entry.id} 重复")
        seen.add(entry.id)
        _check_entry(entry, path, model, log)
        entries.append(entry)
    alarm = build_record(Alarm, raw.get("alarm") or {}, path, log) or Alarm()
    return Calendar(entries=entries, alarm=alarm)


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
    check_condition(e.when, {d.id: {v.id for v in d.values} for d in model.dimensions}, path, e.line, log, where)
    quote = model.quotes.get(e.quote or "")
    if e.quote and quote is None:
        log.add(path, e.line, f"{where}：引文 {e.quote} 没有登记在 docs/_data/quotes.yml")
    elif e.scheduled and quote is None:
        log.add(path, e.line, f"{where}：排入日历的工作必须有核实过的原文（quote）；"
                              "没有的写 frequency: unit（按本单位/上级机关工委规定）")
    elif e.scheduled and FREQUENCIES[e.frequency][0] not in quote.text:
        log.add(path, e.line, f"{where}：频次写的是“{FREQUENCIES[e.frequency][0]}”，"
                              f"但引文 {quote.id} 的原文里没有这个说法")
