"""党费计算器的数据：由 party-dues.yml（党费页面标准表的同一份数据）导出为 JSON。

JSON 发布为 data/party-dues.json，同时嵌入党费页面（<!-- dues-calculator -->），从文件夹直接打开也能用。
浏览器脚本 docs/javascripts/dues-calculator.js 用整数“分”和“万分比”计算，
与 Dues.compute（Decimal，四舍五入到分）结果一致。
"""
from __future__ import annotations

import json
from decimal import Decimal

from .data import Dues, DuesCategory
from .model import Model
from .status import plain_citation, quote_citation

DATA_PATH = "data/party-dues.json"


def _fen(yuan: float | None) -> int | None:
    if yuan is None:
        return None
    fen = Decimal(str(yuan)) * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"金额 {yuan} 元不是整分")
    return int(fen)


def _basis_points(rate: float) -> int:
    bp = Decimal(str(rate)) * 10000
    if bp != bp.to_integral_value():
        raise ValueError(f"比例 {rate} 不是整万分比")
    return int(bp)


def percent(rate: float) -> str:
    """0.015 → “1.5%”，与标准表的写法相同。"""
    return f"{Decimal(str(rate)) * 100:f}".rstrip("0").rstrip(".") + "%"


def _quote(model: Model, quote_id: str | None, role: str) -> dict | None:
    if not quote_id:
        return None
    q = model.quotes[quote_id]
    return {"role": role, "text": q.text, "cite": plain_citation(quote_citation(model.sources, q))}


def _category(c: DuesCategory, model: Model) -> dict:
    quotes = [_quote(model, c.quote, "计算基数" if c.brackets else "交纳标准")]
    if c.rate_quote and c.rate_quote != c.quote:
        quotes.append(_quote(model, c.rate_quote, "交纳比例"))
    return {
        "id": c.id, "label": c.label, "basis": c.basis, "note": c.brackets_note, "text": c.text,
        "brackets": [{"upto_fen": _fen(b.upto), "rate_bp": _basis_points(b.rate), "rate": percent(b.rate),
                      "text": b.text} for b in c.brackets],
        "fixed_fen": _fen(c.fixed), "fixed_min_fen": _fen(c.fixed_min), "fixed_max_fen": _fen(c.fixed_max),
        "quotes": [q for q in quotes if q],
    }


def calculator_data(dues: Dues, model: Model) -> dict:
    src = model.sources[dues.source]
    return {
        "source": src.title, "effective_from": dues.effective_from, "currency": dues.currency,
        "categories": [_category(c, model) for c in dues.categories],
        "notes": [n.text for n in dues.notes],
    }


def calculator_json(dues: Dues, model: Model) -> str:
    return json.dumps(calculator_data(dues, model), ensure_ascii=False, indent=1) + "\n"
