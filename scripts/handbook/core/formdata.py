"""表单与台账模板（docs/_data/forms.yml）：读取、校验，解析出依据和由其他数据生成的行。

网页、Word、Excel 都只读这里得到的 Form 对象；发展党员材料目录的行来自 recruitment.yml，
党员类别的可选值来自 party-dues.yml，不在表单数据里重复。
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from .data import Dues, Recruitment
from .errors import ErrorLog
from .model import Citation, Model, Record
from .parse import zh_message
from .status import open_ids, plain_citation, quote_citation, strip_open
from .yamlfile import line_of, load_file, strip_lines

ColumnType = Literal["text", "number", "money", "percent", "date", "check"]
_ITEM_ID = re.compile(r"\b[A-Z]{2}-\d{2}\b")
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")   # 公式中的 {栏目名}
CHECKBOX = "□"
# Excel 下拉列表直接写在校验规则里时，总长度不能超过255个字符
_EXCEL_LIST_MAX = 255


class BasisRef(Record):
    quote: str | None = None
    text: str | None = None
    source: str | None = None


class FormField(Record):
    label: str
    choices: list[str] = []
    wide: bool = False
    value: str | None = None    # 预先印好的内容
    hint: str | None = None     # 填写提示（浅色小字）


class Section(Record):
    label: str
    lines: int = 3
    hint: str | None = None


class Column(Record):
    label: str
    width: float = 10
    type: ColumnType = "text"
    choices: list[str] | str = []
    formula: str | None = None


class Row(Record):
    """表格中的一行：各栏内容（栏目名 → 文字），或一个分组标题。"""
    cells: dict[str, str] = {}
    group: str | None = None


class Table(Record):
    title: str | None = None
    columns: list[Column]
    rows: list[dict[str, str]] | str = []
    blank_rows: int = 0
    totals: list[str] = []

    def column(self, label: str) -> Column:
        return next(c for c in self.columns if c.label == label)


class Form(Record):
    id: str
    title: str
    procedure: str
    also: list[str] = []
    purpose: str
    basis: list[BasisRef]
    ledger: bool = False
    landscape: bool = False
    fields: list[FormField] = []
    sections: list[Section] = []
    table: Table | None = None
    signatures: list[str] = []
    notes: list[str] = []
    line: int = 1
    # 以下由加载时解析填入
    citations: list[Citation] = []
    table_rows: list[Row] = []

    # 发布位置：表单页和下载文件（相对 docs/ 和站点根目录）
    @property
    def src(self) -> str:
        return f"forms/{self.id}.md"

    @property
    def docx(self) -> str:
        return f"downloads/forms/{self.id}.docx"

    @property
    def xlsx(self) -> str | None:
        return f"downloads/forms/{self.id}.xlsx" if self.ledger else None

    @property
    def pages(self) -> list[str]:
        """列出本表单的程序页面：对应程序在前。"""
        return [self.procedure, *self.also]

    def field_rows(self) -> list[list[FormField]]:
        """表头栏目的排布：普通栏目两个一行，wide 栏目独占一行。"""
        rows: list[list[FormField]] = []
        for f in self.fields:
            if f.wide or not rows or len(rows[-1]) == 2 or rows[-1][0].wide:
                rows.append([f])
            else:
                rows[-1].append(f)
        return rows

    def basis_groups(self) -> list[tuple[str, str | None, list[Citation]]]:
        """依据按文件归并：[(文件名, 来源编号, [条款…])]，条款是 text 只剩条款写法的 Citation，同一条款只出现一次。
        只写了文件名的待核实依据，条款写法为空、仍带着核实状态。"""
        groups: dict[str, tuple[str, str | None, list[Citation]]] = {}
        for c in self.citations:
            title, mark, article = c.text.partition("》")
            group = groups.setdefault(title + mark, (title + mark, c.source, []))
            if (article or c.unconfirmed) and article not in [a.text for a in group[2]]:
                group[2].append(c.model_copy(update={"text": article}))
        return list(groups.values())

    def basis_text(self) -> str:
        """依据的简短纯文字写法，如“《规定》第一条、第二条；《条例》第十六条〔待核〕”。"""
        return "；".join(title + "、".join(plain_citation(a) for a in articles)
                        for title, _, articles in self.basis_groups())

    def labels(self) -> list[str]:
        """表单声明的全部栏目名：表头栏目、填写栏、表格栏目和签字栏。"""
        return ([f.label for f in self.fields] + [s.label for s in self.sections]
                + ([c.label for c in self.table.columns] if self.table else []) + self.signatures)


# ---- 数据源：由其他数据文件生成的行和可选值 -------------------------------------------
def _recruitment_rows(recruitment: Recruitment | None) -> list[Row]:
    if recruitment is None:
        raise LookupError("发展党员流程数据（recruitment.yml）没有读到")
    rows = []
    for stage in recruitment.stages:
        rows.append(Row(group=f"第{'一二三四五六七八九'[stage.no - 1]}阶段　{stage.name}"))
        for step in stage.steps:
            for n, material in enumerate(step.materials or ["—"]):
                first = n == 0
                rows.append(Row(cells={"步骤": str(step.no) if first else "",
                                       "步骤名称": step.name if first else "", "材料": material}))
    return rows


def _dues_categories(dues: Dues | None) -> list[str]:
    if dues is None:
        raise LookupError("党费标准数据（party-dues.yml）没有读到")
    return [c.label for c in dues.categories]


ROW_SOURCES = {"recruitment-materials": lambda ctx: _recruitment_rows(ctx["recruitment"])}
CHOICE_SOURCES = {"dues-categories": lambda ctx: _dues_categories(ctx["dues"])}


# ---- 读取和校验 -----------------------------------------------------------------------
def load_forms(log: ErrorLog, docs: Path, model: Model | None, recruitment: Recruitment | None,
               dues: Dues | None, path: Path | None = None) -> list[Form]:
    path = path or docs / "_data" / "forms.yml"
    raw = load_file(path, log)
    if raw is None:
        return []
    if not isinstance(raw, list):
        log.add(path, 1, "forms.yml 应当是表单的列表（每个表单以“- id: …”开头）")
        return []
    ctx = {"recruitment": recruitment, "dues": dues}
    forms: list[Form] = []
    seen: dict[str, int] = {}
    for node in raw:
        form = _build_form(node, path, log)
        if form is None:
            continue
        if form.id in seen:
            log.add(path, form.line, f"表单编号 {form.id} 重复（第{seen[form.id]}行已经用过）")
            continue
        seen[form.id] = form.line
        _check(form, docs, model, ctx, path, log)
        forms.append(form)
    return forms


def _build_form(node: Any, path: Path, log: ErrorLog) -> Form | None:
    if not isinstance(node, dict):
        log.add(path, 1, "每个表单应当是映射（id、title、procedure……）")
        return None
    try:
        return Form.model_validate({**strip_lines(node), "line": line_of(node)})
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            log.add(path, _line_at(node, err["loc"]), f"表单 {node.get('id', '?')} 的字段 {where}：{zh_message(err)}")
        return None


def _line_at(node: Any, loc: tuple) -> int:
    """沿着校验错误的位置往下找，返回最近一层映射所在的行。"""
    line = line_of(node)
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        line = line_of(node, line)
    return line


def _check(form: Form, docs: Path, model: Model | None, ctx: dict, path: Path, log: ErrorLog) -> None:
    def err(message: str) -> None:
        log.add(path, form.line, f"表单 {form.id}：{message}")

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", form.id):
        err("编号只能用小写字母、数字和连字符")
    for page in form.pages:
        if not (docs / page).is_file():
            err(f"对应的页面 {page} 不存在（写相对 docs/ 的路径，如 procedures/three-meetings.md）")
    if not form.basis:
        err("没有写依据（basis）：每个表单都要写明依据")
    if model is not None:
        form.citations = [c for b in form.basis if (c := _citation(b, model, err))]
    if form.ledger and form.table is None:
        err("台账（ledger: true）必须有表格（table）")
    if form.table is not None:
        _check_table(form, form.table, model, ctx, err)


def _citation(ref: BasisRef, model: Model, err) -> Citation | None:
    if bool(ref.quote) == bool(ref.text):
        err("每条依据写 quote（引文编号）或 text（条文写法）之一")
        return None
    if ref.quote:
        q = model.quotes.get(ref.quote)
        if q is None:
            err(f"依据中的引文 {ref.quote} 没有登记在 docs/_data/quotes.yml")
            return None
        return quote_citation(model.sources, q)
    if ref.source and ref.source not in model.sources:
        err(f"依据中的来源 {ref.source} 没有登记在 docs/_data/quotes.yml")
        return None
    ids = open_ids(ref.text)
    return Citation(text=strip_open(ref.text).strip(), source=ref.source, unconfirmed=bool(ids),
                    open=ids[0] if ids else None)


def _check_table(form: Form, table: Table, model: Model | None, ctx: dict, err) -> None:
    labels = [c.label for c in table.columns]
    if len(set(labels)) != len(labels):
        err("表格栏目名重复")
    for col in table.columns:
        if isinstance(col.choices, str):
            if col.choices not in CHOICE_SOURCES:
                err(f"栏目“{col.label}”的可选值数据源 {col.choices} 不存在（可用：{'、'.join(CHOICE_SOURCES)}）")
                continue
            try:
                col.choices = CHOICE_SOURCES[col.choices](ctx)
            except LookupError as exc:
                err(str(exc))
                continue
        if col.choices and (len(",".join(col.choices)) > _EXCEL_LIST_MAX or any("," in c for c in col.choices)):
            err(f"栏目“{col.label}”的可选值太长或含半角逗号，Excel 下拉列表放不下")
        for name in PLACEHOLDER.findall(col.formula or ""):
            if name not in labels:
                err(f"栏目“{col.label}”的公式引用了不存在的栏目“{name}”")
    for name in table.totals:
        if name not in labels:
            err(f"合计栏目“{name}”不在表格栏目中")
    if isinstance(table.rows, str):
        if table.rows not in ROW_SOURCES:
            err(f"表格行的数据源 {table.rows} 不存在（可用：{'、'.join(ROW_SOURCES)}）")
            return
        try:
            form.table_rows = ROW_SOURCES[table.rows](ctx)
        except LookupError as exc:
            err(str(exc))
            return
    else:
        form.table_rows = [Row(group=r["group"]) if set(r) == {"group"} else Row(cells=r) for r in table.rows]
    items = set(model.items()) if model is not None else None
    for row in form.table_rows:
        for label, value in row.cells.items():
            if label not in labels:
                err(f"预填行中的栏目“{label}”不在表格栏目中（栏目：{'、'.join(labels)}）")
                continue
            choices = table.column(label).choices
            if choices and value and value not in choices:
                err(f"栏目“{label}”的内容“{value}”不在可选值中（{'、'.join(choices)}）")
            unknown = [i for i in _ITEM_ID.findall(value) if items is not None and i not in items]
            if unknown:
                err(f"预填行引用了不存在的清单条目 {'、'.join(unknown)}")


def forms_for(forms: list[Form], page: str) -> list[Form]:
    """在某个程序页面列出的表单（对应程序是它，或 also 中有它）。页面上写了标记却没有表单时报错。"""
    found = [f for f in forms if page in f.pages]
    if not found:
        raise LookupError(f"docs/_data/forms.yml 中没有表单的 procedure 或 also 是 {page}")
    return found
