"""每个单位档案的日历文件 downloads/calendar/<档案>.ics（RFC 5545，用 icalendar 生成）。数据见 core/calendar.py。"""
from __future__ import annotations

import datetime as dt

import icalendar

from ..core.calendar import FREQUENCIES, Calendar
from ..core.clock import build_datetime
from ..core.model import Model, Profile
from ..render.environment import environment

UID_DOMAIN = "jiguan-dangjian-kb"


def profile_ics(model: Model, cal: Calendar, profile: Profile, extra: dict) -> bytes:
    """一个单位档案的日历：每项工作一个全天的重复事件，落在应办月份的1日，具体日期由党组织确定。"""
    stamp = build_datetime()
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
        # 没有 VALARM 的事件，多数手机日历导入后不会提醒
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", cal.alarm.trigger)
        alarm.add("description", f"{e.title}：{e.label}")
        event.add_component(alarm)
        ics.add_component(event)
    return ics.to_ical()


def calendar_files(model: Model, cal: Calendar, extra: dict) -> dict[str, bytes]:
    """每个单位档案一个日历文件：站点内路径 → 内容。"""
    return {f"downloads/calendar/{p.id}.ics": profile_ics(model, cal, p, extra) for p in model.profiles}
