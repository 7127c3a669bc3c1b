"""公开数据格式：site/data/responsibilities.json（和它的 JSON Schema），给读者的工具和本站的自查页、PDF 用。

只有读者和工具需要的内容：清单、条目（纯文本）、依据、分类维度、规则、单位档案、来源。
没有源文件路径、行号和 Markdown 原文：这些是编辑用的，改动页面写法不应改变公开格式。
格式有变化时改 VERSION：只增加可选字段时改小版本号（2.1），删改字段时改大版本号（3.0）。
"""
from __future__ import annotations

import json
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from .model import Citation, Condition, Dimension, Model, Reassign, Record, Variant, checklist

SCHEMA_ID = "responsibilities.schema.json"
VERSION = "2.1"
# 站点里的位置：JSON 和同一份数据的脚本版（自查页用 <script src> 读它：从文件夹打开时浏览器不允许 fetch 本地文件）
JSON_PATH = "data/responsibilities.json"
SCRIPT_PATH = "data/responsibilities.js"
SCRIPT_GLOBAL = "hbResponsibilities"


class PublicItem(Record):
    """责任清单的一个条目。"""
    id: str = Field(description="条目编号，如 ZB-03；全站唯一")
    list: Annotated[str, Field(description="所属清单的编号前缀（lists 的 id）")]  # 不赋默认值：否则遮住内置的 list
    title: str
    text: str = Field(description="条目正文（纯文本）")
    basis: list[Citation] = Field(description="依据：原文写法，能认出的来源编号（sources 的键）和引文编号")
    links: list[str] = Field([], description="联动的其他清单条目编号")
    applies: Condition = Field({}, description="适用的单位：维度 id → 取值 id 列表；空表示全部单位")
    variants: list[Variant] = Field([], description="在某类单位中落实方式不同时的说明")


class PublicList(Record):
    """一份责任清单。"""
    id: str = Field(description="编号前缀，如 DZ")
    title: str
    subject: str = Field(description="责任主体")
    count: int = Field(description="条目数")
    in_checklist: bool = Field(description="是否列入单位的个性化清单")
    order: int = Field(description="在清单汇总和个性化清单中的顺序")
    items: list[PublicItem]


class PublicRule(Record):
    """按单位类型调整个性化清单的规则。"""
    id: str
    when: Condition = Field(description="规则适用的单位")
    reassign: Reassign | None = Field(None, description="把某份清单交给另一个责任主体")
    exclude: list[str] = Field([], description="不列入的条目编号")
    basis: str
    note: str = ""


class PublicProfile(Record):
    """单位档案：一类典型单位的维度取值。"""
    id: str
    name: str
    description: str
    selection: dict[str, str] = Field(description="维度 id → 取值 id")


class PublicSource(Record):
    """法规、讲话、调研报告等来源。"""
    id: str
    title: str
    short: str = ""
    kind: str = ""
    issued: str | None = None
    url: str | None = Field(None, description="官方发布地址")
    note: str | None = None
    aliases: list[str] = []


class Responsibilities(Record):
    """机关党建责任清单：清单、条目、依据、分类维度、规则、单位档案、来源。"""
    model_config = ConfigDict(title="机关党建责任清单")
    version: Literal["2.1"] = Field(VERSION, description="数据格式的版本")
    edition: str = Field(description="手册版次")
    lists: list[PublicList]
    dimensions: list[Dimension] = Field(description="单位分类维度（性质、职能、规模）和取值")
    rules: list[PublicRule]
    profiles: list[PublicProfile]
    sources: dict[str, PublicSource] = Field(description="来源编号 → 来源")

    def checklist(self, selection: dict[str, str]):
        """与 Model.checklist 同一个算法。"""
        return checklist(self.lists, self.rules, selection)

    def profile(self, profile_id: str) -> PublicProfile:
        return next(p for p in self.profiles if p.id == profile_id)


def _public(cls, obj):
    return cls.model_validate(obj.model_dump(include=set(cls.model_fields)))


def public_data(model: Model, extra: dict) -> Responsibilities:
    return Responsibilities(
        edition=str(extra.get("edition", "")),
        lists=[PublicList(**lst.model_dump(include=set(PublicList.model_fields) - {"items"}),
                          items=[_public(PublicItem, i) for i in lst.items]) for lst in model.lists.values()],
        dimensions=model.dimensions, rules=[_public(PublicRule, r) for r in model.rules],
        profiles=[_public(PublicProfile, p) for p in model.profiles],
        sources={k: _public(PublicSource, s) for k, s in model.sources.items()})


def to_json(model: Model, extra: dict, indent: int | None = 1) -> str:
    data = public_data(model, extra).model_dump(mode="json")
    separators = None if indent else (",", ":")
    return json.dumps({"$schema": SCHEMA_ID, **data}, ensure_ascii=False, indent=indent, separators=separators) + "\n"


def to_script(model: Model, extra: dict) -> str:
    """同一份数据写成脚本：window.hbResponsibilities = {…};"""
    return f"window.{SCRIPT_GLOBAL} = {to_json(model, extra, indent=None).strip()};\n"


def read_json(text: str) -> Responsibilities:
    data = json.loads(text)
    data.pop("$schema", None)
    return Responsibilities.model_validate(data)


def json_schema() -> str:
    schema = Responsibilities.model_json_schema()
    schema["properties"]["$schema"] = {"type": "string"}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=1) + "\n"
