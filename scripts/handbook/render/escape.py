"""纯文本写进 Markdown：模板的 md_escape、cell 过滤器和核实标记（status_marks.py）共用。"""
from __future__ import annotations

import re


def md_escape(text: str) -> str:
    """让纯文本在 Markdown 里原样显示。"""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


def table_cell(text: str) -> str:
    return md_escape(text).replace("\n", " ")
