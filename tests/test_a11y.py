"""无障碍：axe-core（npm 仓库，package.json 锁定版本，由 make setup 装进 node_modules/）检查首页、清单页、
个性化清单页、程序页和搜索结果，不能有 serious 或 critical 级别的问题。"""
from __future__ import annotations

from pathlib import Path

import pytest
from browsing import search

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v =>
    `${v.impact} ${v.id}：${v.help}（${v.nodes.length} 处，如 ${v.nodes.slice(0, 2).map(n => n.target.join(' ')).join('；')}）`);
}"""


def _checklist_page(site: Path) -> str:
    return f"checklists/{sorted(p.parent.name for p in (site / 'checklists').glob('*/index.html'))[0]}/"


def _violations(page) -> list[str]:
    if not AXE.is_file():
        pytest.fail(f"没有 {AXE}：请先运行 make setup（npm ci 安装 axe-core）")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", ["", "lists/branch/", "checklist", "procedures/three-meetings/"])
def test_page_has_no_serious_accessibility_problems(page, site, base_url, path):
    path = _checklist_page(site) if path == "checklist" else path
    page.goto(f"{base_url}/{path}", wait_until="load")
    problems = _violations(page)
    assert problems == [], "\n".join(problems)


def test_search_results_have_no_serious_accessibility_problems(page, base_url):
    page.goto(f"{base_url}/", wait_until="load")
    assert search(page, "三会一课")
    problems = _violations(page)
    assert problems == [], "\n".join(problems)


def test_search_partial_override_differs_from_material_only_by_the_dialog_name():
    """overrides/partials/search.html 是 Material 原文件加一个 aria-label；升级 Material 后原文件变了，这里提醒同步。"""
    import material

    def body(path: Path) -> str:  # 去掉开头的模板注释
        return path.read_text(encoding="utf-8").split("-#}\n", 1)[1]

    original = body(Path(material.__file__).parent / "templates" / "partials" / "search.html")
    ours = body(Path(__file__).resolve().parents[1] / "overrides" / "partials" / "search.html")
    dialog = '<div class="md-search" data-md-component="search" role="dialog"'
    assert ours == original.replace(dialog, dialog + " aria-label=\"{{ lang.t('search') }}\""), \
        "Material 的 partials/search.html 变了：把新版复制到 overrides/partials/search.html，再加上 aria-label"
