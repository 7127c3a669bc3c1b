"""外部链接只能指向官方发布方：允许的网站登记在 docs/_data/sources.yml，其他网站一律报错（path:line）。

检查两处：页面（docs/ 下的 .md，包括 Markdown 链接、自动链接和 HTML 的 href）和 quotes.yml 中来源的 url。
代码块、行内代码里的地址不是链接（如 make serve 的预览地址），不检查。
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from .errors import ErrorLog
from .model import Record
from .parse import build_record
from .yamlfile import line_of, load_file

_md = MarkdownIt("commonmark")
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""")


class Host(Record):
    host: str
    name: str
    line: int = 1


def load_hosts(log: ErrorLog, path: Path) -> list[Host]:
    raw = load_file(path, log) or []
    hosts = [build_record(Host, {**n, "line": line_of(n)} if isinstance(n, dict) else n, path, log)
             for n in (raw if isinstance(raw, list) else [])]
    return [h for h in hosts if h]


def allowed(url: str, hosts: list[Host]) -> bool:
    name = (urlsplit(url).hostname or "").lower()
    return any(name == h.host or name.endswith("." + h.host) for h in hosts)


def _external(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


@lru_cache(maxsize=1024)     # make serve 每次保存都检查全部页面，没改的页面不再解析
def _page_links(text: str) -> tuple[tuple[int, str], ...]:
    """页面里的 (行号, 地址)：Markdown 链接、自动链接和 HTML 标签里的 href。"""
    return tuple(_links(text))


def _links(text: str):
    for token in _md.parse(text):
        line = (token.map[0] + 1) if token.map else 1
        for child in token.children or []:
            if child.type == "link_open":
                yield line, child.attrs.get("href", "")
            elif child.type == "html_inline":
                for m in _HREF.finditer(child.content):
                    yield line, m.group(1)
        if token.type == "html_block":
            for m in _HREF.finditer(token.content):
                yield line + token.content.count("\n", 0, m.start()), m.group(1)


def check_links(docs: Path, sources: dict, quotes_path: Path, log: ErrorLog) -> None:
    hosts = load_hosts(log, docs / "_data" / "sources.yml")
    names = "、".join(dict.fromkeys(h.name for h in hosts))

    def report(path, line, url):
        log.add(path, line, f"外部链接只能指向官方发布方（{names}，见 docs/_data/sources.yml）：{url}；"
                            "只找到转载副本的，写出处（《标题》、发布机关、日期、条款），不放链接")
    for path in sorted(docs.rglob("*.md")):
        if "_data" in path.relative_to(docs).parts:
            continue
        for line, url in _page_links(path.read_text(encoding="utf-8")):
            if _external(url) and not allowed(url, hosts):
                report(path, line, url)
    for src in sources.values():
        if src.url and not allowed(src.url, hosts):
            report(quotes_path, _line_of_text(quotes_path, src.url), src.url)


def _line_of_text(path: Path, text: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return n
    return 1
