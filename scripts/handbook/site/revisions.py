"""修订记录：“修订记录”页面列出编辑者写的修订说明（docs/_data/revisions.yml，见 revision_notes.py）；
git 历史只用来算各页的“最后更新”日期，提交说明不给读者看。

每页的“最后更新”日期由 git-revision-date-localized 插件给出（mkdocs.yml）；生成的页面（个性化清单、
本页）没有自己的 git 历史，显示 docs/ 最近一次修改的日期（config.extra.revisions.updated）。
不在 git 仓库里构建（如解压的源码包）时，本页说明没有修订历史，“最后更新”用构建日期。
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..core.content import Content
from ..core.pagemeta import TIMEZONE, today
from ..render.page import PageRenderer

SECTION = "参与编辑"
PAGE = "changelog.md"
TITLE = "修订记录"
LIMIT = 200            # 页面上最多列出的修改次数


@dataclass
class Revision:
    date: date
    summary: str
    files: list[str]   # 相对 docs/ 的路径


@dataclass
class History:
    revisions: list[Revision] = field(default_factory=list)
    total: int = 0
    shallow: bool = False       # 浅克隆：更早的历史没有拉取
    available: bool = True      # False：不在 git 仓库里
    url: str = ""               # 修订记录页的站内地址，页面末尾的“最后更新”链接到它

    @property
    def updated(self) -> str:
        """docs/ 最近一次修改的日期；没有历史时取构建当天（与插件的 fallback_to_build_date 一致）。"""
        return zh_date(self.revisions[0].date if self.revisions else today())


def zh_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _git(docs: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TZ": TIMEZONE, "LC_ALL": "C.UTF-8"}
    return subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=docs, env=env,
                          capture_output=True, text=True, encoding="utf-8")


def read_history(docs: Path) -> History:
    try:
        inside = _git(docs, "rev-parse", "--is-inside-work-tree")
    except FileNotFoundError:  # 没有安装 git
        return History(available=False)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return History(available=False)
    log = _git(docs, "log", "--no-merges", "--relative", "--date=format-local:%Y-%m-%d",
               "--format=%x1e%ad%x1f%s", "--name-only", "--", ".")
    if log.returncode != 0:
        if "does not have any commits" in log.stderr:
            return History()
        raise RuntimeError(f"读取 docs/ 的 git 历史失败：{log.stderr.strip()}")
    revisions = []
    for record in filter(None, log.stdout.split("\x1e")):
        head, _, names = record.partition("\n")
        day, _, summary = head.partition("\x1f")
        files = [n for n in names.splitlines() if n.strip()]
        revisions.append(Revision(date.fromisoformat(day), summary.strip(), files))
    shallow = _git(docs, "rev-parse", "--is-shallow-repository").stdout.strip() == "true"
    return History(revisions[:LIMIT], len(revisions), shallow)


def on_config(content: Content, config) -> None:
    history = read_history(Path(config["docs_dir"]))
    history.url = PAGE.replace(".md", "/" if config["use_directory_urls"] else ".html")
    config["extra"]["revisions"] = history


def nav(content: Content) -> dict[str, list[dict]]:
    return {SECTION: [{TITLE: PAGE}]}


def files(content: Content, config) -> dict[str, str]:
    renderer = PageRenderer(content, PAGE, config)
    return {PAGE: renderer.render("pages/changelog.md.j2", title=TITLE, releases=content.releases, zh_date=zh_date)}
