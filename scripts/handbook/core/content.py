"""一次构建读入的全部内容：清单模型、数据文件，以及页面之间的反向链接。"""
from __future__ import annotations

import difflib
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .. import DOCS
from .calendar import Calendar, load_calendar
from .data import Dues, Recruitment, Term, load_dues, load_glossary, load_recruitment
from .errors import ContentErrors, ErrorLog
from .formdata import Form, load_forms
from .markers import ARGUMENTS, CALENDAR_PARTS, DOWNLOADS, NAMES, Marker, NearMiss, nearest_name, scan
from .link_policy import check_links
from .model import Model
from .parse import front_matter, load_model
from .revision_notes import Release, load_releases
from .status import READER_DATA, OpenItem, Use, check_old_prose, load_open_items, scan_uses


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
    check_old_prose(docs, log)
    log.raise_if_any()
    return content


def _scan_pages(content: Content, docs: Path, log: ErrorLog) -> None:
    """读每个页面的标题，记下它链接了哪些清单条目、用了哪些引文标记；数据文件里的待核实标记也记下位置。"""
    for name in READER_DATA:
        path = docs / "_data" / name
        if path.is_file():
            scan_uses(path.read_text(encoding="utf-8"), f"_data/{name}", path, content.open_items,
                      content.open_uses, log)
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
        markers, misses = scan(text)
        for miss in misses:
            _report_near_miss(content, miss, path, log)
        for m in markers:
            _check_marker(content, m, path, log)
            if m.name == "quote" and m.arg:
                _add(content.quote_backlinks[m.arg], ref)
        for href in _links(tokens):
            target, _, anchor = href.partition("#")
            if not target.endswith(".md") or "://" in target:
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), target))
            if resolved in list_pages and anchor in item_ids:
                _add(content.item_backlinks[anchor], ref)


def _arguments(content: Content, name: str) -> list[str]:
    """标记可用的参数（不带参数的标记为空列表）。"""
    return {"quote": sorted(content.model.quotes), "quotes": sorted(content.model.sources),
            "download": [k for k, (path, _) in DOWNLOADS.items() if "{" not in path],
            "calendar": list(CALENDAR_PARTS)}.get(name, [])


def _suggest(content: Content, name: str, arg: str | None) -> str:
    """最接近的合法写法。"""
    if ARGUMENTS[name] is None:
        return f"<!-- {name} -->"
    choices = _arguments(content, name)
    best = arg if arg in choices else next(iter(difflib.get_close_matches(arg or "", choices, n=1, cutoff=0)), "…")
    return f"<!-- {name}: {best} -->"


def _report_near_miss(content: Content, miss: NearMiss, path: Path, log: ErrorLog) -> None:
    hint = (f"最接近的标记是 {_suggest(content, miss.name, miss.arg)}" if miss.name
            else f"没有这个标记（可用：{'、'.join(NAMES)}）")
    log.add(path, miss.line, f"“{miss.text}”像页面标记，但{'；'.join(miss.problems)}，渲染时会被忽略。{hint}")


def _check_marker(content: Content, m: Marker, path: Path, log: ErrorLog) -> None:
    name, arg, line = m.name, m.arg, m.line
    if name not in NAMES:
        near = nearest_name(name)
        hint = f"最接近的标记是 {_suggest(content, near, arg)}" if near else f"可用：{'、'.join(NAMES)}"
        log.add(path, line, f"未知的标记 <!-- {name} -->（{hint}）")
    elif ARGUMENTS[name] is None and arg is not None:
        log.add(path, line, f"标记 <!-- {name} --> 不带参数，应写成 <!-- {name} -->")
    elif ARGUMENTS[name] is not None and arg is None:
        log.add(path, line, f"标记 <!-- {name} --> 要写{ARGUMENTS[name]}，如 {_suggest(content, name, None)}")
    elif ARGUMENTS[name] is not None and arg not in _arguments(content, name):
        what = {"quote": "引文", "quotes": "来源"}.get(name)
        problem = (f"{what} {arg} 没有登记在 docs/_data/quotes.yml" if what
                   else f"<!-- {name}: {arg} --> 的参数应为 {'、'.join(_arguments(content, name))} 之一")
        log.add(path, line, f"{problem}（最接近的标记是 {_suggest(content, name, arg)}）")


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
