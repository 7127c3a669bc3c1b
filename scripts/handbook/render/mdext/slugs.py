"""标题锚点：清单条目用编号（DZ-01），其余中文标题保留汉字（可读、可引用）。"""
import re

from pymdownx.slugs import slugify as _configurable

_ITEM = re.compile(r"^([A-Z]{2}-\d{2})(?=\s|$)")
_readable = _configurable(case="lower")


def slugify(text: str, sep: str) -> str:
    m = _ITEM.match(text.strip())
    return m.group(1) if m else _readable(text, sep)
