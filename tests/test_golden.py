"""模板的黄金文件测试：小型固定内容 → 渲染结果与 tests/golden/ 中的文件逐字一致。

模板有意修改后，用 UPDATE_GOLDEN=1 pytest tests/test_golden.py 重新生成，并在评审中检查差异。
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from handbook.cli import render_checklist
from handbook.core.content import Content
from handbook.core.parse import load_model
from handbook.render.page import PageRenderer

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
EXTRA = {"edition": "测试版", "issuer": "测试单位"}


@pytest.fixture(scope="module")
def content():
    return Content(model=load_model(HERE / "fixtures" / "mini"), glossary=[], recruitment=None, dues=None)


def check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == actual, f"{name} 与黄金文件不一致（有意修改请 UPDATE_GOLDEN=1）"


@pytest.mark.parametrize("profile", ["big", "small-dual"])
def test_checklist_page(content, profile):
    r = PageRenderer(content, f"checklists/{profile}.md")
    check(f"checklist-page-{profile}.md", r.checklist_page(content.model.profile(profile)))


def test_list_page(content):
    r = PageRenderer(content, "lists/bb.md")
    check("list-page-bb.md", r.list_page(content.model.lists["BB"]))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_checklist_export(content, fmt):
    model = content.model
    check(f"checklist-export-small-dual.{fmt}", render_checklist(model, model.profile("small-dual"), fmt, EXTRA))
