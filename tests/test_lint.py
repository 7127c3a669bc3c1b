"""格式检查（make lint / make fix）、复核提醒（make review）和严格构建对坏链接的拦截。

样例在 tests/fixtures/lint/：good/ 是什么都不该报的页面，bad/docs/<规则>.md 各违反一条规则，
fixed/ 是 make fix 之后应有的样子。
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handbook import DOCS
from handbook.site import build as build_module, revisions
from handbook.core.content import load_content
from handbook.tools.lint import FIXABLE, RULES, lint
from handbook.tools.lint import main as lint_main
from handbook.core.pagemeta import authored_pages, read_page
from handbook.tools.review import main as review_main
from handbook.tools.review import overdue_pages
from handbook.site.revisions import read_history, zh_date
from sitepages import article

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "lint"
GOOD, BAD, FIXED = FIXTURES / "good" / "docs", FIXTURES / "bad" / "docs", FIXTURES / "fixed" / "docs"
STYLE = ROOT / "docs" / "contributing" / "style.md"
# 不是 make lint 检查、而由严格构建、内容检查或测试把关的规则（格式规范里同样有编号）
NOT_LINT = {"NAV-1", "LINK-1", "SRC-1", "SRC-2"}
LINE = re.compile(r"^(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+): \[(?P<rule>[A-Z]+-\d+)\] (?P<msg>.+)"
                  r"（见 参与编辑/格式规范#(?P=rule)）$")
PAGE = """---
title: 示例
适用对象: 党支部书记
依据:
  - 《中国共产党章程》
责任处室: 办公室
审核日期: {day}
---

# 示例

正文。
"""


@pytest.fixture
def run_lint(capsys, monkeypatch):
    """在本进程里运行 make lint 的入口（不另起 Python），返回退出码和输出。"""
    def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        for name in ("GITHUB_ACTIONS", "GITLAB_CI", "HANDBOOK_CODEQUALITY"):
            monkeypatch.delenv(name, raising=False)
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        capsys.readouterr()
        code = lint_main(list(args))
        out = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out.out, out.err)
    return run


def by_file(findings) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in findings:
        out.setdefault(Path(f.path).name, set()).add(f.rule)
    return out


# ---- 每条规则：坏样例报错，好样例不报 ---------------------------------------------------
def bad_samples() -> list[Path]:
    return sorted(BAD.glob("*.md"))


@pytest.mark.parametrize("sample", bad_samples(), ids=lambda p: p.stem.upper())
def test_each_rule_fires_on_its_bad_sample_and_only_that_rule(sample):
    rule = sample.stem.upper()
    found = by_file(lint(BAD)).get(sample.name, set())
    assert found == {rule}, f"{sample.name} 应当只违反 {rule}，实际报告 {found}"


def test_hidden_characters_in_data_files_are_found():
    assert by_file(lint(BAD))["glossary.yml"] == {"CHAR-1"}


def test_good_samples_are_quiet():
    findings = lint(GOOD)
    assert not findings, "\n".join(map(str, findings))


def test_file_names_must_be_lowercase_ascii(tmp_path):
    docs = tmp_path / "docs"
    (docs / "images").mkdir(parents=True)
    for name in ("会议照片.png", "Meeting Photo.PNG", "meeting-photo.png"):
        (docs / "images" / name).write_bytes(b"")
    bad = sorted(Path(f.path).name for f in lint(docs) if f.rule == "FILE-1")
    assert bad == ["Meeting Photo.PNG", "会议照片.png"]


def test_review_date_may_not_lie_in_the_future(tmp_path):
    today = date(2026, 11, 27)
    (tmp_path / "a.md").write_text(PAGE.format(day="2026-11-28"), encoding="utf-8")
    (tmp_path / "b.md").write_text(PAGE.format(day="2026-11-27"), encoding="utf-8")
    assert by_file(lint(tmp_path, today=today)) == {"a.md": {"FM-3"}}


def test_every_rule_is_sampled_and_documented_with_an_anchor():
    sampled = {p.stem.upper() for p in bad_samples()} | {"FILE-1"}
    assert set(RULES) == sampled, "每条规则都要有坏样例"
    documented = set(re.findall(r"^### ([A-Z]+-\d+) .+\{#\1\}$", STYLE.read_text(encoding="utf-8"), re.M))
    assert set(RULES) <= documented, f"格式规范缺少规则：{set(RULES) - documented}"
    assert documented - set(RULES) == NOT_LINT


def test_rule_anchors_exist_on_the_built_style_page(site):
    soup = BeautifulSoup((site / "contributing/style/index.html").read_text(encoding="utf-8"), "lxml")
    for rule in RULES:
        heading = soup.find(id=rule)
        assert heading is not None and heading.name == "h3", f"格式规范页面没有锚点 #{rule}"
        assert heading.get_text().startswith(rule)


def test_the_handbook_itself_passes():
    findings = lint()
    assert not findings, "\n".join(map(str, findings[:30]))


# ---- 命令行：make lint 的输出和退出码 ------------------------------------------------------
def test_lint_reports_every_problem_as_path_line_col_rule(run_lint):
    result = run_lint("--docs", str(BAD))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert all(LINE.match(ln) for ln in lines), [ln for ln in lines if not LINE.match(ln)]
    assert {LINE.match(ln)["rule"] for ln in lines} == set(RULES) - {"FILE-1"}
    first = next(LINE.match(ln) for ln in lines if "space-1.md" in ln)
    assert first["path"] == "tests/fixtures/lint/bad/docs/space-1.md"
    assert (first["line"], first["col"]) == ("12", "5")   # “2007 年”中的空格
    assert "make fix" in result.stderr


def test_lint_passes_with_exit_code_zero_on_good_samples(run_lint):
    result = run_lint("--docs", str(GOOD))
    assert result.returncode == 0, result.stdout
    assert "格式检查通过" in result.stdout


def test_github_actions_get_annotations(run_lint):
    result = run_lint("--docs", str(BAD), env={"GITHUB_ACTIONS": "true"})
    lines = result.stdout.strip().splitlines()
    assert lines and all(ln.startswith("::error file=tests/fixtures/lint/bad/docs/") for ln in lines)
    wrap = next(ln for ln in lines if "wrap-1.md" in ln)
    assert re.match(r"::error file=[^,]+,line=12,col=\d+,title=\[WRAP-1\] [^:]+::.*\[WRAP-1\]", wrap)


def test_gitlab_gets_a_code_quality_report(tmp_path, run_lint):
    report = tmp_path / "codequality.json"
    run_lint("--docs", str(BAD), env={"GITLAB_CI": "true", "HANDBOOK_CODEQUALITY": str(report)})
    issues = json.loads(report.read_text(encoding="utf-8"))
    assert len(issues) == len(lint(BAD))
    issue = next(i for i in issues if i["check_name"] == "PUNC-1")
    assert issue["location"] == {"path": "tests/fixtures/lint/bad/docs/punc-1.md", "lines": {"begin": 12}}
    assert len({i["fingerprint"] for i in issues}) == len(issues)


# ---- make fix -------------------------------------------------------------------------
def test_fix_repairs_the_fixable_rules_and_leaves_the_rest(tmp_path, run_lint):
    docs = tmp_path / "docs"
    shutil.copytree(BAD, docs)
    result = run_lint("--fix", "--docs", str(docs))
    for expected in sorted(p for p in FIXED.rglob("*") if p.is_file()):
        got = docs / expected.relative_to(FIXED)
        assert got.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8"), f"{got.name} 修正结果不对"
    left = {(Path(f.path).name, f.rule) for f in lint(docs)}
    assert {rule for _, rule in left} - FIXABLE == {"FM-1", "FM-2", "FM-3", "IMG-1"}
    # 没有对应标准字的形近字只能人工处理
    assert {(name, rule) for name, rule in left if rule in FIXABLE} == {("char-2.md", "CHAR-2")}
    assert result.returncode == 1  # 还有要人工修改的问题
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    run_lint("--fix", "--docs", str(docs))
    assert before == {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}, "再次修正不应有改动"


# ---- 复核提醒 ----------------------------------------------------------------------------
def test_review_lists_pages_older_than_the_allowed_age(tmp_path):
    today = date(2026, 11, 27)
    for name, age in (("fresh.md", 10), ("due.md", 365), ("stale.md", 366), ("older.md", 800)):
        (tmp_path / name).write_text(PAGE.format(day=(today - timedelta(days=age)).isoformat()), encoding="utf-8")
    pages = overdue_pages(tmp_path, today=today, max_age=365)
    assert [Path(p.path).name for p in pages] == ["older.md", "stale.md"]
    assert pages[0].days == 800 and pages[0].office == "办公室"


def test_review_command_only_reminds(tmp_path, capsys):
    (tmp_path / "old.md").write_text(PAGE.format(day="2020-01-01"), encoding="utf-8")
    assert review_main(["--docs", str(tmp_path), "--today", "2026-11-27"]) == 0
    result = capsys.readouterr()
    assert "old.md: 审核日期 2020-01-01" in result.out and "共 1 个页面" in result.out


# ---- 页面末尾的元数据和修订记录 --------------------------------------------------------------
def test_every_page_shows_last_update_and_no_office_unless_the_deployment_configures_it(site):
    # 责任处室和审核日期只在部署单位设置 HANDBOOK_SHOW_OWNER=true 时显示（mkdocs.yml 的 extra.page_meta）
    missing = []
    for path in authored_pages():
        src = path.relative_to(DOCS).as_posix()
        page = src[:-8] + "index.html" if src.endswith("index.md") else src[:-3] + "/index.html"
        line = article(site, page).select_one(".hb-page-meta")
        text = line.get_text("", strip=True) if line else ""
        if "最后更新：" not in text or "责任处室" in text or "审核日期" in text:
            missing.append(f"{src}: {text!r}")
    assert not missing, "\n".join(missing)
    generated = BeautifulSoup((site / "checklists/gov-committee-general/index.html").read_text(encoding="utf-8"), "lxml")
    link = generated.select_one("article .hb-page-meta a")
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", link.get_text()) and link["href"] == "../../changelog/"


def _commit(repo: Path, when: str, message: str, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    git = ["git", "-c", "user.name=编辑", "-c", "user.email=editor@example.invalid"]
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", message], cwd=repo, check=True, env=env)


def test_revision_history_comes_from_git_in_beijing_time(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    _commit(tmp_path, "2026-10-01T02:00:00+00:00", "初版", {"docs/a.md": "甲", "docs/b.md": "乙", "README.md": "x"})
    _commit(tmp_path, "2026-11-27T23:30:00+00:00", "三会一课：补充会后整理记录", {"docs/a.md": "甲乙"})
    _commit(tmp_path, "2026-11-28T01:00:00+00:00", "只改说明文件", {"README.md": "y"})
    history = read_history(tmp_path / "docs")
    assert history.available and not history.shallow
    assert [(r.date, r.summary, r.files) for r in history.revisions] == [
        (date(2026, 11, 28), "三会一课：补充会后整理记录", ["a.md"]),   # UTC 23:30 是北京时间次日
        (date(2026, 10, 1), "初版", ["a.md", "b.md"]),
    ]
    assert history.updated == "2026年11月28日"


def test_changelog_page_builds_without_git_history(tmp_path):
    # 修订记录列的是编辑者写的修订说明，不依赖 git 历史（解压的源码包里也一样）
    content = load_content()
    page = revisions.files(content, {"extra": {"revisions": read_history(tmp_path)}})[revisions.PAGE]
    assert content.releases and content.releases[0].changes[0] in page


# ---- 严格构建：坏链接、缺失的锚点 ------------------------------------------------------------
@pytest.fixture
def project_copy(tmp_path, monkeypatch):
    """项目的一份副本（不在 git 仓库里）；handbook.site.build 在副本里构建。"""
    proj = tmp_path / "project"
    proj.mkdir()
    shutil.copytree(ROOT / "docs", proj / "docs")
    shutil.copytree(ROOT / "overrides", proj / "overrides")
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    (proj / "scripts").symlink_to(ROOT / "scripts")
    monkeypatch.setattr(build_module, "ROOT", proj)
    return proj


def _insert_after_title(page: Path, text: str) -> None:
    lines = page.read_text(encoding="utf-8").split("\n")
    h1 = next(i for i, ln in enumerate(lines) if ln.startswith("# "))
    lines[h1 + 1:h1 + 1] = ["", text]
    page.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.slow
def test_broken_link_and_missing_anchor_fail_the_build_naming_the_files(project_copy, capsys):
    site = project_copy / "site"
    (site / "procedures").mkdir(parents=True)
    (site / "index.html").write_text("上一次成功构建的网站", encoding="utf-8")
    (site / "procedures" / "old.html").write_text("旧页面", encoding="utf-8")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}

    docs = project_copy / "docs" / "procedures"
    _insert_after_title(docs / "three-meetings.md", "会议记录的写法见[会议记录](meeting-notes.md)。")
    _insert_after_title(docs / "theme-day.md", "会前准备见[组织生活会](org-life-meeting.md#没有这一节)。")
    assert build_module.build(site) != 0
    err = capsys.readouterr().err
    assert re.search(r"'procedures/three-meetings\.md' contains a link 'meeting-notes\.md'.*not found", err)
    assert re.search(r"'procedures/theme-day\.md' contains a link .*does not contain an anchor '#没有这一节'", err)
    assert "构建失败，site/ 保持不变" in err
    assert before == {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}, "失败的构建改动了原来的 site/"
    assert not list(project_copy.glob("site.*")), "失败的构建留下了临时目录"
