"""修订说明：编辑者写给读者的修订记录（docs/_data/revisions.yml），“修订记录”页面只列这里的内容。

git 的提交说明是写给编辑者的（常是英文、半成品），不给读者看；页面末尾的“最后更新”日期仍取自 git。
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pydantic import ConfigDict, Field, field_validator

from .. import DATA
from .errors import ErrorLog
from .model import Record
from .parse import build_record
from .pagemeta import today
from .yamlfile import line_of, load_file

_CJK = re.compile(r"[\u4e00-\u9fff]")


class Release(Record):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    day: date = Field(alias="date")
    edition: str = Field(min_length=1)
    changes: list[str] = Field(min_length=1)
    line: int = 1

    @field_validator("day", mode="before")
    @classmethod
    def _iso(cls, value):
        return date.fromisoformat(str(value))


def load_releases(log: ErrorLog, path: Path = DATA / "revisions.yml") -> list[Release]:
    raw = load_file(path, log) or []
    releases = []
    for node in raw if isinstance(raw, list) else []:
        rel = build_record(Release, {**node, "line": line_of(node)} if isinstance(node, dict) else node, path, log)
        if not rel:
            continue
        if rel.day > today():
            log.add(path, rel.line, f"发布日期 {rel.day.isoformat()} 晚于今天")
        for text in rel.changes:
            if not _CJK.search(text):
                log.add(path, rel.line, f"修订说明要用中文写给读者：“{text}”")
        if releases and rel.day > releases[-1].day:
            log.add(path, rel.line, "修订说明按日期从近到远排列，最近的写在最前面")
        releases.append(rel)
    return releases
