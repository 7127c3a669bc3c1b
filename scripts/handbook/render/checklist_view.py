"""个性化清单自查表的写法：栏目、签字栏、“参考版本”声明和每一行的文字都只在这里写一次。

网页（templates/pages/checklist.md.j2）、命令行 Markdown（export/checklist.md.j2）、一页 A4 的 HTML/PDF
（export/checklist.html.j2）、Word/Excel（export/office.py）、自查页（blocks/selfcheck.md.j2）都从这里取；
模板里是 Jinja 全局变量 COLUMNS、SIGNATURES、DISCLAIMER（environment.py 登记）。
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.model import ChecklistItem, Model, Profile
from ..core.status import PLAIN_LEGEND, PLAIN_MARK, plain_citation

COLUMNS = ("序号", "事项", "依据", "完成", "备注")
SIGNATURES = ("填表人（签字）：", "党组织书记（签字）：", "日期：")
DISCLAIMER = "参考版本，以上级机关工委正式文件为准"


def form_title(profile: Profile) -> str:
    return f"个性化责任清单自查表 · {profile.name}"


@dataclass(frozen=True)
class Row:
    """自查表的一行：序号、编号、事项（标题、正文和本单位的落实方式）、依据。"""
    no: int
    id: str
    body: str       # 标题：正文（本单位：……）
    basis: str      # 依据原文，用“；”分隔

    @property
    def item(self) -> str:
        return f"{self.id} {self.body}"


@dataclass(frozen=True)
class Group:
    heading: str    # 落实主体：清单名称
    rows: list[Row]


def row(no: int, it: ChecklistItem) -> Row:
    body = f"{it.title}：{it.text}" + "".join(f"（本单位：{n}）" for n in it.notes)
    return Row(no=no, id=it.id, body=body, basis="；".join(plain_citation(c) for c in it.basis))


def checklist_groups(model: Model, profile: Profile) -> list[Group]:
    return [Group(heading=f"{g.subject}：{g.title}", rows=[row(n, it) for n, it in enumerate(g.items, 1)])
            for g in model.checklist(profile.selection)]


def pending_legend(texts) -> str:
    """表下的注：表里用到了待核实标记时说明它的意思，否则为空。"""
    return PLAIN_LEGEND if any(PLAIN_MARK in t for t in texts) else ""
