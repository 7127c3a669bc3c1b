"""编辑者用的东西只给编辑者看：源文件链接和“编辑此页”铅笔只在部署时设置了真实的代码托管地址（REPO_URL）
才出现；“参与编辑”板块不占读者的标签栏和手机导航，入口在每页页脚。

用本项目的 mkdocs.yml、主题覆盖（overrides/）和一个三页的小站点构建（不跑钩子和插件，几秒钟），
分别在不设置和设置 REPO_URL 时检查；另外检查 make 构建出的 site/ 本身。"""
from __future__ import annotations

import os
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
REPO = "https://git.unit.example/party/handbook"
PAGES = {"index.md": "# 首页\n\n正文。\n", "guide/index.md": "# 指导手册\n\n正文。\n",
         "contributing/index.md": "# 参与编辑\n\n正文。\n", "contributing/style.md": "# 格式规范\n\n正文。\n"}
NAV = [{"首页": "index.md"}, {"指导手册": ["guide/index.md"]},
       {"参与编辑": ["contributing/index.md", {"格式规范": "contributing/style.md"}]}]


def small_build(tmp_path: Path, monkeypatch, env: dict[str, str]) -> Path:
    """用 mkdocs.yml（!ENV 在读配置时取环境变量）构建 PAGES，返回输出目录。"""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    for name in ("REPO_URL", "EDIT_URI"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    docs = tmp_path / "docs"
    for rel, text in PAGES.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "site"),
                         nav=NAV, hooks=[], plugins=[], markdown_extensions=["toc", "attr_list"],
                         extra_css=[], extra_javascript=[])
    build(config)
    return tmp_path / "site"


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "lxml")


def tabs(page: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".md-tabs__link")]


def drawer(page: BeautifulSoup) -> list[str]:
    """手机导航抽屉（主导航）的第一级。"""
    return [e.get_text(" ", strip=True) for e in page.select(".md-nav--primary > .md-nav__list > li > :is(a, label)")]


def test_without_a_repository_url_there_is_no_source_link_or_edit_button(tmp_path, monkeypatch):
    site = small_build(tmp_path, monkeypatch, {})
    for rel in ("index.html", "guide/index.html", "contributing/index.html"):
        page = soup(site, rel)
        assert not page.select(".md-source, .md-content__button, a[href*='edit']"), rel
        assert "源文件" not in page.get_text(), rel


def test_a_configured_repository_shows_the_source_link_and_edit_button(tmp_path, monkeypatch):
    site = small_build(tmp_path, monkeypatch, {"REPO_URL": REPO, "EDIT_URI": "edit/main/docs/"})
    page = soup(site, "guide/index.html")
    assert {a["href"] for a in page.select("a.md-source")} == {REPO}      # 页首和手机导航里各一个
    assert [a["href"] for a in page.select("a.md-content__button")] == [f"{REPO}/edit/main/docs/guide/index.md"]


def test_editor_section_is_not_a_reader_tab_but_is_linked_from_every_footer(tmp_path, monkeypatch):
    site = small_build(tmp_path, monkeypatch, {})
    home = soup(site, "index.html")
    assert "参与编辑" not in tabs(home) and "指导手册" in tabs(home)
    assert not any("参与编辑" in item for item in drawer(home)), drawer(home)
    for rel, href in [("index.html", "contributing/"), ("guide/index.html", "../contributing/")]:
        link = soup(site, rel).select_one(".md-footer-meta .hb-editor-link a")
        assert link and link.get_text() == "参与编辑" and link["href"] == href, rel
    # 编辑者打开了这个板块：标签和本板块的导航照常显示
    inside = soup(site, "contributing/style/index.html")
    assert "参与编辑" in tabs(inside)
    assert "格式规范" in inside.select_one(".md-nav--primary").get_text()


def test_the_built_site_matches_its_repository_setting(site):
    """make 构建的 site/：CI 设置了 REPO_URL 时有源文件链接和铅笔，本机不设置时都没有；“参与编辑”只在页脚。"""
    page = soup(site, "procedures/party-dues/index.html")
    configured = bool(os.environ.get("REPO_URL"))
    assert bool(page.select("a.md-source")) == configured
    assert bool(page.select("a.md-content__button")) == (configured and bool(os.environ.get("EDIT_URI")))
    assert "参与编辑" not in tabs(page)
    assert page.select_one(".hb-editor-link a")["href"] == "../../contributing/"
    assert "参与编辑" in tabs(soup(site, "contributing/index.html"))

