"""公开数据：site/data/responsibilities.json 的内容和 JSON Schema（同一个 pydantic 类生成）。

站点发布它（export/），自查页内嵌它（render/markers.py）；都从这里取，格式只有一处定义。
"""
from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict

from .model import Dimension, Model, Profile, ResponsibilityList, Rule, Source

SCHEMA_ID = "responsibilities.schema.json"


class ResponsibilitiesExport(BaseModel):
    """责任清单数据：清单、条目、分类维度、规则、单位档案。"""
    model_config = ConfigDict(extra="forbid", title="机关党建责任清单")
    edition: str
    lists: list[ResponsibilityList]
    dimensions: list[Dimension]
    rules: list[Rule]
    profiles: list[Profile]
    sources: list[Source]


def export_data(model: Model, extra: dict) -> ResponsibilitiesExport:
    return ResponsibilitiesExport(
        edition=str(extra.get("edition", "")), lists=list(model.lists.values()),
        dimensions=model.dimensions, rules=model.rules, profiles=model.profiles,
        sources=list(model.sources.values()))


def to_json(model: Model, extra: dict) -> str:
    data = export_data(model, extra).model_dump(mode="json")
    return json.dumps({"$schema": SCHEMA_ID, **data}, ensure_ascii=False, indent=1) + "\n"


def json_schema() -> str:
    schema = ResponsibilitiesExport.model_json_schema()
    schema["properties"]["$schema"] = {"type": "string"}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=1) + "\n"
