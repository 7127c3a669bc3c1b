"""一次构建读入的全部内容：清单模型、数据文件，以及页面之间的反向链接。"""
from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt

from . import DOCS
from .duty_calendar import Calendar, load_calendar
from .data import Dues, Recruitment, Term, load_dues, load_glossary, load_recruitment
from .errors import ContentErrors, ErrorLog
from .formdata import Form, load_forms
from .link_policy import check_links
from .model import Model
from .parse import front_matter, load_model
from .revision_notes import Release, load_releases
from .status import OpenItem, Use, load_open_items, scan_uses

MARKER_RE = re.compile(r"^<!--\s*([a-z][a-z-]*)(?:\s*:\s*([A-Za-z0-9_-]+))?\s*-->[ \t]*$", re.M)
_md = MarkdownIt("commonmark")


@dataclass
class PageRef:
    src: str      # 相对 docs/ 的路径
    title: str


@dataclass
class Content:
    model: Model
    glossary: list[Term]
    recruitment: Recruitment | None
    dues: Dues | None
    forms: list[Form] = field(default_factory=list)   # 表单与台账模板
    calendar: Calendar | None = None                  # 工作日历
    titles: dict[str, str] = field(default_factory=dict)
    # 条目编号 / 引文编号 → 引用它的页面
    item_backlinks: dict[str, list[PageRef]] = field(default_factory=lambda: defaultdict(list))
    quote_backlinks: dict[str, list[PageRef]] = field(default_factory=lambda: defaultdict(list))
    # 待核实事项（docs/_data/open-items.yml）和它们在页面里的位置
    open_items: dict[str, OpenItem] = field(default_factory=dict)
    open_uses: dict[str, list[Use]] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)   # 修订说明（docs/_data/revisions.yml）

    def list_for_page(self, src: str):
        return next((lst for lst in self.model.lists.values() if lst.page == src), None)


def load_content(docs: Path = DOCS) -> Content:
    """读入并校验全部内容；任何错误都收集起来一次抛出。"""
    log = ErrorLog()
    try:
        model = load_model(docs)
    except ContentErrors as exc:
        log.errors.extend(exc.errors)
        model = None
    glossary = load_glossary(log, docs / "_data" / "glossary.yml")
    recruitment = load_recruitment(log, docs / "_data" / "recruitment.yml")
    dues = load_dues(log, docs / "_data" / "party-dues.yml")
    forms = load_forms(log, docs, model, recruitment, dues)
    calendar = load_calendar(log, docs / "_data" / "calendar.yml", model)
    open_items = load_open_items(log, docs / "_data" / "open-items.yml")
    if model:
        check_links(docs, model.sources, docs / "_data" / "quotes.yml", log)
    releases = load_releases(log, docs / "_data" / "revisions.yml")
    log.raise_if_any()
    content = Content(model=model, glossary=glossary, recruitment=recruitment, dues=dues, forms=forms,
                      calendar=calendar, open_items=open_items, releases=releases)
    _scan_pages(content, docs, log)
    log.raise_if_any()
    return content


def _scan_pages(content: Content, docs: Path, log: ErrorLog) -> None:
    """读每个页面的标题，记下它链接了哪些清单条目、用了哪些引文标记。"""
    list_pages = {lst.page: lst for lst in content.model.lists.values()}
    item_ids = set(content.model.items())
    for path in sorted(docs.rglob("*.md")):
        src = path.relative_to(docs).as_posix()
        if src.startswith("_data/"):
            continue
        text = path.read_text(encoding="utf-8")
        meta, tokens = front_matter(text, path, log)
        ref = PageRef(src, str(meta.get("title") or _first_heading(tokens) or src))
        content.titles[src] = ref.title
        scan_uses(text, src, path, content.open_items, content.open_uses, log)
        if src in list_pages:
            continue
        for m in MARKER_RE.finditer(text):
            _check_marker(content, m, path, text.count("\n", 0, m.start()) + 1, log)
            if m.group(1) == "quote" and m.group(2):
                _add(content.quote_backlinks[m.group(2)], ref)
        for href in _links(tokens):
            target, _, anchor = href.partition("#")
            if not target.endswith(".md") or "://" in target:
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), target))
            if resolved in list_pages and anchor in item_ids:
                _add(content.item_backlinks[anchor], ref)


def _check_marker(content: Content, m: re.Match, path: Path, line: int, log: ErrorLog) -> None:
    from .render import DOWNLOADS, MARKERS  # 标记的名字只在 render.py 定义一次
    name, arg = m.group(1), m.group(2)
    if name not in MARKERS:
        log.add(path, line, f"未知的标记 <!-- {name} -->（可用：{'、'.join(sorted(MARKERS))}）")
    elif name == "quote" and arg not in content.model.quotes:
        log.add(path, line, f"引文 {arg} 没有登记在 docs/_data/quotes.yml")
    elif name == "quotes" and arg not in content.model.sources:
        log.add(path, line, f"来源 {arg} 没有登记在 docs/_data/quotes.yml")
    elif name == "download" and arg not in DOWNLOADS:
        log.add(path, line, f"没有名为 {arg} 的下载（可用：{'、'.join(DOWNLOADS)}）")


def _add(refs: list[PageRef], ref: PageRef) -> None:
    if all(r.src != ref.src for r in refs):
        refs.append(ref)


def _first_heading(tokens) -> str | None:
    for i, t in enumerate(tokens):
        if t.type == "heading_open" and t.tag == "h1":
            return tokens[i + 1].content
    return None


def _links(tokens):
    for t in tokens:
        for child in t.children or []:
            if child.type == "link_open":
                yield child.attrs.get("href", "")
