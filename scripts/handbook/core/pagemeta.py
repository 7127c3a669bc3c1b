"""页面元数据：每个页面 front matter 的字段要求（lint 的 FM 规则）和复核期限（make review）。

字段要求只在这里写一次：title、适用对象、依据（列表）、责任处室（取自 mkdocs.yml 的
extra.page_meta.offices）、审核日期（YYYY-MM-DD）。页面末尾显示的责任处室和审核日期
（overrides/partials/source-file.html）读的也是这些字段。
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from .. import DOCS
from .config import mkdocs_yml
from .errors import ErrorLog, display_path
from .parse import front_matter
from .yamlfile import strip_lines

# 字段 → (规则编号, 正确写法)。出错时提示里给出正确写法
FIELDS = {
    "title": ("FM-1", "页面标题，一行文字"),
    "适用对象": ("FM-1", "一行文字，如“机关党支部书记、支部委员”"),
    "依据": ("FM-1", "列表，每行一条，如“  - 《中国共产党支部工作条例（试行）》第十一条”"),
    "责任处室": ("FM-2", "mkdocs.yml 的 extra.page_meta.offices 中的一项"),
    "审核日期": ("FM-3", "最近一次审核内容的日期，写成 2026-11-27，不晚于今天"),
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# 日期一律按北京时间算（与 mkdocs.yml 中 git-revision-date-localized 的 timezone 一致）：
# CI 服务器用 UTC，北京时间早上八点前填“今天”的审核日期不能被判成“晚于今天”
TIMEZONE = "Asia/Shanghai"


def today() -> date:
    return datetime.now(ZoneInfo(TIMEZONE)).date()


class PageMeta(BaseModel):
    """页面 front matter 的必填字段（其他字段如“清单”不在这里检查）。"""
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    title: str = Field(min_length=1)
    audience: str = Field(alias="适用对象", min_length=1)
    basis: list[str] = Field(alias="依据", min_length=1)
    office: str = Field(alias="责任处室")
    reviewed: date = Field(alias="审核日期")

    @field_validator("basis", mode="before")
    @classmethod
    def _open_marker_quoted(cls, value):
        # “- 《…》<!-- open: 编号 -->”没加引号时，YAML 把“: ”读成键值分隔，这一条成了映射
        if isinstance(value, list) and any(isinstance(v, dict) and any("<!--" in str(k) for k in v) for v in value):
            raise ValueError("带 <!-- open: 编号 --> 的一条要整个用英文双引号括起来")
        return value

    @field_validator("basis")
    @classmethod
    def _no_empty_basis(cls, value: list[str]) -> list[str]:
        if any(not v.strip() for v in value):
            raise ValueError("有空的条目")
        return value

    @field_validator("office")
    @classmethod
    def _known_office(cls, value: str, info: ValidationInfo) -> str:
        offices = (info.context or {}).get("offices")
        if offices and value not in offices:
            raise ValueError(f"“{value}”不是可选的处室，可选：{'、'.join(offices)}")
        return value

    @field_validator("reviewed", mode="before")
    @classmethod
    def _iso_date(cls, value, info: ValidationInfo):
        # YAML 里的日期按字符串读入（yamlfile.py），这里只接受 2026-11-27 这一种写法
        text = str(value)
        if not _DATE.match(text):
            raise ValueError(f"“{text}”不是 YYYY-MM-DD 格式的日期")
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"“{text}”不是真实存在的日期") from None
        today = (info.context or {}).get("today")
        if today and day > today:
            raise ValueError(f"{text} 晚于今天")
        return day


@dataclass(frozen=True)
class MetaProblem:
    path: str
    line: int
    rule: str
    message: str


@dataclass(frozen=True)
class PageInfo:
    src: str                  # 相对 docs/ 的路径
    path: Path
    meta: PageMeta | None     # front matter 不合格时为 None
    problems: list[MetaProblem]


def site_settings() -> dict:
    """mkdocs.yml 中 extra.page_meta 的设置（处室列表、复核期限）。"""
    return mkdocs_yml().get("extra", {}).get("page_meta", {})


def authored_pages(docs: Path = DOCS) -> list[Path]:
    """编辑者写的页面：docs/ 下除数据目录以外的全部 .md。"""
    return sorted(p for p in docs.rglob("*.md") if "_data" not in p.relative_to(docs).parts)


def read_page(path: Path, docs: Path, offices: list[str], today: date | None = None) -> PageInfo:
    text = path.read_text(encoding="utf-8-sig")
    shown = display_path(path)
    log = ErrorLog()
    raw, _ = front_matter(text, path, log)
    problems = [MetaProblem(shown, e.line, "FM-1", e.message) for e in log.errors]
    if not raw and not problems:
        problems.append(MetaProblem(shown, 1, "FM-1", "页面缺少 front matter：第一行写 ---，"
                                                      "列出 title、适用对象、依据、责任处室、审核日期，再写一行 ---"))
    meta = None
    if raw:
        try:
            meta = PageMeta.model_validate(strip_lines(raw), context={"offices": offices, "today": today})
        except ValidationError as exc:
            for err in exc.errors():
                key = _field_key(err["loc"][0])
                rule, expected = FIELDS[key]
                if err["type"] == "missing":
                    problems.append(MetaProblem(shown, 1, rule, f"front matter 缺少“{key}”。正确写法：{expected}"))
                else:
                    reason = str(err.get("ctx", {}).get("error") or _zh_type(err["type"]))
                    problems.append(MetaProblem(shown, _key_line(text, key), rule,
                                                f"front matter 的“{key}”写得不对（{reason}）。正确写法：{expected}"))
    return PageInfo(path.relative_to(docs).as_posix(), path, meta, problems)


def _field_key(loc) -> str:
    by_attr = {name: field.alias or name for name, field in PageMeta.model_fields.items()}
    return by_attr.get(loc, loc)


def _zh_type(kind: str) -> str:
    return {"string_type": "不是一行文字", "list_type": "不是列表", "too_short": "不能为空",
            "string_too_short": "不能为空"}.get(kind, kind)


def _key_line(text: str, key: str) -> int:
    m = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 1
