"""清单以外的数据文件：术语表、发展党员流程、党费标准。每个文件只在这里读取和校验。"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from pydantic import Field

from .. import DATA
from .errors import ErrorLog
from .model import Record
from .parse import build_record
from .yamlfile import line_of, load_file


# ---- 术语表 ---------------------------------------------------------------------
class Term(Record):
    term: str
    definition: str
    aliases: list[str] = []
    see: str | None = None
    source: str | None = None
    line: int = 1


def load_glossary(log: ErrorLog, path: Path = DATA / "glossary.yml") -> list[Term]:
    raw = load_file(path, log) or []
    terms: list[Term] = []
    names: dict[str, str] = {}
    for node in raw if isinstance(raw, list) else []:
        term = build_record(Term, {**node, "line": line_of(node)} if isinstance(node, dict) else node, path, log)
        if not term:
            continue
        for name in [term.term, *term.aliases]:
            if name in names:
                log.add(path, term.line, f"术语“{name}”与“{names[name]}”重复")
            names[name] = term.term
        if len(term.definition) > 80:
            log.add(path, term.line, f"术语“{term.term}”的释义超过80字，悬停提示会太长")
        terms.append(term)
    return terms


def glossary_titles(terms: list[Term]) -> dict[str, str]:
    """术语 → 悬停释义。别名只用于搜索：“工委”“转正”这类常用短词处处加下划线会干扰阅读。"""
    return {t.term: t.definition for t in terms}


# ---- 发展党员流程 ---------------------------------------------------------------
class Step(Record):
    no: int
    name: str
    who: str
    what: str
    timing: str | None = None
    materials: list[str] = []
    # 不设机关党委的单位这一步的走法（《机关基层组织工作条例》第三十七条第二款）
    without_committee: str | None = None


class Stage(Record):
    no: int
    name: str
    steps: list[Step]


class Recruitment(Record):
    stages: list[Stage]

    @property
    def steps(self) -> list[Step]:
        return [s for st in self.stages for s in st.steps]


def load_recruitment(log: ErrorLog, path: Path = DATA / "recruitment.yml") -> Recruitment | None:
    raw = load_file(path, log)
    rec = build_record(Recruitment, raw, path, log) if raw is not None else None
    if rec:
        numbers = [s.no for s in rec.steps]
        if numbers != list(range(1, len(numbers) + 1)):
            log.add(path, 1, f"步骤序号应从1起连续编号，现在是 {numbers}")
        if len(rec.stages) != 5 or len(numbers) != 25:
            log.add(path, 1, f"发展党员流程应为5个阶段25个步骤，现在是{len(rec.stages)}个阶段{len(numbers)}个步骤")
    return rec


# ---- 党费标准 -------------------------------------------------------------------
class Bracket(Record):
    upto: float | None = Field(description="含本数的上限（元）；None 表示没有上限")
    rate: float
    text: str


class DuesCategory(Record):
    id: str
    label: str
    basis: str | None = None
    quote: str | None = None
    rate_quote: str | None = None
    brackets: list[Bracket] = []
    fixed: float | None = None
    fixed_min: float | None = None
    fixed_max: float | None = None
    brackets_note: str | None = None
    text: str | None = Field(None, description="固定金额类别的文字说明")


class DuesNote(Record):
    id: str
    quote: str | None = None
    text: str


class DuesExample(Record):
    category: str
    base: float
    dues: float


class Dues(Record):
    source: str
    effective_from: str
    currency: str = "元"
    rounding: float = 0.01
    categories: list[DuesCategory]
    notes: list[DuesNote] = []
    examples: list[DuesExample] = []

    def category(self, cat_id: str) -> DuesCategory:
        return next(c for c in self.categories if c.id == cat_id)

    def compute(self, cat_id: str, base: Decimal | str | float) -> tuple[Bracket, Decimal]:
        """按档次计算每月党费：整个基数适用一个比例，结果保留到分。"""
        cat = self.category(cat_id)
        base = Decimal(str(base))
        for b in cat.brackets:
            if b.upto is None or base <= Decimal(str(b.upto)):
                amount = (base * Decimal(str(b.rate))).quantize(Decimal("0.01"), ROUND_HALF_UP)
                return b, amount
        raise ValueError(f"{cat_id} 没有适用的档次")


def load_dues(log: ErrorLog, path: Path = DATA / "party-dues.yml") -> Dues | None:
    raw = load_file(path, log)
    dues = build_record(Dues, raw, path, log) if raw is not None else None
    if dues:
        for cat in dues.categories:
            uppers = [b.upto for b in cat.brackets]
            if uppers and (uppers[-1] is not None or any(u is None for u in uppers[:-1])
                           or uppers[:-1] != sorted(uppers[:-1])):
                log.add(path, 1, f"党费类别 {cat.id} 的档次上限应从小到大排列，最后一档不设上限")
            if not cat.brackets and cat.fixed is None and cat.fixed_min is None:
                log.add(path, 1, f"党费类别 {cat.id} 既没有档次也没有固定金额")
        for ex in dues.examples:
            _, amount = dues.compute(ex.category, ex.base)
            if amount != Decimal(str(ex.dues)).quantize(Decimal("0.01")):
                log.add(path, 1, f"示例算错了：{ex.category} 基数 {ex.base} 元应交 {amount} 元，文件写的是 {ex.dues} 元")
    return dues
