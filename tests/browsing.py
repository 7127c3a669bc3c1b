"""浏览器测试共用的小工具：列出站点的全部页面、记录外部请求、像读者一样使用搜索框、逐页巡检。"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse


def site_pages(site: Path) -> list[str]:
    """构建出的全部页面（相对站点根目录的路径，如 lists/branch/index.html），不含 404 页。"""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html" and not p.is_relative_to(site / "assets"))


def page_url(base: str, path: str) -> str:
    """目录式地址去掉 index.html（与读者点链接看到的一样）。"""
    return f"{base}/{path.removesuffix('index.html')}" if base.startswith("http") else f"{base}/{path}"


def is_external(url: str) -> bool:
    """离开本机的请求：不是 file:/data:/blob:，主机也不是回环地址。"""
    parts = urlparse(url)
    if parts.scheme in ("file", "data", "blob", "about", "chrome-error"):
        return False
    host = parts.hostname or ""
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


class RequestLog:
    """挂在浏览器上下文上，记下上下文里每个页面、worker 和 iframe 发出的全部请求。"""

    def __init__(self, context):
        self.urls: list[str] = []
        context.on("request", lambda req: self.urls.append(req.url))

    @property
    def external(self) -> list[str]:
        return [u for u in self.urls if is_external(u)]


def search(page, query: str, timeout: float = 15_000) -> list[str]:
    """打开页首的搜索框、输入查询，返回结果链接（绝对地址）。

    中文用 insert_text 输入（和输入法上屏一样），再按 End：Material 在 keyup 时才搜索，
    而 Playwright 输入中文字符不发 keyup。"""
    # 宽屏上搜索框就在页首；手机上先点放大镜按钮
    page.locator("input.md-search__input:visible, label.md-header__button[for='__search']:visible").first.click()
    box = page.locator("input.md-search__input")
    items = page.locator(".md-search-result__item a.md-search-result__link")
    # 先清空并等上一次的结果消失，免得读到旧结果
    box.fill("")
    page.keyboard.press("End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')", timeout=timeout)
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    items.first.wait_for(state="attached", timeout=timeout)
    return items.evaluate_all("links => links.map(a => a.href)")


# 每页量一次（手机尺寸）：页面宽度、正文里小于 16px 的文字、宽表格是否在自己的可横向滚动的框里、
# 比框宽的表格上方有没有看得见的滑动提示（table-scroll.js）、正文里小于 32px 的可点控件
MEASURE = """() => {
  const small = [...document.querySelectorAll('article :is(p, li, td, th, dt, dd)')]
    .filter(e => e.textContent.trim() && parseFloat(getComputedStyle(e).fontSize) < 16)
    .map(e => `${e.tagName} ${getComputedStyle(e).fontSize} “${e.textContent.trim().slice(0, 20)}”`);
  const scroller = t => {
    for (let x = t.parentElement; x && x.tagName !== 'ARTICLE'; x = x.parentElement)
      if (['auto', 'scroll'].includes(getComputedStyle(x).overflowX)) return x;
    return null;
  };
  const tables = [...document.querySelectorAll('article table')].map(t => {
    const box = scroller(t);
    // Material 的表格自己横向滚动（overflow: auto）；表单的登记表在外面的框里滚动
    const own = ['auto', 'scroll'].includes(getComputedStyle(t).overflowX) ? t : box;
    const wrap = own && (own.closest('.md-typeset__scrollwrap') || own);
    const cue = wrap && wrap.previousElementSibling;
    return {wide: t.getBoundingClientRect().width > innerWidth,
            boxed: !!box && box.getBoundingClientRect().right <= innerWidth,
            scrolls: !!own && own.scrollWidth > own.clientWidth + 1,
            cue: !!cue && cue.matches('.hb-scroll-cue') && cue.checkVisibility(),
            head: (t.querySelector('th') || t).textContent.trim().slice(0, 10)};
  });
  const controls = [...document.querySelectorAll(
      'article :is(input:not([type=hidden], [disabled]), select, button, textarea, summary)')]
    .filter(e => e.checkVisibility())
    // 包在 <label> 里的勾选框、单选框，点整个标签都算：量标签
    .map(e => [e, (e.matches('input') && e.closest('label') || e).getBoundingClientRect()])
    .filter(([, r]) => r.width < 32 || r.height < 32)
    .map(([e, r]) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(r.width)}×${Math.round(r.height)}`);
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth, small, tables, controls};
}"""

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

# CSP 违规事件（控制台里也会有一条 “Refused to …” 错误，两处都查）
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def watched_page(browser, **options):
    """新的浏览器上下文和页面，记下全部请求（RequestLog）和问题：控制台错误、脚本异常；
    页面里的 CSP 违规由 CSP_LISTENER 收在 window.__cspViolations。"""
    context = browser.new_context(**options)
    context.add_init_script(CSP_LISTENER)
    log = RequestLog(context)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"{page.url}: 控制台：{msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"{page.url}: 脚本异常：{exc}"))
    return context, page, log, problems


@dataclass
class PageVisit:
    status: int | None
    problems: list[str]        # CSP 违规、控制台错误、脚本异常
    layout: dict               # MEASURE 的结果


@dataclass
class Sweep:
    """逐页巡检一次的结果：每页的访问记录，加上整个浏览器上下文发出的全部请求（含最后一次搜索）。"""
    pages: dict[str, PageVisit]
    requests: RequestLog
    search_hits: list[str]

    @classmethod
    def run(cls, browser, site: Path, base: str) -> "Sweep":
        context, page, log, problems = watched_page(browser, **PHONE)
        visits = {}
        for path in site_pages(site):
            problems.clear()
            response = page.goto(page_url(base, path), wait_until="load")
            layout = page.evaluate(MEASURE)
            problems.extend(f"CSP：{v}" for v in page.evaluate("window.__cspViolations"))
            visits[path] = PageVisit(response.status if response else None, list(problems), layout)
        # 搜索会启动 worker、加载索引和 lunr 语言文件
        page.goto(base + "/", wait_until="load")
        hits = search(page, "党支部")
        context.close()
        return cls(visits, log, hits)
