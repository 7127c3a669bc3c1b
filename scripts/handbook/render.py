"""Jinja 渲染：模板都在 templates/，这里只准备数据和相对链接。"""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache

import jinja2

from . import TEMPLATES, duty_calendar, dues_calculator, selfcheck
from .content import MARKER_RE, Content
from .errors import ErrorLog
from .formdata import forms_for
from .model import Condition, Model, matches


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=jinja2.select_autoescape(["html.j2", "svg.j2", "xml.j2"]),
    )
    env.filters["md_escape"] = md_escape
    env.filters["cell"] = table_cell
    return env


def md_escape(text: str) -> str:
    """让纯文本在 Markdown 里原样显示。"""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


def table_cell(text: str) -> str:
    return md_escape(text).replace("\n", " ")


class PageRenderer:
    """为一个页面渲染标记和生成页；所有链接都按该页面位置写成相对路径。"""

    def __init__(self, content: Content, src: str, config: dict | None = None):
        self.content = content
        self.model: Model = content.model
        self.src = src
        self.extra = (config or {}).get("extra", {}) if config else {}
        # 离线包（offline 插件）关掉目录式地址：页面发布为 a/b.html 而不是 a/b/index.html
        self.directory_urls = (config or {}).get("use_directory_urls", True)

    # ---- 公共工具 ---------------------------------------------------------------
    def rel(self, target: str) -> str:
        """docs/ 内的目标路径（可带 #锚点）→ 相对当前页面的链接。"""
        path, _, anchor = target.partition("#")
        link = posixpath.relpath(path, posixpath.dirname(self.src) or ".") if path else ""
        return f"{link}#{anchor}" if anchor else link

    def built_rel(self, target: str) -> str:
        """构建后才生成的文件（PDF 等）：MkDocs 不认识它们，按页面的发布地址算相对路径。"""
        flat = posixpath.basename(self.src) == "index.md" or not self.directory_urls
        base = posixpath.dirname(self.src) if flat else self.src[:-3]
        return posixpath.relpath(target, base or ".")

    def download(self, name: str, **params) -> str:
        """DOWNLOADS 中的文件相对本页的链接；路径里的 {id} 等由 params 填入。"""
        return self.built_rel(DOWNLOADS[name][0].format(**params))

    def item_link(self, item_id: str) -> str:
        item = self.model.items()[item_id]
        return self.rel(f"{self.model.lists[item.list].page}#{item.id}")

    def describe(self, cond: Condition) -> str:
        if not cond:
            return "全部单位"
        parts = []
        for dim_id, values in cond.items():
            dim = self.model.dimension(dim_id)
            parts.append(f"{dim.label}为" + "、".join(dim.value(v).label for v in values))
        return "；".join(parts)

    def render(self, template: str, **kw) -> str:
        return environment().get_template(template).render(
            r=self, model=self.model, content=self.content, extra=self.extra, **kw)

    # ---- 页面 -------------------------------------------------------------------
    def list_page(self, lst) -> str:
        return self.render("pages/list.md.j2", lst=lst)

    def checklist_page(self, profile) -> str:
        return self.render("pages/checklist.md.j2", profile=profile,
                           groups=self.model.checklist(profile.selection),
                           rules=[x for x in self.model.rules if matches(x.when, profile.selection)])

    # ---- 标记 <!-- name: arg --> ---------------------------------------------------
    def markers(self, markdown: str, log: ErrorLog, path: str) -> str:
        def replace(m: re.Match) -> str:
            name, arg = m.group(1), m.group(2)
            handler = MARKERS.get(name)
            line = markdown.count("\n", 0, m.start()) + 1
            if handler is None:
                log.add(path, line, f"未知的标记 <!-- {name} -->（可用：{'、'.join(sorted(MARKERS))}）")
                return m.group(0)
            try:
                return handler(self, arg)
            except LookupError as exc:
                log.add(path, line, f"标记 <!-- {name}: {arg} --> 出错：{exc.args[0]}")
                return m.group(0)
        return MARKER_RE.sub(replace, markdown)


def _quote(r: PageRenderer, arg: str | None) -> str:
    q = r.model.quotes.get(arg or "")
    if q is None:
        raise LookupError(f"引文 {arg} 没有登记在 docs/_data/quotes.yml")
    return r.render("blocks/quote.md.j2", q=q, src=r.model.sources[q.source])


def _source_quotes(r: PageRenderer, arg: str | None) -> str:
    if arg not in r.model.sources:
        raise LookupError(f"来源 {arg} 没有登记在 docs/_data/quotes.yml")
    quotes = [q for q in r.model.quotes.values() if q.source == arg]
    return r.render("blocks/source-quotes.md.j2", src=r.model.sources[arg], quotes=quotes)


def _download(r: PageRenderer, arg: str | None) -> str:
    if arg not in DOWNLOADS:
        raise LookupError(f"没有名为 {arg} 的下载（可用：{'、'.join(DOWNLOADS)}）")
    if "{" in DOWNLOADS[arg][0]:
        raise LookupError(f"{arg} 每个单位档案一份，只能由生成的个性化清单页链接")
    return r.render("blocks/download.md.j2", file=DOWNLOADS[arg])


def _need(value, what: str):
    if value is None:
        raise LookupError(f"{what}没有读到")
    return value


# 构建后生成的下载文件：标记名 → (站点内路径, 链接文字)。
# 路径带 {id} 的每个单位档案一份，由个性化清单页用 PageRenderer.download() 链接
DOWNLOADS = {
    "handbook-pdf": ("pdf/handbook.pdf", "下载整本手册（PDF，A4）"),
    "handbook-docx": ("downloads/handbook.docx", "下载 Word 版（公文格式，可修改）"),
    "checklist-pdf": ("pdf/checklists/{id}.pdf", "PDF 自查表（一页 A4，打印后签字）"),
}

MARKERS = {
    "quote": _quote,
    "quotes": _source_quotes,
    "glossary": lambda r, arg: r.render("blocks/glossary.md.j2", terms=r.content.glossary),
    "recruitment-flow": lambda r, arg: r.render(
        "blocks/recruitment-flow.md.j2", rec=_need(r.content.recruitment, "发展党员流程数据")),
    "recruitment-table": lambda r, arg: r.render(
        "blocks/recruitment-table.md.j2", rec=_need(r.content.recruitment, "发展党员流程数据")),
    "dues-table": lambda r, arg: r.render("blocks/dues-table.md.j2", dues=_need(r.content.dues, "党费标准数据")),
    "download": _download,
    "checklist-index": lambda r, arg: r.render("blocks/checklist-index.md.j2"),
    "list-overview": lambda r, arg: r.render("blocks/list-overview.md.j2"),
    "selfcheck": selfcheck.marker,
    "calendar": duty_calendar.marker,
    "dues-calculator": dues_calculator.marker,
    # 程序页面列出本页的表单；表单与台账首页列出全部表单（docs/_data/forms.yml）
    "forms": lambda r, arg: r.render("forms/list.md.j2", forms=forms_for(r.content.forms, r.src)),
    "forms-index": lambda r, arg: r.render("forms/index.md.j2", forms=r.content.forms),
}
