"""make serve 的预览（HANDBOOK_PREVIEW=1）：重建时复用没变的页面，但改动都要显示出来。

在项目副本里按 mkdocs serve 的做法在同一个进程里构建三次（先改一页正文，再改一条术语释义），
比较各次构建出的页面。"""
from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[1]
PAGE = "handbook/common-problems.md"
TERM, OLD = "机关工委", "统一领导所属机关党的工作"     # glossary.yml 里的一条释义（的一部分）
NEW = "统一领导所属机关党的工作（预览测试）"

pytestmark = pytest.mark.slow


def _build(project: Path, site: Path) -> None:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")


def test_rebuild_shows_an_edited_page_and_a_changed_term_and_keeps_the_rest(tmp_path, monkeypatch):
    project = tmp_path / "project"
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "scripts").symlink_to(ROOT / "scripts")
    monkeypatch.chdir(project)
    monkeypatch.setenv("HANDBOOK_PREVIEW", "1")
    monkeypatch.setattr(Page, "render", Page.render)        # 预览换掉的 Page.render 在测试后复原

    first, second, third = tmp_path / "first", tmp_path / "second", tmp_path / "third"
    _build(project, first)
    page = project / "docs" / PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\n预览改动的一句话。\n", encoding="utf-8")
    _build(project, second)
    edited = PAGE.removesuffix(".md") + "/index.html"
    assert "预览改动的一句话" in (second / edited).read_text(encoding="utf-8")
    # 其余页面与第一次构建逐字节相同（复用上次的结果，也没有变样）
    others = [str(p.relative_to(first)) for p in first.rglob("*.html") if str(p.relative_to(first)) != edited]
    _, mismatch, errors = filecmp.cmpfiles(first, second, others, shallow=False)
    assert not mismatch and not errors, f"没改的页面重建后变了：{mismatch[:5]}{errors[:5]}"
    # 预览不查 git 日期，页末没有“最后更新”
    assert "最后更新" not in (second / edited).read_text(encoding="utf-8")

    # 改一条术语释义：显示它的页面（术语表和带悬停释义的正文页）都要更新，包括 Markdown 没有变的页面
    glossary = project / "docs" / "_data" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    assert text.count(OLD) == 1
    glossary.write_text(text.replace(OLD, NEW), encoding="utf-8")
    _build(project, third)
    with_term = sorted(p.relative_to(first) for p in first.rglob("*.html") if OLD in p.read_text(encoding="utf-8"))
    assert len(with_term) > 1
    stale = [str(p) for p in with_term if NEW not in (third / p).read_text(encoding="utf-8")]
    assert not stale, f"改了“{TERM}”的释义，重建后这些页面还是旧的：{stale[:5]}"
