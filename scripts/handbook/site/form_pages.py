"""表单与台账：每个模板一页（可查看、可打印），并发布 Word 文件，台账另发布 Excel 文件。

模板数据见 docs/_data/forms.yml（core/formdata.py 读取），网页模板在 templates/forms/，
Word/Excel 由 export/form_office.py 生成。程序页面用 <!-- forms --> 标记列出各自的表单（render/markers.py）。
"""
from __future__ import annotations

from ..core.content import Content
from ..export.form_office import form_docx, form_xlsx
from ..core.zips import reproducible_zip
from ..render.page import PageRenderer

SECTION = "表单与台账"


def nav(content: Content) -> dict[str, list[dict]]:
    return {SECTION: [{f.title: f.src} for f in content.forms]}


def files(content: Content, config) -> dict[str, str | bytes]:
    extra = config["extra"]
    out: dict[str, str | bytes] = {}
    for form in content.forms:
        out[form.src] = PageRenderer(content, form.src, config).render("forms/page.md.j2", form=form)
        out[form.docx] = reproducible_zip(form_docx(form, content.titles, extra))
        if form.xlsx:
            out[form.xlsx] = reproducible_zip(form_xlsx(form, content.titles, extra))
    return out
