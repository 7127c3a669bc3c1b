"""唯一的数据模型：责任清单、分类维度、规则、单位档案，以及由它们算出的个性化清单。

站点页面、个性化清单、JSON、Word/Excel 和 PDF 都只读这个模型；
浏览器里的自查工具读 JSON 导出的同一份数据和同一套规则。
"""
from __future__ import annotations

from itertools import product
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# 条件：维度 id → 允许的取值 id；空字典表示全部单位
Condition = dict[str, list[str]]


class Record(BaseModel):
    """全部数据类的基类：不认识的字段一律报错（写错字段名不会被悄悄忽略）。"""
    model_config = ConfigDict(extra="forbid")


class Source(Record):
    id: str
    title: str
    short: str = ""
    kind: str = ""
    issued: str | None = None
    page: str | None = None
    url: str | None = None
    note: str | None = None
    aliases: list[str] = []


class Quote(Record):
    id: str
    source: str
    article: str | None = None
    text: str
    confidence: Literal["verbatim", "excerpt"] = "verbatim"
    article_confirmed: bool = True


class Citation(Record):
    """条目的一条依据：条文写法（不含核实标记），能解析出的来源和引文，以及核实状态。"""
    text: str
    source: str | None = None
    quote: str | None = None
    # 条款号或原文尚未核实：依据后面写了 <!-- open: 编号 -->，或引文的 article_confirmed 为 false
    unconfirmed: bool = False
    open: str | None = Field(None, description="待核实事项编号（docs/_data/open-items.yml）")


class Variant(Record):
    """条目在某类单位中的落实方式。"""
    when: Condition
    text: str


class Item(Record):
    id: str
    list: str
    title: str
    body: str = Field(description="条目正文（Markdown）")
    text: str = Field(description="条目正文（纯文本）")
    basis: list[Citation]
    links: list[str] = []
    applies: Condition = {}
    variants: list[Variant] = []
    path: str
    line: int


class ResponsibilityList(Record):
    id: str = Field(description="编号前缀，如 DZ")
    title: str
    subject: str
    count: int
    in_checklist: bool
    order: int = Field(100, description="在清单汇总和个性化清单中的顺序")
    page: str = Field(description="源文件相对 docs/ 的路径")
    intro: str = ""
    outro: str = ""
    items: list[Item] = []
    path: str
    line: int = 1


class DimensionValue(Record):
    """分类维度的一个取值。"""
    id: str
    label: str
    definition: str
    source: str
    example: str = Field("", description="一句举例，帮助读者判断本单位属于哪一类（单位选择器显示）")
    members: int | None = Field(None, ge=1, description="组织规模：党员达到这个人数的，设立这一级组织")
    approval: bool = Field(False, description="组织规模：不足 members 人的，因工作需要经上级党组织批准，也可以设立")
    quote: str | None = Field(None, description="组织规模：规定设立条件的条文（引文编号）")


class Dimension(Record):
    """单位分类维度（性质、职能、规模）。"""
    id: str
    label: str
    name: str
    values: list[DimensionValue]

    def value(self, value_id: str) -> DimensionValue:
        return next(v for v in self.values if v.id == value_id)


class Reassign(Record):
    """把一份清单交给另一个责任主体。"""
    list: str
    subject: str


class Rule(Record):
    id: str
    when: Condition
    reassign: Reassign | None = None
    exclude: list[str] = []
    basis: str
    note: str = ""
    line: int = 1


class Profile(Record):
    id: str
    name: str
    description: str
    selection: dict[str, str] = Field(description="维度 id → 取值 id")
    line: int = 1


class ChecklistItem(Record):
    id: str
    title: str
    text: str
    basis: list[Citation]
    notes: list[str] = []


class ChecklistGroup(Record):
    list: str
    title: str
    subject: str
    items: list[ChecklistItem]


class Model(Record):
    lists: dict[str, ResponsibilityList]
    dimensions: list[Dimension]
    rules: list[Rule]
    profiles: list[Profile]
    sources: dict[str, Source]
    quotes: dict[str, Quote]

    # ---- 查询 -----------------------------------------------------------
    def items(self) -> dict[str, Item]:
        return {item.id: item for lst in self.lists.values() for item in lst.items}

    def dimension(self, dim_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dim_id)

    def profile(self, profile_id: str) -> Profile:
        for p in self.profiles:
            if p.id == profile_id:
                return p
        raise KeyError(profile_id)

    def selections(self):
        """所有维度取值的组合。"""
        for combo in product(*[[v.id for v in d.values] for d in self.dimensions]):
            yield dict(zip([d.id for d in self.dimensions], combo))

    def checklist(self, selection: dict[str, str]) -> list[ChecklistGroup]:
        return checklist(self.lists.values(), self.rules, selection)


# ---- 规则求值（浏览器自查工具用同样的算法，见 docs/javascripts/selfcheck.js）----
def checklist(lists, rules, selection: dict[str, str]) -> list[ChecklistGroup]:
    """一类单位的个性化清单。lists、rules 是模型的，或公开数据（public.py）里同名同字段的。"""
    rules = [r for r in rules if matches(r.when, selection)]
    excluded = {i for r in rules for i in r.exclude}
    subjects = {r.reassign.list: r.reassign.subject for r in rules if r.reassign}
    groups = []
    for lst in lists:
        if not lst.in_checklist:
            continue
        items = [
            ChecklistItem(
                id=i.id, title=i.title, text=i.text, basis=i.basis,
                notes=[v.text for v in i.variants if matches(v.when, selection)],
            )
            for i in lst.items
            if i.id not in excluded and matches(i.applies, selection)
        ]
        if items:
            groups.append(ChecklistGroup(
                list=lst.id, title=lst.title,
                subject=subjects.get(lst.id, lst.subject), items=items))
    return groups


def matches(condition: Condition, selection: dict[str, str]) -> bool:
    return all(selection.get(dim) in values for dim, values in condition.items())
