"""站点发布的清单导出：公开数据（JSON + Schema，格式见 core/public.py）和每个档案的 Word/Excel 自查表。
站点和命令行共用。"""
from __future__ import annotations

from ..core.model import Model, Profile
from ..core.public import JSON_PATH, SCHEMA_ID, SCRIPT_PATH, json_schema, to_json, to_script
from .office import checklist_docx, checklist_xlsx
from ..core.zips import reproducible_zip


def profile_docx(model: Model, profile: Profile, extra: dict) -> bytes:
    return reproducible_zip(checklist_docx(model, profile, extra))


def profile_xlsx(model: Model, profile: Profile, extra: dict) -> bytes:
    return reproducible_zip(checklist_xlsx(model, profile, extra))


def site_exports(model: Model, extra: dict) -> dict[str, bytes | str]:
    """站点要发布的全部导出文件：路径（相对站点根目录）→ 内容。"""
    out: dict[str, bytes | str] = {
        JSON_PATH: to_json(model, extra),
        SCRIPT_PATH: to_script(model, extra),
        f"data/{SCHEMA_ID}": json_schema(),
    }
    for p in model.profiles:
        out[f"downloads/checklists/{p.id}.docx"] = profile_docx(model, p, extra)
        out[f"downloads/checklists/{p.id}.xlsx"] = profile_xlsx(model, p, extra)
    return out
