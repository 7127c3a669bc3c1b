"""“参与编辑 → 待核实事项”页面：每个待核实事项用在哪里（页面、清单依据、数据文件）、怎样才能核实，以及条款号未核实的引文。"""
from __future__ import annotations

from ..core.content import Content
from ..core.status import quote_kind
from ..render.page import PageRenderer

SECTION = "参与编辑"
PAGE = "contributing/open-items.md"
TITLE = "待核实事项"


def nav(content: Content) -> dict[str, list[dict]]:
    return {SECTION: [{TITLE: PAGE}]}


def files(content: Content, config) -> dict[str, str]:
    renderer = PageRenderer(content, PAGE, config)
    quotes = [q for q in content.model.quotes.values() if quote_kind(q) == "open"]
    return {PAGE: renderer.render("pages/open-items.md.j2", title=TITLE, items=content.open_items,
                                  uses=content.open_uses, quotes=quotes)}
