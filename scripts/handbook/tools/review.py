"""复核提醒（make review）：列出审核日期早于 extra.page_meta.review_max_age_days 天前的页面。

只是提醒，不让检查失败：内容到期不等于内容错误，由责任处室安排复核后更新 front matter 的审核日期。
make lint 结尾也会打印到期页面的数目。
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .. import DOCS
from ..core.errors import display_path
from ..core.pagemeta import authored_pages, read_page, site_settings, today as beijing_today

DEFAULT_MAX_AGE = 365


@dataclass(frozen=True)
class Overdue:
    path: str
    office: str
    reviewed: date
    days: int

    def __str__(self) -> str:
        return f"{self.path}: 审核日期 {self.reviewed.isoformat()}，已过 {self.days} 天（责任处室：{self.office}）"


def overdue_pages(docs: Path = DOCS, today: date | None = None, max_age: int | None = None) -> list[Overdue]:
    """审核日期过期的页面，最久没复核的排在前面。front matter 不合格的页面由 make lint 报告，这里跳过。"""
    today = today or beijing_today()
    settings = site_settings()
    max_age = max_age if max_age is not None else int(settings.get("review_max_age_days", DEFAULT_MAX_AGE))
    limit = today - timedelta(days=max_age)
    out = []
    for path in authored_pages(docs):
        meta = read_page(path, docs, offices=[]).meta
        if meta and meta.reviewed < limit:
            out.append(Overdue(display_path(path), meta.office, meta.reviewed, (today - meta.reviewed).days))
    return sorted(out, key=lambda o: (o.reviewed, o.path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook.tools.review", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=DOCS, help="内容目录（默认 docs/）")
    parser.add_argument("--today", type=date.fromisoformat, help="按哪一天计算（默认今天，YYYY-MM-DD）")
    args = parser.parse_args(argv)
    max_age = int(site_settings().get("review_max_age_days", DEFAULT_MAX_AGE))
    pages = overdue_pages(args.docs.resolve(), args.today, max_age)
    for page in pages:
        print(page)
    if pages:
        print(f"\n共 {len(pages)} 个页面超过 {max_age} 天没有复核。复核后请更新页面 front matter 中的“审核日期”。")
    else:
        print(f"所有页面都在 {max_age} 天内复核过。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
