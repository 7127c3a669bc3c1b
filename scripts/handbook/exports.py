"""从模型导出：JSON（含 JSON Schema）、每个档案的 Word/Excel 表格。站点和命令行共用。"""
from __future__ import annotations

import io
import json
import os
import re
import time
import zipfile

from pydantic import BaseModel, ConfigDict

from .model import Dimension, Model, Profile, ResponsibilityList, Rule, Source
from .office import checklist_docx, checklist_xlsx

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


def profile_docx(model: Model, profile: Profile, extra: dict) -> bytes:
    return reproducible_zip(checklist_docx(model, profile, extra))


def profile_xlsx(model: Model, profile: Profile, extra: dict) -> bytes:
    return reproducible_zip(checklist_xlsx(model, profile, extra))


def files(content, config) -> dict[str, bytes | str]:
    """MkDocs 钩子用：站点要发布的导出文件。"""
    return site_exports(content.model, config["extra"])


def site_exports(model: Model, extra: dict) -> dict[str, bytes | str]:
    """站点要发布的全部导出文件：路径（相对站点根目录）→ 内容。"""
    out: dict[str, bytes | str] = {
        "data/responsibilities.json": to_json(model, extra),
        f"data/{SCHEMA_ID}": json_schema(),
    }
    for p in model.profiles:
        out[f"downloads/checklists/{p.id}.docx"] = profile_docx(model, p, extra)
        out[f"downloads/checklists/{p.id}.xlsx"] = profile_xlsx(model, p, extra)
    return out


def build_time() -> time.struct_time:
    """SOURCE_DATE_EPOCH（最后一次提交的时间）存在时用它，保证重复构建结果相同。"""
    return time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH") or time.time()))


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def reproducible_zip(data: bytes) -> bytes:
    """Office 文件是 zip：统一成员时间戳和文档属性里的创建/修改时间，使同一提交两次构建逐字节相同。"""
    stamp = max(build_time()[:6], (1980, 1, 1, 0, 0, 0))
    iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", build_time()).encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=stamp)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o644 << 16
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = _CORE_DATES.sub(rb"\g<1>" + iso + rb"\g<2>", blob)
            dst.writestr(new, blob)
    return buf.getvalue()
