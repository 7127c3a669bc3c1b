"""个性化清单自查表：一页 A4 的打印表格（HTML 和 PDF 共用 templates/export/checklist.html.j2）。

30多个事项要放进一页，所以表格里只写编号和标题；依据用圈码指向表下的来源列表
（“①第35条、第19条”），本单位的落实方式写在事项下面的通栏里。事项的完整条文在网页和 Word 表格里。
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..core.model import Citation, Model, Profile
from ..core.public import Responsibilities
from ..core.status import PLAIN_MARK, plain_citation
from .checklist_view import SIGNATURES, form_title, pending_legend
from .environment import environment

MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CN_NUMBER = re.compile(r"(?<=第)[零一二三四五六七八九十百]+(?=[条章节款项])")
_SAME_KIND = re.compile(r"条、第(?=\d+条)")     # 第11条、第12条 → 第11、12条


@dataclass(frozen=True)
class Fit:
    """版面松紧：行高（mm）和字号（pt）。排不进一页时依次换更紧的一档。"""
    row_mm: float
    font_pt: float


# 从松到紧：先压行高（留给手写的空间），再缩字号，最后行高只随文字（0）；最小 7.5pt 仍能清楚打印
FITS = ([Fit(r, 10.5) for r in (9, 8, 7, 6)] + [Fit(6, f) for f in (10, 9.5, 9)]
        + [Fit(0, f) for f in (9, 8.5, 8, 7.5)])


@dataclass
class Row:
    no: int
    id: str
    title: str
    basis: str
    notes: list[str]


@dataclass
class Group:
    title: str
    subject: str
    rows: list[Row]


@dataclass
class ChecklistForm:
    title: str
    profile: Profile
    selection: list[tuple[str, str]]         # (维度名, 本单位取值)
    groups: list[Group]
    sources: list[tuple[str, str]] = field(default_factory=list)   # (圈码, 来源全称)
    legend: str = ""                        # 用到待核实标记时表下的说明
    signatures: tuple[str, ...] = SIGNATURES

    @property
    def count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


def checklist_form(model: Model | Responsibilities, profile: Profile) -> ChecklistForm:
    """model 是模型或公开数据（PDF 步骤读的是公开数据）：两者的 checklist、sources、dimensions 相同。"""
    legend: dict[str, str] = {}
    groups = []
    for g in model.checklist(profile.selection):
        rows = [Row(no=n, id=it.id, title=it.title, basis=_basis(model, it.basis, legend), notes=it.notes)
                for n, it in enumerate(g.items, 1)]
        groups.append(Group(title=g.title, subject=g.subject, rows=rows))
    return ChecklistForm(
        title=form_title(profile), profile=profile,
        selection=[(d.name, d.value(profile.selection[d.id]).label) for d in model.dimensions],
        groups=groups, sources=[(mark, model.sources[sid].title) for sid, mark in legend.items()],
        legend=pending_legend(r.basis for g in groups for r in g.rows))


def _basis(model: Model | Responsibilities, citations: list[Citation], legend: dict[str, str]) -> str:
    """依据的简写：同一来源的相邻条款合并，“①第35条、第19条；②第8条”。"""
    pieces: list[tuple[str | None, str]] = []
    for c in citations:
        src = model.sources.get(c.source) if c.source else None
        rest = _after_title(c.text, src.title) if src else None
        if rest is None or (src.id not in legend and len(legend) >= len(MARKS)):
            pieces.append((None, plain_citation(c)))
            continue
        mark = legend.setdefault(src.id, MARKS[len(legend)])
        rest = _CN_NUMBER.sub(lambda m: str(cn_number(m.group())), rest) + (PLAIN_MARK if c.unconfirmed else "")
        if pieces and pieces[-1][0] == mark:
            pieces[-1] = (mark, "、".join(filter(None, (pieces[-1][1], rest))))
        else:
            pieces.append((mark, rest))
    return "；".join((mark or "") + _SAME_KIND.sub("、", text) for mark, text in pieces)


def _after_title(text: str, title: str) -> str | None:
    """条文依据去掉来源名称后剩下的条款号；写法与来源名称对不上时返回 None（照录原文）。"""
    if text.startswith(title):
        return text[len(title):]
    common = os.path.commonprefix([text, title])
    # 只差括号里的注释（如讲话的日期写法不同）时，也算同一来源
    return "" if len(common) >= 0.8 * len(text) else None


def cn_number(text: str) -> int:
    """三十五 → 35（条款号只到几百）。"""
    total, digit = 0, 0
    for ch in text:
        if ch == "十":
            total += (digit or 1) * 10
            digit = 0
        elif ch == "百":
            total += (digit or 1) * 100
            digit = 0
        else:
            digit = _CN_DIGITS[ch]
    return total + digit


def form_html(form: ChecklistForm, extra: dict, fit: Fit = FITS[0], stamp=None) -> str:
    """stamp（pdf/typeset.py 的 Stamp）只在生成 PDF 时给出：写进文档的创建日期。"""
    return environment().get_template("export/checklist.html.j2").render(
        form=form, extra=extra, fit=fit, stamp=stamp)
