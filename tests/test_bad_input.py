"""编辑者可能犯的每一种错误：构建失败，一次列出全部错误，格式为 path:line: 中文说明。"""
from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.core.errors import ContentErrors, ErrorLog
from handbook.core.parse import load_model, parse_list_file, load_quotes, load_units

ROOT = Path(__file__).resolve().parents[1]
ERROR_LINE = re.compile(r"^(docs|/)[^:]*:\d+: \S")


@pytest.fixture
def docs(tmp_path) -> Path:
    """真实内容的副本：清单文件和数据文件。"""
    d = tmp_path / "docs"
    shutil.copytree(ROOT / "docs" / "lists", d / "lists")
    shutil.copytree(ROOT / "docs" / "_data", d / "_data")
    return d


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"测试前提不成立：{path.name} 中没有 {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def errors_of(docs: Path) -> list[str]:
    with pytest.raises(ContentErrors) as exc:
        load_model(docs)
    lines = str(exc.value).splitlines()
    for line in lines:
        assert re.match(r"^\S+:\d+: ", line), f"错误信息不是 path:line: message 格式：{line}"
        assert re.search(r"[\u4e00-\u9fff]", line), f"错误信息不是中文：{line}"
    return lines


def the_error(docs: Path, pattern: str, file: str) -> str:
    lines = errors_of(docs)
    hits = [l for l in lines if re.search(pattern, l)]
    assert hits, f"没有期望的错误 /{pattern}/，实际：{lines}"
    assert hits[0].split(":")[0].endswith(file), hits[0]
    return hits[0]


def test_real_content_is_valid(docs):
    model = load_model(docs)
    assert [len(model.lists[p].items) for p in ("GW", "DZ", "JG", "ZB")] == [10, 8, 9, 8]


def test_duplicate_id(docs):
    edit(docs / "lists" / "branch.md", "## ZB-02 ", "## ZB-01 ")
    msg = the_error(docs, "ZB-01 重复", "lists/branch.md")
    assert "下一个可用编号" in msg


def test_wrong_prefix(docs):
    edit(docs / "lists" / "branch.md", "## ZB-08 ", "## DZ-09 ")
    the_error(docs, "DZ-09 的编号前缀与本清单的 ZB 不一致", "lists/branch.md")


def test_unknown_id_reference(docs):
    text = (docs / "lists" / "branch.md").read_text(encoding="utf-8")
    first_link = re.search(r"- 联动：([A-Z]{2}-\d{2})", text).group(1)
    edit(docs / "lists" / "branch.md", f"- 联动：{first_link}", "- 联动：GW-99")
    the_error(docs, "联动的 GW-99 不存在", "lists/branch.md")


def test_missing_basis(docs):
    path = docs / "lists" / "party-group.md"
    text = path.read_text(encoding="utf-8")
    line = re.search(r"^- 依据：.*$", text, re.M).group(0)
    edit(path, line + "\n", "")
    the_error(docs, "缺少“依据”", "lists/party-group.md")


def test_count_mismatch(docs):
    edit(docs / "lists" / "party-committee.md", "条目数: 9", "条目数: 10")
    the_error(docs, "清单声明 10 条，实际有 9 条", "lists/party-committee.md")


def test_unknown_dimension_value_in_item(docs):
    path = docs / "lists" / "supplementary.md"
    text = path.read_text(encoding="utf-8")
    line = re.search(r"^- 适用：性质=[^；\n]+", text, re.M).group(0)
    edit(path, line, "- 适用：性质=外星机关")
    the_error(docs, "没有取值“外星机关”", "lists/supplementary.md")


def test_unknown_dimension_value_in_profile(docs):
    edit(docs / "_data" / "units.yml", "function: general, scale: committee", "function: general, scale: huge")
    the_error(docs, "未知的规模取值“huge”", "_data/units.yml")


def test_unit_picker_thresholds_are_checked_with_their_lines(docs):
    """单位选择器按 members 从大到小判断组织规模：顺序错了、条文没登记，都指到那一个取值。"""
    units = docs / "_data" / "units.yml"
    edit(units, "members: 50\n", "members: 500\n")
    edit(units, "quote: organs-7\n", "quote: organs-77\n")
    lines = errors_of(docs)
    text = units.read_text(encoding="utf-8").splitlines()
    order = next(l for l in lines if "members 要比前一个取值小" in l)
    assert "id: general-branch" in text[int(order.split(":")[1]) - 1]
    quote = next(l for l in lines if "organs-77" in l)
    assert "id: branch" in text[int(quote.split(":")[1]) - 1] and "没有登记" in quote


def test_profile_that_selects_nothing(docs):
    items = ",".join(i.id for lst in load_model(docs).lists.values() for i in lst.items)
    edit(docs / "_data" / "units.yml", "rules:\n", f"rules:\n  - {{id: R-00, when: {{scale: [committee]}}, exclude: [{items}], basis: 测试}}\n")
    the_error(docs, "选不出任何条目", "_data/units.yml")


def test_malformed_front_matter(docs):
    edit(docs / "lists" / "branch.md", "条目数: 8", "条目数: [8")
    the_error(docs, "YAML 格式错误", "lists/branch.md")


def test_empty_item(docs):
    path = docs / "lists" / "branch.md"
    text = path.read_text(encoding="utf-8")
    body = re.search(r"## ZB-03 [^\n]+\n\n(.*?)\n\n- 依据", text, re.S).group(1)
    edit(path, body, "")
    the_error(docs, "ZB-03 没有正文", "lists/branch.md")


@pytest.mark.parametrize("payload,message", [
    ("{{ config.extra }}", "不能包含模板语法"),
    ("{% if x %}是{% endif %}", "不能包含模板语法"),
    ("<script>alert(1)</script>", "不能包含 HTML"),
    ("见<b>加粗</b>文字", "不能包含 HTML"),
])
def test_jinja_or_html_in_item_text(docs, payload, message):
    path = docs / "lists" / "branch.md"
    text = path.read_text(encoding="utf-8")
    body = re.search(r"## ZB-04 [^\n]+\n\n([^\n]+)", text).group(1)
    edit(path, body, body + payload)
    the_error(docs, message, "lists/branch.md")


def test_contradicting_rules(docs):
    edit(docs / "_data" / "units.yml", "rules:\n",
         "rules:\n  - {id: R-99, when: {scale: [general-branch]}, reassign: {list: JG, subject: 党支部}, basis: 测试}\n")
    the_error(docs, "R-99.*矛盾", "_data/units.yml")


def test_all_errors_at_once(docs):
    edit(docs / "lists" / "party-committee.md", "条目数: 9", "条目数: 7")
    edit(docs / "lists" / "branch.md", "## ZB-02 ", "## ZB-01 ")
    edit(docs / "_data" / "units.yml", "scale: committee", "scale: huge")
    lines = errors_of(docs)
    files = {l.split(":")[0].split("/")[-1] for l in lines}
    assert {"party-committee.md", "branch.md", "units.yml"} <= files


@functools.cache
def _context():
    """解析清单文件要用的来源、引文和分类维度（只读，各个随机例子共用）。"""
    log = ErrorLog()
    sources, quotes = load_quotes(ROOT / "docs/_data/quotes.yml", log)
    dims, _, _ = load_units(ROOT / "docs/_data/units.yml", log)
    return sources, quotes, dims


_fragments = st.sampled_from([
    "---\n", "清单:\n  编号前缀: ZB\n  条目数: 2\n  责任主体: 党支部\n  列入单位清单: 是\n", "title: 测试\n",
    "# 标题\n", "## ZB-01 学习\n", "## ZB-0x 坏\n", "## 依据\n", "### 小标题\n", "正文一段。\n", "\n",
    "- 依据：《中国共产党支部工作条例（试行）》第十一条\n", "- 联动：DZ-01、XX\n", "- 适用：规模=党总支；性质=火星\n",
    "- 变化：规模=党总支 → 说明\n", "- 变化：没有箭头\n", "<div>html</div>\n", "{{ x }}\n", "| a | b |\n|---|---|\n",
    "> 引文\n", "```\ncode\n```\n", "- [ ] 任务\n", "   缩进\n", ":\n", "*[abbr]: x\n",
])


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.one_of(_fragments, st.text(max_size=30)), max_size=25))
def test_random_markdown_never_crashes_the_parser(tmp_path, parts):
    """任意 Markdown 只会得到解析器自己的错误，不会抛出别的异常。"""
    path = tmp_path / "lists" / "random.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(parts)
    path.write_text(text, encoding="utf-8")
    sources, quotes, dims = _context()
    log = ErrorLog()
    parse_list_file(path, tmp_path, sources, quotes, dims, log)
    # 每个错误都指向这个文件里真实存在的一行，并用中文说明
    lines = max(1, len(text.splitlines()))
    for err in log.errors:
        assert Path(err.path) == path and 1 <= err.line <= lines, (err.path, err.line, lines)
        assert re.search(r"[\u4e00-\u9fff]", err.message), err.message


def test_failed_build_reports_every_error_and_keeps_the_previous_site(tmp_path):
    """坏内容让 make site 失败：错误一次列全、非零退出，之前的 site/ 原样保留。"""
    import subprocess
    import sys
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    (project / "scripts").symlink_to(ROOT / "scripts")
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("上一次的站点", encoding="utf-8")
    edit(project / "docs" / "lists" / "branch.md", "## ZB-02 ", "## ZB-01 ")
    edit(project / "docs" / "lists" / "party-committee.md", "条目数: 9", "条目数: 7")
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; from handbook.site.build import build;"
         f"sys.exit(build(Path({str(site)!r}), {str(project / 'mkdocs.yml')!r}))"],
        capture_output=True, text=True, cwd=project)
    assert result.returncode != 0
    assert re.search(r"lists/branch\.md:\d+: 条目编号 ZB-01 重复", result.stderr), result.stderr[-2000:]
    assert re.search(r"lists/party-committee\.md:\d+: 清单声明 7 条，实际有 9 条", result.stderr)
    assert (site / "index.html").read_text(encoding="utf-8") == "上一次的站点"
    assert [p.name for p in project.iterdir() if p.name.startswith("site")] == ["site"]
