"""表单与台账：每个模板一页（可查看、可打印），并发布 Word 文件，台账另发布 Excel 文件。

模板数据见 docs/_data/forms.yml（formdata.py 读取），网页模板在 templates/forms/，
Word/Excel 由 form_office.py 生成。程序页面用 <!-- forms --> 标记列出各自的表单（render.py）。
"""
from __future__ import annotations

from .content import Content
from .exports import reproducible_zip
from .form_office import form_docx, form_xlsx
from .render import PageRenderer

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


def bench() -> dict:
    """make bench：生成全部表单页、Word 和 Excel 文件的耗时和大小（内容读入不计时）。"""
    import time

    from .content import load_content
    content = load_content()
    config = {"extra": {"edition": "基准", "issuer": "基准"}}
    start = time.perf_counter()
    out = files(content, config)
    seconds = time.perf_counter() - start
    sizes = {ext: sum(len(v) for k, v in out.items() if k.endswith(ext)) for ext in (".docx", ".xlsx")}
    return {"forms": len(content.forms), "forms_files_s": round(seconds, 2), "forms_files_target_s": 3.0,
            "forms_docx_kib": round(sizes[".docx"] / 1024), "forms_xlsx_kib": round(sizes[".xlsx"] / 1024)}
