"""工作日历：docs/_data/calendar.yml → 日历页和每个单位档案的 .ics 文件（用 icalendar 解析）。
频次只来自核实过的原文；适用范围按单位档案；坏数据一次列出全部错误。"""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup

from handbook.core import calendar
from handbook.core.errors import ErrorLog
from handbook.core.parse import load_model
from handbook.core.status import PLAIN_LEGEND, PLAIN_MARK
from handbook.export.calendar_ics import profile_ics

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "docs" / "_data" / "calendar.yml"
# calendar.yml 里写的频次 → 日历文件里应有的 RRULE
RAW = yaml.safe_load(DATA.read_text(encoding="utf-8"))
ALARM = RAW["alarm"]
RRULES = {"monthly": {"FREQ": ["MONTHLY"]}, "quarterly": {"FREQ": ["MONTHLY"], "INTERVAL": [3]},
          "yearly": {"FREQ": ["YEARLY"]}}


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def cal(model):
    log = ErrorLog()
    result = calendar.load_calendar(log, DATA, model)
    assert log.errors == []
    return result


def events(site: Path, profile_id: str) -> dict[str, icalendar.Event]:
    raw = (site / f"downloads/calendar/{profile_id}.ics").read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n"), "RFC 5545 要求每行以 CRLF 结尾"
    ics = icalendar.Calendar.from_ical(raw)
    assert str(ics["VERSION"]) == "2.0" and str(ics["PRODID"])
    return {str(e["UID"]).split(".")[0]: e for e in ics.walk("VEVENT")}


def test_every_profile_has_a_calendar_with_the_declared_rrules(site, model, cal):
    entries = {e.id: e for e in cal.entries}
    uids = set()
    for profile in model.profiles:
        for entry_id, ev in events(site, profile.id).items():
            e = entries[entry_id]
            assert {k: list(v) for k, v in ev["RRULE"].items()} == RRULES[e.frequency], entry_id
            start = ev.decoded("DTSTART")
            assert isinstance(start, dt.date) and not isinstance(start, dt.datetime), "应为全天事件"
            assert start.day == 1 and start.month == e.months[0]
            assert ev.decoded("DTEND") == start + dt.timedelta(days=1)
            assert isinstance(ev.decoded("DTSTAMP"), dt.datetime)
            # 每个事件都有提醒（calendar.yml 的 alarm：提前几天的几时），否则多数手机导入后不提醒
            (alarm,) = ev.walk("VALARM")
            assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"])
            assert alarm.decoded("TRIGGER") == dt.timedelta(days=-ALARM["days_before"], hours=ALARM["hour"])
            assert str(ev["SUMMARY"]) == f"{e.title}（{e.label}）"
            uid = str(ev["UID"])
            assert uid not in uids
            uids.add(uid)


def test_entries_follow_the_unit_conditions(site, model, cal):
    for profile in model.profiles:
        # 规则的独立表述（读 calendar.yml 原始数据）：有固定频次、且单位的每个维度取值都在 when 列出的取值里
        scheduled = {e["id"] for e in RAW["entries"] if e["frequency"] != "unit"
                     and all(profile.selection[dim] in values for dim, values in e.get("when", {}).items())}
        got = set(events(site, profile.id))
        assert got == scheduled, profile.id
        small = profile.selection["scale"] == "small-branch"
        # 不设支委会的党支部没有支委会会议；党小组会只在设支委会的规模以上才排
        assert ("branch-committee" in got) is not small
        assert ("party-group-meeting" in got) is not small
        assert {"branch-assembly", "theme-day", "party-dues", "org-life-meeting", "member-review"} <= got


def test_no_unconfirmed_frequency_is_scheduled(site, model, cal):
    words = {"monthly": "每月", "quarterly": "每季度", "yearly": "每年"}
    entries = {e.id: e for e in cal.entries}
    for profile in model.profiles:
        for entry_id, ev in events(site, profile.id).items():
            e = entries[entry_id]
            quote = model.quotes[e.quote]
            assert words[e.frequency] in quote.text, f"{entry_id} 的频次在引文 {quote.id} 里找不到"
            description = str(ev["DESCRIPTION"])
            assert quote.text in description and model.sources[quote.source].title in description
            assert "待核实" not in description
            if not quote.article_confirmed:
                assert PLAIN_MARK in description and PLAIN_LEGEND in description
            assert "党课" not in str(ev["SUMMARY"])


def test_calendar_file_is_reproducible(model, cal, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")   # 2026-01-01 00:00:00 UTC
    profile = model.profiles[0]
    extra = {"edition": "测试版", "issuer": "测试单位"}
    first = profile_ics(model, cal, profile, extra)
    assert first == profile_ics(model, cal, profile, extra)
    ev = icalendar.Calendar.from_ical(first).walk("VEVENT")[0]
    assert ev.decoded("DTSTAMP") == dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def test_page_shows_twelve_months_and_lists_unscheduled_duties(site, model, cal):
    soup = BeautifulSoup((site / "calendar/index.html").read_text(encoding="utf-8"), "lxml")
    months = soup.select(".hb-cal__month")
    assert [m.select_one(".hb-cal__title").get_text().removesuffix("¶") for m in months] == [f"{n}月" for n in range(1, 13)]
    october = [li.get_text(" ", strip=True) for li in months[9].select("li")]
    assert any(t.startswith("组织生活会") for t in october) and any(t.startswith("民主评议党员") for t in october)
    assert not any("党课" in li.get_text() for m in months for li in m.select("li"))
    table = soup.find("th", string="频次").find_parent("table").get_text()
    assert "党课" in table and "按本单位/上级机关工委规定" in table
    links = {a["data-ics"]: a["href"] for a in soup.select("a[data-ics]")}
    assert set(links) == {p.id for p in model.profiles}
    for profile_id, href in links.items():
        assert (site / "calendar" / href).resolve() == (site / f"downloads/calendar/{profile_id}.ics").resolve()


@pytest.mark.browser
def test_choosing_a_profile_shows_only_its_duties(browser, base_url, model):
    # 不设支委会的小党支部没有支委会会议，设机关党委的单位有
    small = next(p.id for p in model.profiles if p.selection["scale"] == "small-branch")
    big = next(p.id for p in model.profiles if p.selection["scale"] == "committee")
    page = browser.new_page()
    page.clock.set_fixed_time(dt.datetime(2027, 1, 15, 10))     # 一月：一月的月历展开着
    page.goto(f"{base_url}/calendar/")
    january = page.locator(".hb-cal__month").first
    # 没选过单位：与首页一样是全部单位的工作，日历文件按档案下载，这时不出下载按钮
    assert page.locator("[data-hb-now-title]").inner_text().endswith("（全部单位）")
    assert january.get_by_text("党支部委员会会议").is_visible()
    assert not page.locator("[data-hb-calendar-download]").is_visible()
    page.select_option("[data-hb-calendar] select", small)
    assert not january.get_by_text("党支部委员会会议").is_visible()
    assert january.get_by_text("主题党日").is_visible()
    assert page.locator("[data-hb-calendar-download]").get_attribute("href").endswith(f"{small}.ics")
    page.select_option("[data-hb-calendar] select", big)
    assert january.get_by_text("党支部委员会会议").is_visible()
    page.close()


@pytest.mark.browser
def test_page_opens_with_this_month_and_folds_past_months(browser, base_url, cal):
    """网站是静态的，本月由浏览器按当天日期算：固定时钟在2027年3月10日。"""
    page = browser.new_page()
    page.clock.set_fixed_time(dt.datetime(2027, 3, 10, 10))
    page.goto(f"{base_url}/calendar/")
    first = page.locator("article .hb-now, article .hb-cal").first
    assert first.evaluate("el => el.classList.contains('hb-now')"), "页面上第一块应是本月应办"
    assert first.locator("[data-hb-now-title]").inner_text().startswith("2027年3月应办")
    shown = first.locator("[data-hb-now-this] li").all_inner_texts()
    march = [e.title for e in cal.month(3)]
    assert shown and all(any(t.startswith(title) for title in march) for t in shown)
    assert first.locator("[data-hb-now-next-title]").inner_text().startswith("下月初（4月）")
    months = page.locator(".hb-cal__month")
    assert [months.nth(i).locator("ul").is_visible() for i in range(12)] == [False, False] + [True] * 10
    assert "hb-cal__month--now" in months.nth(2).get_attribute("class")
    months.nth(0).locator(".hb-cal__toggle").click()
    assert months.nth(0).locator("ul").is_visible()
    page.close()


# ---- 坏数据 -------------------------------------------------------------------------------
def test_bad_calendar_data_lists_every_error_with_path_and_line(tmp_path, model):
    bad = tmp_path / "docs" / "_data" / "calendar.yml"
    bad.parent.mkdir(parents=True)
    shutil.copytree(ROOT / "docs" / "procedures", tmp_path / "docs" / "procedures")
    shutil.copytree(ROOT / "docs" / "handbook", tmp_path / "docs" / "handbook")
    text = DATA.read_text(encoding="utf-8")
    text = text.replace("frequency: unit\n    label: 按本单位/上级机关工委规定\n    quote: organs-18",
                        "frequency: monthly\n    label: 每月1次")          # 党课没有核实的频次
    text = text.replace("quote: branch-11-a", "quote: edu-17")             # 引文里没有“每季度”
    text = text.replace("when: {scale: [committee, general-branch, branch]}\n    page: procedures/three-meetings.md\n"
                        "    note: 只在", "when: {scale: [huge]}\n    page: procedures/three-meetings.md\n    note: 只在")
    text = text.replace("    month: 12\n", "")                                 # 每年一次却没写月份
    bad.write_text(text, encoding="utf-8")
    log = ErrorLog()
    calendar.load_calendar(log, bad, model)
    messages = [str(e) for e in sorted(log.errors)]
    assert len(messages) == 4, messages
    for msg in messages:
        assert re.match(r"^\S*calendar\.yml:\d+: 工作 [a-z-]+（", msg), msg
    joined = "\n".join(messages)
    assert "party-lecture" in joined and "必须有核实过的原文" in joined
    assert "branch-assembly" in joined and "每季度" in joined
    assert "没有取值“huge”" in joined
    assert "secretary-report" in joined and "month" in joined
    line = int(next(m for m in messages if "party-lecture" in m).split(":")[1])
    assert "id: party-lecture" in text.splitlines()[line - 1]
