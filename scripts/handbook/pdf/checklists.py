"""每个单位档案一页 A4 的自查表 PDF：内容来自模型（与网站的个性化清单页同一份数据）。"""
from __future__ import annotations

from collections.abc import Callable

from ..core.errors import ErrorLog
from ..core.model import Model, Profile
from ..core.public import Responsibilities
from ..render.checklist_form import FITS, ChecklistForm, checklist_form, form_html
from .typeset import stamp, typeset


def shrink_to_one_page(form: ChecklistForm, extra: dict, when, start: int = 0):
    """从 start 档起逐档收紧（FITS 从松到紧），直到排进一页。

    返回 (PDF 或 None, 所用档位, 最后一次的页数)。
    """
    for k in range(start, len(FITS)):
        pages, data = typeset(form_html(form, extra, FITS[k], when), "checklist")
        if pages == 1:
            return data, k, 1
    return None, len(FITS) - 1, pages


def _length(form: ChecklistForm) -> int:
    """表格的大致行数：事项各一行，本单位落实方式每约60字一行。"""
    return sum(1 + sum(len(n) // 60 + 1 for n in row.notes) for g in form.groups for row in g.rows)


def checklist_pdfs(model: Model | Responsibilities, extra: dict, when=None,
                   line: Callable[[object], int] = lambda profile: profile.line) -> dict[str, bytes]:
    """档案编号 → 一页的 PDF。有排不进一页的档案时一次列出全部，抛出 ContentErrors（line 给出档案在 units.yml 的行）。

    按表格从短到长排：长的一份不会比短的一份排得更松，所以从上一份的档位接着试，每份一般只排一次。
    """
    when = when or stamp()
    log, out, k = ErrorLog(), {}, 0
    for form in sorted((checklist_form(model, p) for p in model.profiles), key=_length):
        data, k, pages = shrink_to_one_page(form, extra, when, k)
        if data is None:
            log.add("docs/_data/units.yml", line(form.profile),
                    f"档案 {form.profile.id} 的自查表有 {form.count} 项，最紧的版面（{FITS[-1].font_pt}pt）"
                    f"也排不进一页 A4（需要 {pages} 页）：请精简适用条目或本单位落实方式的说明")
            continue
        out[form.profile.id] = data
    log.raise_if_any()
    return out


def checklist_pdf(model: Model, profile: Profile, extra: dict) -> bytes:
    """命令行用：一个档案的自查表 PDF。"""
    return checklist_pdfs(model.model_copy(update={"profiles": [profile]}), extra)[profile.id]
