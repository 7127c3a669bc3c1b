"""唯一的 Jinja 环境：模板都在 templates/，这里只登记过滤器。"""
from __future__ import annotations

from functools import lru_cache

import jinja2

from .. import TEMPLATES
from . import checklist_view, form_view, status_marks
from .escape import md_escape, table_cell


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
    # 自查表的栏目、签字栏和“参考版本”声明：所有模板共用 checklist_view.py 里的一份
    env.globals.update(COLUMNS=checklist_view.COLUMNS, SIGNATURES=checklist_view.SIGNATURES,
                       DISCLAIMER=checklist_view.DISCLAIMER)
    # 表单与台账的表格行和日期行：网页、Word、Excel 共用 form_view.py
    env.globals.update(form_grid=form_view.grid, DATE_PARTS=form_view.DATE_PARTS, CHECKBOX=form_view.CHECKBOX)
    # 引文和待核实事项的核实状态标记（templates/blocks/quote-mark.md.j2、mark.md.j2）
    env.globals["status"] = status_marks
    return env
