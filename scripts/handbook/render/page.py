"""页面渲染：生成页和页面标记；模板都在 templates/，这里只准备数据和相对链接。"""
from __future__ import annotations

import posixpath
import re

from ..core.content import Content
from ..core.errors import ErrorLog
from ..core.markers import DOWNLOADS, MARKER_RE
from ..core.model import Condition, Model, matches
from .environment import environment
from .markers import MARKERS


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
