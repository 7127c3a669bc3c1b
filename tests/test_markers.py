"""写错的页面标记和写错的站点功能都让构建失败，不会悄悄变成空白。"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from handbook.core.markers import NAMES, scan
from handbook.render.markers import MARKERS
from handbook.site import hooks
from handbook.site.features import FEATURES, Feature

ROOT = Path(__file__).resolve().parents[1]
PAGE = "procedures/three-meetings.md"


@pytest.mark.parametrize("line, name", [
    ("  <!-- quote: organs-35 -->", "quote"),          # 缩进
    ("<!-- Quote: organs-35 -->", "quote"),            # 大写
    ("<!-- quote：organs-35 -->", "quote"),            # 全角冒号
    ("<!-- quote: 组织-35 -->", "quote"),              # 参数里有汉字
    ("<!-- quote: organs-35 --> 见上文", "quote"),      # 同一行还有别的字
    ("<!-- quote organs-35 -->", "quote"),             # 少了冒号
    ("<!-- quot: organs-35 -->", None),                # 名字拼错：完全合乎写法，由内容检查报“未知的标记”
    ("<!-- froms -->", None),
])
def test_lines_that_look_like_markers_are_found(line, name):
    markers, misses = scan(f"# 标题\n\n{line}\n")
    if name is None:
        assert [m.line for m in markers] == [3] and not misses
    else:
        assert not markers and [(m.line, m.name) for m in misses] == [(3, name)]


@pytest.mark.parametrize("text", [
    "正文里写 `<!-- quote: organs-35 -->` 说明写法。",
    "```text\n  <!-- Quote: organs-35 -->\n```",
    "<!-- 这一段以后再补充 -->",
])
def test_code_and_free_comments_are_not_markers(text):
    assert scan(text) == ([], [])


@pytest.fixture
def docs(tmp_path) -> Path:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    return tmp_path / "docs"


def _append(path: Path, *lines: str) -> int:
    """在页面末尾加几行，返回第一行的行号。"""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + "\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    return text.count("\n") + 3


def test_misspelt_markers_fail_the_build_with_path_line_and_the_nearest_marker(docs):
    first = _append(docs / PAGE, "  <!-- quote: organs-35 -->", "<!-- Qoute: organs-35 -->",
                    "<!-- quote: organ-35 -->", "<!-- froms -->", "<!-- glossary: all -->")
    with pytest.raises(PluginError) as exc:
        hooks.on_config({"docs_dir": str(docs)})
    lines = [ln for ln in str(exc.value).splitlines() if PAGE in ln]
    expected = [(first, "<!-- quote: organs-35 -->"), (first + 2, "<!-- quote: organs-35 -->"),
                (first + 4, "<!-- quote: organs-35 -->"), (first + 6, "<!-- forms -->"),
                (first + 8, "<!-- glossary -->")]
    assert len(lines) == len(expected), str(exc.value)
    for ln, (number, nearest) in zip(lines, expected):
        assert f"{PAGE}:{number}: " in ln and nearest in ln, ln


def test_every_marker_name_has_exactly_one_handler():
    assert set(MARKERS) == set(NAMES)


def test_features_are_registered_explicitly_and_a_misspelt_step_fails():
    with pytest.raises(TypeError, match="file"):
        Feature("个性化清单页", file=lambda content, config: {})
    for feature in FEATURES:
        steps = [feature.on_config, feature.nav, feature.files, feature.post_build]
        assert any(steps), f"功能“{feature.name}”没有登记任何一步"
        assert all(s is None or callable(s) for s in steps)
    source = (ROOT / "scripts/handbook/site/hooks.py").read_text(encoding="utf-8")
    assert "hasattr" not in source, "钩子按函数名猜测功能：写错的函数名会被悄悄忽略"
