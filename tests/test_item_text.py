"""条目正文的纯文本（JSON、Word、Excel、PDF、自查页用）与网页用同一套 Markdown 配置：
网页上渲染的写法，纯文本里也不会原样露出。"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook.core.parse import load_model
from handbook.core.plain_text import plain_text, site_extensions

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("body, text", [
    ("每月==至少==召开1次", "每月至少召开1次"),          # pymdownx.mark
    ("按时~~提交~~报送", "按时提交报送"),                  # pymdownx.tilde
    ("**重点**工作", "重点工作"),
    ("第一段\n\n第二段", "第一段第二段"),
    ("做法见[换届选举](../procedures/election.md)。", "做法见换届选举。"),  # 链接只留文字
])
def test_site_markdown_syntax_is_rendered_not_left_in_the_text(body, text):
    assert plain_text(body) == text


def test_the_text_engine_uses_the_sites_markdown_extensions():
    names, _ = site_extensions()
    assert {"pymdownx.mark", "attr_list", "pymdownx.tilde", "tables"} <= set(names)


def test_item_text_in_the_model_follows_the_page_rendering(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    page = docs / "lists" / "branch.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("## ZB-01")
    body_line = text.index("\n\n", start) + 2
    page.write_text(text[:body_line] + "==每月==" + text[body_line:], encoding="utf-8")
    item = load_model(docs).items()["ZB-01"]
    assert item.text.startswith("每月") and "==" not in item.text
