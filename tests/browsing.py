"""浏览器测试共用的小工具：列出站点的全部页面、记录外部请求、像读者一样使用搜索框。"""
from __future__ import annotations

import ipaddress
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
