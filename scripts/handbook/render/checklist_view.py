"""个性化清单一行的写法：自查表标题、事项文字、依据文字、签字栏。网页、Word、Excel、PDF 和自查页都从这里取。"""
from __future__ import annotations

from ..core.model import ChecklistItem, Profile

SIGNATURES = ("填表人（签字）：", "党组织书记（签字）：", "日期：")


def form_title(profile: Profile) -> str:
    return f"个性化责任清单自查表 · {profile.name}"


def item_body(it: ChecklistItem) -> str:
    return f"{it.title}：{it.text}" + "".join(f"（本单位：{n}）" for n in it.notes)


def item_text(it: ChecklistItem) -> str:
    return f"{it.id} {item_body(it)}"


def basis_text(it: ChecklistItem) -> str:
    return "；".join(c.text for c in it.basis)
