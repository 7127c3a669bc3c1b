"""每个单位档案一页 A4 的自查表 PDF：内容来自模型（与网站的个性化清单页同一份数据）。"""
from __future__ import annotations

from .checklist_form import FITS, ChecklistForm, checklist_form, form_html
from .errors import ErrorLog
from .model import Model, Profile
from .pdf_typeset import layout, stamp


def fit_one_page(form: ChecklistForm, extra: dict, when, hint: int = len(FITS) // 2):
    """找出能排进一页的最宽松的一档（FITS 从松到紧）。

    从 hint 档试起：排得下就往宽松的方向试，排不下就往紧的方向试。
    各档案的版面相近，把上一份的结果作为 hint，一般排两次就找到。
    返回 (排好的文档或 None, 档位, 页数)。
    """
    def attempt(k):
        doc = layout(form_html(form, extra, FITS[k], when))
        return doc, len(doc.pages)

    k = min(hint, len(FITS) - 1)
    doc, pages = attempt(k)
    if pages == 1:
        while k > 0:
            looser, n = attempt(k - 1)
            if n > 1:
                break
            doc, k = looser, k - 1
        return doc, k, 1
    while k + 1 < len(FITS):
        k += 1
        doc, pages = attempt(k)
        if pages == 1:
            return doc, k, 1
    return None, k, pages


def checklist_pdfs(model: Model, extra: dict, when=None) -> dict[str, bytes]:
    """档案编号 → 一页的 PDF。有排不进一页的档案时一次列出全部，抛出 ContentErrors。"""
    when = when or stamp()
    log, out, hint = ErrorLog(), {}, len(FITS) // 2
    for profile in model.profiles:
        form = checklist_form(model, profile)
        doc, hint, pages = fit_one_page(form, extra, when, hint)
        if doc is None:
            log.add("docs/_data/units.yml", profile.line,
                    f"档案 {profile.id} 的自查表有 {form.count} 项，最紧的版面（{FITS[-1].font_pt}pt）"
                    f"也排不进一页 A4（需要 {pages} 页）：请精简适用条目或本单位落实方式的说明")
            continue
        out[profile.id] = doc.write_pdf()
    log.raise_if_any()
    return out


def checklist_pdf(model: Model, profile: Profile, extra: dict) -> bytes:
    """命令行用：一个档案的自查表 PDF。"""
    return checklist_pdfs(model.model_copy(update={"profiles": [profile]}), extra)[profile.id]
