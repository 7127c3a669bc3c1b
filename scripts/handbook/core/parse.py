"""把 docs/ 里的 Markdown 清单和 YAML 数据解析成一个模型，并一次报告全部错误。"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin
from pydantic import ValidationError

from .. import DATA, DOCS
from .errors import ErrorLog, display_path
from .markers import OLD_PROSE, OLD_PROSE_HINT, OPEN_RE
from .model import (Citation, Condition, Dimension, Item, Model, Profile, Quote,
                    ResponsibilityList, Rule, Source, Variant, matches)
from .plain_text import plain_text
from .yamlfile import line_of, load_file, load_text, strip_lines

ID_RE = re.compile(r"^([A-Z]{2})-(\d{2})$")
HEADING_RE = re.compile(r"^([A-Z]{2}-\d{2})\s+(\S.*)$")
FIELDS = ("依据", "联动", "适用", "变化")
ALL_UNITS = "全部单位"

# markdown-it 只用来认结构（front matter、标题、字段列表）；条目正文的文字由 plain_text 按网页的配置渲染
_md = MarkdownIt("commonmark").use(front_matter_plugin).enable("table")


# ---- 入口 -----------------------------------------------------------------------
def load_model(docs: Path = DOCS) -> Model:
    """解析全部内容；有错误时抛出 ContentErrors（包含所有错误）。"""
    log = ErrorLog()
    data = docs / "_data"
    sources, quotes = load_quotes(data / "quotes.yml", log)
    dimensions, rules, profiles = load_units(data / "units.yml", log)
    lists = {}
    for path in sorted((docs / "lists").glob("*.md")):
        lst = parse_list_file(path, docs, sources, quotes, dimensions, log)
        if lst is None:
            continue
        if lst.id in lists:
            log.add(path, lst.line, f"编号前缀 {lst.id} 已被 {lists[lst.id].path} 使用")
        else:
            lists[lst.id] = lst
    lists = dict(sorted(lists.items(), key=lambda kv: (kv[1].order, kv[0])))
    model = Model(lists=lists, dimensions=dimensions, rules=rules, profiles=profiles,
                  sources=sources, quotes=quotes)
    validate(model, data / "units.yml", log)
    log.raise_if_any()
    return model


@lru_cache(maxsize=1024)     # make serve 每次保存都读全部页面，没改的页面不再解析；token 只读不改
def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(_md.parse(text))


def front_matter(text: str, path: Path, log: ErrorLog) -> tuple[dict, list[Token]]:
    """返回 (front matter, 正文 token)。front matter 有误时记错误并返回空字典。"""
    tokens = list(_tokens(text))
    if tokens and tokens[0].type == "front_matter":
        meta = load_text(tokens[0].content, path, log, line_offset=1)
        if meta is None:
            return {}, tokens[1:]
        if not isinstance(meta, dict):
            log.add(path, 2, "front matter 必须是“键: 值”形式的映射")
            return {}, tokens[1:]
        return meta, tokens[1:]
    if text.startswith("---"):
        log.add(path, 1, "front matter 没有结束：第一行的 --- 之后缺少另一行 ---")
    return {}, tokens


# ---- 引文登记表 ---------------------------------------------------------------
def load_quotes(path: Path, log: ErrorLog) -> tuple[dict[str, Source], dict[str, Quote]]:
    raw = load_file(path, log) or {}
    sources: dict[str, Source] = {}
    quotes: dict[str, Quote] = {}
    for node in raw.get("sources") or []:
        src = build_record(Source, node, path, log)
        if src and src.id in sources:
            log.add(path, line_of(node), f"来源编号 {src.id} 重复")
        elif src:
            sources[src.id] = src
    for node in raw.get("quotes") or []:
        q = build_record(Quote, node, path, log)
        if not q:
            continue
        if q.id in quotes:
            log.add(path, line_of(node), f"引文编号 {q.id} 重复")
        elif q.source not in sources:
            log.add(path, line_of(node), f"引文 {q.id} 的来源 {q.source} 没有登记在 sources 中")
        else:
            quotes[q.id] = q
    return sources, quotes


# ---- 分类维度、规则、档案 ---------------------------------------------------------
def load_units(path: Path, log: ErrorLog) -> tuple[list[Dimension], list[Rule], list[Profile]]:
    raw = load_file(path, log) or {}
    dimensions = [d for d in (build_record(Dimension, n, path, log) for n in raw.get("dimensions") or []) if d]
    known = {d.id: {v.id for v in d.values} for d in dimensions}
    rules = []
    for node in raw.get("rules") or []:
        rule = build_record(Rule, {**node, "line": line_of(node)}, path, log)
        if rule:
            check_condition(rule.when, known, path, rule.line, log, f"规则 {rule.id}")
            rules.append(rule)
    profiles = []
    fields = {"id", "name", "description"}
    for node in raw.get("profiles") or []:
        if not isinstance(node, dict):
            log.add(path, 1, "档案应当是“键: 值”形式的映射")
            continue
        line = line_of(node)
        plain = strip_lines(node)
        selection = {k: str(v) for k, v in plain.items() if k not in fields}
        prof = build_record(Profile, {**{k: v for k, v in plain.items() if k in fields},
                                "selection": selection, "line": line}, path, log)
        if not prof:
            continue
        for dim, value in selection.items():
            if dim not in known:
                log.add(path, line, f"档案 {prof.id}：未知的维度“{dim}”（可用：{'、'.join(known)}）")
            elif value not in known[dim]:
                log.add(path, line, f"档案 {prof.id}：未知的{_dim_label(dimensions, dim)}取值“{value}”")
        for dim in known.keys() - selection.keys():
            log.add(path, line, f"档案 {prof.id}：缺少维度“{dim}”")
        profiles.append(prof)
    return dimensions, rules, profiles


def _dim_label(dimensions: list[Dimension], dim_id: str) -> str:
    return next((d.label for d in dimensions if d.id == dim_id), dim_id)


def check_condition(cond: Condition, known: dict[str, set[str]], path, line, log, what: str) -> None:
    """条件里的维度和取值都要在 units.yml 里有。"""
    for dim, values in cond.items():
        if dim not in known:
            log.add(path, line, f"{what}：未知的维度“{dim}”")
            continue
        for v in values:
            if v not in known[dim]:
                log.add(path, line, f"{what}：维度 {dim} 没有取值“{v}”")


def build_record(cls, node: Any, path: Path, log: ErrorLog):
    """YAML 映射 → 数据类对象；校验错误逐条记下（path:line），返回 None。"""
    if not isinstance(node, dict):
        log.add(path, 1, f"{cls.__doc__.splitlines()[0] if cls.__doc__ else cls.__name__} 应当是映射")
        return None
    try:
        return cls.model_validate(strip_lines(node))
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            log.add(path, line_of(node), f"字段 {where}：{zh_message(err)}")
        return None


def zh_message(err: dict) -> str:
    """pydantic 校验错误的中文说明。"""
    kind = err["type"]
    if kind == "missing":
        return "缺少必填字段"
    if kind == "extra_forbidden":
        return "不认识的字段"
    return f"取值不合法（{err['msg']}）"


# ---- 清单文件 -------------------------------------------------------------------
def parse_list_file(path: Path, docs: Path, sources: dict[str, Source], quotes: dict[str, Quote],
                    dimensions: list[Dimension], log: ErrorLog) -> ResponsibilityList | None:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    meta, tokens = front_matter(text, path, log)
    spec = meta.get("清单")
    if spec is None:
        if meta:  # 普通说明页（如 index.md）不是清单
            return None
        log.add(path, 1, "清单文件缺少 front matter 中的“清单”设置")
        return None
    if not isinstance(spec, dict):
        log.add(path, 2, "“清单”应当包含 编号前缀、责任主体、条目数、列入单位清单")
        return None
    spec_line = line_of(spec, 2)
    prefix = str(spec.get("编号前缀", ""))
    if not re.fullmatch(r"[A-Z]{2}", prefix):
        log.add(path, spec_line, f"编号前缀“{prefix}”应为两个大写字母")
    count = spec.get("条目数")
    if not isinstance(count, int):
        log.add(path, spec_line, "条目数应为整数")
        count = -1
    in_checklist = spec.get("列入单位清单")
    if in_checklist not in ("是", "否", True, False):
        log.add(path, spec_line, "列入单位清单应为“是”或“否”")
    if not spec.get("责任主体"):
        log.add(path, spec_line, "“清单”缺少“责任主体”")
    if not isinstance(spec.get("顺序", 100), int):
        log.add(path, spec_line, "顺序应为整数")
        spec["顺序"] = 100

    title = str(meta.get("title", ""))
    items: list[Item] = []
    intro_start = None
    body_end_line = len(lines)
    outro_start = None
    current: dict | None = None

    def finish(cur: dict | None, end_line: int) -> None:
        if cur is not None:
            item = _finish_item(cur, end_line, lines, path, sources, quotes, dimensions, log)
            if item:
                items.append(item)

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            inline = tokens[i + 1].content.strip()
            line = tok.map[0]
            if tok.tag == "h1":
                intro_start = tok.map[1]
                title = title or inline
            elif tok.tag == "h2":
                m = HEADING_RE.match(inline)
                if m:
                    finish(current, line)
                    if current is None and intro_start is not None:
                        body_end_line = line
                    current = {"id": m.group(1), "title": m.group(2).strip(), "line": line + 1,
                               "start": tok.map[1], "tokens": []}
                elif inline == "依据" or outro_start is not None:
                    finish(current, line)
                    if current is None and outro_start is None and not items:
                        body_end_line = line
                    current = None
                    outro_start = outro_start if outro_start is not None else line
                else:
                    log.add(path, line + 1, f"清单中的二级标题“{inline}”不是条目（应以编号开头，如 {prefix or 'XX'}-01）")
            elif current is not None:
                log.add(path, line + 1, "条目内不能再分标题")
            i += 3
            continue
        if current is not None:
            current["tokens"].append(tok)
        i += 1
    finish(current, outro_start if outro_start is not None else len(lines))

    if intro_start is None:
        log.add(path, 1, "清单文件缺少一级标题（# 标题）")
        intro_start = 0
    intro = "\n".join(lines[intro_start:body_end_line]).strip()
    outro = "\n".join(lines[outro_start:]).strip() if outro_start is not None else ""

    for item in items:
        if not item.id.startswith(prefix + "-"):
            log.add(path, item.line, f"条目 {item.id} 的编号前缀与本清单的 {prefix} 不一致")
    if count >= 0 and len(items) != count:
        log.add(path, spec_line, f"清单声明 {count} 条，实际有 {len(items)} 条")
    try:
        return ResponsibilityList(
            id=prefix, title=title, subject=str(spec.get("责任主体", "")), count=max(count, 0),
            order=spec.get("顺序", 100),
            in_checklist=in_checklist in ("是", True), page=path.relative_to(docs).as_posix(),
            intro=intro, outro=outro, items=items, path=display_path(path), line=spec_line)
    except ValidationError as exc:
        log.add(path, 1, f"清单设置不合法：{exc.errors()[0]['msg']}")
        return None


def _finish_item(cur: dict, end_line: int, lines: list[str], path: Path, sources, quotes,
                 dimensions, log: ErrorLog) -> Item | None:
    item_id, line = cur["id"], cur["line"]
    toks: list[Token] = cur["tokens"]
    fields: dict[str, list[tuple[str, int]]] = {}
    body_end = end_line
    # 最后一个无序列表若以“依据：”等字段开头，就是条目的字段列表
    for idx in range(len(toks) - 1, -1, -1):
        if toks[idx].type == "bullet_list_open" and toks[idx].level == 0:
            entries = _list_entries(toks[idx:])
            if entries and all(_field_name(e[0]) for e in entries):
                body_end = toks[idx].map[0]
                for content, ln in entries:
                    name = _field_name(content)
                    value = content.split("：", 1)[1].strip() if "：" in content else content.split(":", 1)[1].strip()
                    fields.setdefault(name, []).append((value, ln + 1))
            break
    body_toks = [t for t in toks if t.map is None or t.map[0] < body_end]
    body = "\n".join(lines[cur["start"]:body_end]).strip()
    for t in body_toks:
        if t.type in ("html_block", "html_inline") or any(c.type == "html_inline" for c in t.children or []):
            log.add(path, (t.map[0] + 1) if t.map else line, f"条目 {item_id} 的正文不能包含 HTML")
            break
    if "{{" in body or "{%" in body or "{#" in body:
        log.add(path, line, f"条目 {item_id} 的正文不能包含模板语法（{{{{ }}}} 或 {{% %}}）")
    text = plain_text(body)   # 与网页同一套 Markdown 配置
    if not text:
        log.add(path, line, f"条目 {item_id} 没有正文")
    if not ID_RE.match(item_id):
        log.add(path, line, f"条目编号“{item_id}”格式应为两个大写字母-两位数字")

    basis = []
    if "依据" not in fields or not fields["依据"][0][0]:
        log.add(path, line, f"条目 {item_id} 缺少“依据”")
    for value, ln in fields.get("依据", []):
        for part in filter(None, (p.strip() for p in value.split("；"))):
            if OLD_PROSE in part:
                log.add(path, ln, f"条目 {item_id} 的依据“{part}”：{OLD_PROSE_HINT}")
            cit = _citation(part, sources, quotes)
            if cit.source is None:
                log.add(path, ln, f"条目 {item_id} 的依据“{part}”中的文件没有登记在 docs/_data/quotes.yml 的 sources 中")
            basis.append(cit)
    links = []
    for value, ln in fields.get("联动", []):
        for ref in filter(None, (p.strip() for p in re.split(r"[、，,]", value))):
            if not ID_RE.match(ref):
                log.add(path, ln, f"条目 {item_id} 的联动“{ref}”不是条目编号")
            links.append(ref)
    applies: Condition = {}
    for value, ln in fields.get("适用", []):
        applies = _condition(value, dimensions, path, ln, log, item_id)
    variants = []
    for value, ln in fields.get("变化", []):
        if "→" not in value:
            log.add(path, ln, f"条目 {item_id} 的变化应写成“条件 → 说明”")
            continue
        cond, note = (s.strip() for s in value.split("→", 1))
        variants.append(Variant(when=_condition(cond, dimensions, path, ln, log, item_id), text=note))
    return Item(id=item_id, list=item_id[:2], title=cur["title"], body=body, text=text, basis=basis,
                links=links, applies=applies, variants=variants, path=display_path(path), line=line)


def _list_entries(toks: list[Token]) -> list[tuple[str, int]]:
    """顶层无序列表每一项的文字和行号。"""
    entries, depth = [], 0
    for t in toks:
        if t.type == "bullet_list_open":
            depth += 1
        elif t.type == "bullet_list_close":
            depth -= 1
            if depth == 0:
                break
        elif t.type == "inline" and depth == 1:
            entries.append((t.content.strip(), t.map[0] if t.map else 0))
    return entries


def _field_name(content: str) -> str | None:
    for name in FIELDS:
        if re.match(rf"^(\*\*)?{name}(\*\*)?\s*[：:]", content):
            return name
    return None


def _citation(written: str, sources: dict[str, Source], quotes: dict[str, Quote]) -> Citation:
    """一条依据的写法 → Citation；后面的 <!-- open: 编号 --> 是它的核实状态（编号在读入页面时检查）。"""
    ids = OPEN_RE.findall(written)
    text = OPEN_RE.sub("", written).strip()
    status = {"unconfirmed": bool(ids), "open": ids[0] if ids else None}
    for src in sources.values():
        # 全称、别名，以及全称去掉括注后的部分（“……讲话（2019年7月9日，…）”也能认出）
        core = src.title.split("（")[0]
        names = [src.title, *src.aliases, *([core] if len(core) >= 6 else [])]
        hit = next((n for n in names if n and n in text), None)
        if hit:
            rest = text.split(hit, 1)[1]
            m = re.match(r"\s*(第[一二三四五六七八九十百零]+条)", rest)
            quote = None
            if m:
                quote = next((q.id for q in quotes.values()
                              if q.source == src.id and (q.article or "").startswith(m.group(1))), None)
            return Citation(text=text, source=src.id, quote=quote, **status)
    return Citation(text=text, **status)


def _condition(value: str, dimensions: list[Dimension], path, line, log, item_id) -> Condition:
    value = value.strip()
    if value in (ALL_UNITS, ""):
        return {}
    cond: Condition = {}
    for part in filter(None, (p.strip() for p in value.split("；"))):
        if "=" not in part:
            log.add(path, line, f"条目 {item_id}：条件“{part}”应写成“维度=取值”")
            continue
        dim_label, values = (s.strip() for s in part.split("=", 1))
        dim = next((d for d in dimensions if dim_label in (d.label, d.name, d.id)), None)
        if dim is None:
            log.add(path, line, f"条目 {item_id}：未知的维度“{dim_label}”（可用：{'、'.join(d.label for d in dimensions)}）")
            continue
        ids = []
        for v in filter(None, (s.strip() for s in values.split("、"))):
            val = next((x for x in dim.values if v in (x.label, x.id)), None)
            if val is None:
                log.add(path, line, f"条目 {item_id}：{dim.label}没有取值“{v}”（可用：{'、'.join(x.label for x in dim.values)}）")
            else:
                ids.append(val.id)
        cond[dim.id] = ids
    return cond


# ---- 跨文件检查 -----------------------------------------------------------------
def validate(model: Model, units_path: Path, log: ErrorLog) -> None:
    items: dict[str, Item] = {}
    for lst in model.lists.values():
        for item in lst.items:
            if item.id in items:
                other = items[item.id]
                log.add(item.path, item.line, f"条目编号 {item.id} 重复（另见 {other.path}:{other.line}），"
                                              f"下一个可用编号 {_next_free(lst.id, items, lst)}")
            else:
                items[item.id] = item
    for item in items.values():
        for ref in item.links:
            if ID_RE.match(ref) and ref not in items:
                log.add(item.path, item.line, f"条目 {item.id} 联动的 {ref} 不存在")
    for rule in model.rules:
        if rule.reassign and rule.reassign.list not in model.lists:
            log.add(units_path, rule.line, f"规则 {rule.id}：清单 {rule.reassign.list} 不存在")
        for ref in rule.exclude:
            if ref not in items:
                log.add(units_path, rule.line, f"规则 {rule.id}：要去掉的条目 {ref} 不存在")
    _check_contradictions(model, units_path, log)
    _check_thresholds(model, units_path, log)
    seen = set()
    for prof in model.profiles:
        if prof.id in seen:
            log.add(units_path, prof.line, f"档案编号 {prof.id} 重复")
        seen.add(prof.id)
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", prof.id):
            log.add(units_path, prof.line, f"档案编号“{prof.id}”只能用小写字母、数字和连字符")
        if model.lists and not any(g.items for g in model.checklist(prof.selection)):
            log.add(units_path, prof.line, f"档案 {prof.id} 按规则选不出任何条目")


def _check_thresholds(model: Model, units_path: Path, log: ErrorLog) -> None:
    """组织规模的设立人数：单位选择器按人数从大到小取第一个，所以 members 要逐个变小；条文要登记过。"""
    lines = units_path.read_text(encoding="utf-8").splitlines() if units_path.is_file() else []

    def line(value_id: str) -> int:
        return next((n for n, text in enumerate(lines, 1) if re.search(rf"\bid:\s*{re.escape(value_id)}\b", text)), 1)

    for dim in model.dimensions:
        previous = None
        for v in dim.values:
            if v.quote and v.quote not in model.quotes:
                log.add(units_path, line(v.id), f"{dim.name}“{v.label}”：引文 {v.quote} 没有登记在 docs/_data/quotes.yml")
            if v.approval and v.members is None:
                log.add(units_path, line(v.id), f"{dim.name}“{v.label}”：写了 approval（经批准也可设立）就要写 members（设立人数）")
            if v.members is not None:
                if previous is not None and v.members >= previous:
                    log.add(units_path, line(v.id), f"{dim.name}“{v.label}”：members 要比前一个取值小（按人数从大到小排列）")
                previous = v.members


def _next_free(prefix: str, items: dict[str, Item], lst) -> str:
    used = {i.id for i in lst.items} | set(items)
    n = 1
    while f"{prefix}-{n:02d}" in used:
        n += 1
    return f"{prefix}-{n:02d}"


def _check_contradictions(model: Model, path: Path, log: ErrorLog) -> None:
    """两条规则对同一类单位给出不同结论（同一清单改派给不同主体），即为矛盾。"""
    reported = set()
    for sel in model.selections():
        active = [r for r in model.rules if r.reassign and matches(r.when, sel)]
        for a in active:
            for b in active:
                if a.id < b.id and a.reassign.list == b.reassign.list \
                        and a.reassign.subject != b.reassign.subject and (a.id, b.id) not in reported:
                    reported.add((a.id, b.id))
                    log.add(path, b.line, f"规则 {b.id} 与规则 {a.id} 矛盾：同一类单位的清单 "
                                          f"{a.reassign.list} 被分别交给“{a.reassign.subject}”和“{b.reassign.subject}”")
