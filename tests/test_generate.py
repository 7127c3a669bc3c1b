"""python -m handbook generate DIR：MkDocs 钩子做的事写成普通的 Markdown 目录，页面与站点上显示的一致。"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from handbook import cli
from handbook.core.markers import MARKER_RE
from handbook.core.parse import load_model

ROOT = Path(__file__).resolve().parents[1]


# 生成全部页面和下载文件，和一次构建的生成部分一样重：不放进 make check
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "docs"
    assert cli.main(["generate", str(out)]) == 0
    return out


def test_every_page_is_written_with_its_markers_replaced(generated):
    authored = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")
                if "_data" not in p.parts}
    written = {p.relative_to(generated).as_posix() for p in generated.rglob("*.md")}
    assert authored <= written
    model = load_model()
    assert {f"checklists/{p.id}.md" for p in model.profiles} <= written
    assert "changelog.md" in written and any(w.startswith("forms/") for w in written)
    left = [p for p in generated.rglob("*.md") if MARKER_RE.search(p.read_text(encoding="utf-8"))]
    assert not left, f"没有换掉的标记：{left[:3]}"
    assert (generated / "data/responsibilities.json").is_file()


def _nav_pages(entries) -> list[str]:
    out = []
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        out += _nav_pages(value) if isinstance(value, list) else [value]
    return out


def test_nav_lists_every_generated_page(generated):
    """nav.yml：另一个引擎照它就能排出与站点相同的导航，生成的页面（清单、表单、修订记录）也在里面。"""
    nav = _nav_pages(yaml.safe_load((generated / "nav.yml").read_text(encoding="utf-8"))["nav"])
    pages = [p for p in nav if p.endswith(".md")]
    assert all((generated / p).is_file() for p in pages)
    assert {f"checklists/{p.id}.md" for p in load_model().profiles} <= set(pages)
    assert "changelog.md" in pages and any(p.startswith("forms/") for p in pages)


def _ids_in_markdown(text: str) -> list[str]:
    return re.findall(r"\[([A-Z]{2}-\d{2})\]\(", text)


def test_generated_pages_show_what_the_site_shows(generated, site):
    model = load_model()
    for p in model.profiles:
        html = BeautifulSoup((site / f"checklists/{p.id}/index.html").read_text(encoding="utf-8"), "lxml")
        shown = [a.get_text() for a in html.select("article table a") if a.get_text()[:2].isupper()
                 and a.get_text()[2:3] == "-"]
        assert shown and _ids_in_markdown((generated / f"checklists/{p.id}.md").read_text(encoding="utf-8")) == shown, p.id
    # 清单页按模型生成：每个条目一个二级标题，与网页上的条目标题相同
    lst = next(iter(model.lists.values()))
    page = (generated / lst.page).read_text(encoding="utf-8")
    html = BeautifulSoup((site / lst.page.removesuffix(".md") / "index.html").read_text(encoding="utf-8"), "lxml")
    for item in lst.items:
        assert f"## {item.id} {item.title}" in page
        assert html.find(id=item.id) is not None
