"""构建出的站点：导航完整、中文分词进入索引、没有外部资源、可重复构建。"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from handbook.core.config import mkdocs_yml

ROOT = Path(__file__).resolve().parents[1]


def _nav_files(nav) -> list[str]:
    out = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        out.extend(_nav_files(value) if isinstance(value, list) else [value])
    return out


def _config() -> dict:
    return mkdocs_yml()


def test_every_nav_entry_exists_and_every_page_is_in_nav():
    nav = _nav_files(_config()["nav"])
    docs = ROOT / "docs"
    missing = [p for p in nav if not (docs / p).is_file()]
    assert not missing, f"nav 中的页面不存在：{missing}"
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if "_data" not in p.parts}
    assert pages - set(nav) == set(), "有页面没有加入 nav"


def test_every_page_is_built(site):
    for src in _nav_files(_config()["nav"]):
        html = site / (src[:-3] + "/index.html" if not src.endswith("index.md") else src[:-2] + "html")
        assert html.is_file(), f"{src} 没有生成 {html}"


def test_jieba_segmentation_reached_the_search_index(site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "\u200b" in text, "搜索索引里没有 U+200B：jieba 没有生效，中文搜索会退化"


RESOURCE_ATTRS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
                  "video": "src", "audio": "src", "embed": "src", "object": "data", "track": "src"}


def _external(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.netloc) and parsed.hostname not in ("127.0.0.1", "localhost") or url.startswith("//")


def test_no_resource_comes_from_another_host(site):
    offenders = []
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        for tag, attr in RESOURCE_ATTRS.items():
            for el in soup.find_all(tag):
                if tag == "link" and not set(el.get("rel", [])) & {"stylesheet", "preload", "prefetch",
                                                                    "icon", "preconnect", "modulepreload", "manifest"}:
                    continue
                url = el.get(attr) or ""
                if _external(url):
                    offenders.append(f"{html.relative_to(site)}: <{tag} {attr}={url}>")
        for style in soup.find_all("style"):
            offenders += [f"{html.relative_to(site)}: url({u})" for u in re.findall(r"url\(['\"]?([^'\")]+)", style.text) if _external(u)]
    for css in site.rglob("*.css"):
        for u in re.findall(r"url\(['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if _external(u):
                offenders.append(f"{css.relative_to(site)}: url({u})")
    assert not offenders, "\n".join(offenders[:20])


def test_edition_in_footer(site):
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    assert soup.select_one(".md-copyright .hb-edition").get_text() == _config()["extra"]["edition"]
    assert soup.html["lang"].startswith("zh")


@pytest.mark.slow
def test_two_builds_of_the_same_commit_are_identical(site, second_build):
    """make 构建的 site/ 与后台的第二次构建（同一提交、同一 SOURCE_DATE_EPOCH）逐字节相同，PDF、Word、Excel、.ics 都算。"""
    first = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(second_build).as_posix(): p for p in second_build.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second), f"两次构建的文件不同：{sorted(set(first) ^ set(second))[:20]}"
    different = [name for name, path in first.items() if path.read_bytes() != second[name].read_bytes()]
    assert different == [], f"两次构建不一致：{sorted(different)[:20]}"
