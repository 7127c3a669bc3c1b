"""个性化清单页：每个单位档案一页，放在导航的“个性化清单”板块里。"""
from __future__ import annotations

from ..core.content import Content
from ..render.page import PageRenderer

SECTION = "个性化清单"


def nav(content: Content) -> dict[str, list[dict]]:
    return {SECTION: [{p.name: f"checklists/{p.id}.md"} for p in content.model.profiles]}


def files(content: Content, config) -> dict[str, str | bytes]:
    out = {}
    for profile in content.model.profiles:
        src = f"checklists/{profile.id}.md"
        out[src] = PageRenderer(content, src, config).checklist_page(profile)
    return out
