"""浏览器打印表单页（Ctrl+P）：打出来是一张干净的、可填写的表。

- 表单页上不印网址（别的页面在链接后注网址，见 print.css；表单页的“对应程序”“依据”链接不注）；
- 签字栏不与它上面的表分开：栏目表（会议记录等）连同签字栏印在同一页；台账的登记表跨页时，
  签字栏所在的页上还有表格（每页重复的表头）。

用 Chromium 按打印样式排成 PDF（page.pdf），再用 pypdf 读出每页的文字检查。"""
from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from handbook.core.content import load_content

pytestmark = pytest.mark.browser

FORMS = load_content().forms


def printed_pages(page) -> list[str]:
    """按打印样式排成的 A4 PDF，每页的文字（NFKC：PDF 里的部首字、全角括号换成常用字符）。"""
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    return [unicodedata.normalize("NFKC", p.extract_text()) for p in pdf.pages]


# Chromium 的 PDF 把“见”“民”“页”等字的文字层写成 CJK 部首补充区的部首（⻅ ⺠ ⻚），NFKC 不还原：比较时当作任意一个字
RADICAL = re.compile("[\u2e80-\u2eff]")
ANY = "\ufffd"


def plain(text: str) -> str:
    """比较用：NFKC，部首补充区的字换成 ANY，去掉全部空白（窄栏里的栏目名会折行）。"""
    return "".join(RADICAL.sub(ANY, unicodedata.normalize("NFKC", text)).split())


def in_order(needle: str, text: str) -> bool:
    """needle 的每个字按顺序出现在 text 里（中间可以夹着别的字）。"""
    rest = iter(text)
    return all(any(c in (ch, ANY) for c in rest) for ch in needle)


@pytest.fixture(scope="module")
def printer(browser):
    page = browser.new_page()
    yield page
    page.close()


def links_showing_their_address(page) -> list[str]:
    """打印样式下，正文里在链接后面注出的内容（::after）。"""
    page.emulate_media(media="print")
    shown = page.eval_on_selector_all(
        "article a[href]", "links => links.map(a => getComputedStyle(a, '::after').content)"
        ".filter(c => c !== 'none' && c !== 'normal')")
    page.emulate_media(media="null")   # 不再模拟；page.pdf() 按打印样式排
    return shown


def test_other_pages_print_link_addresses(printer, base_url):
    """对照：普通页面打印时照常在链接后注网址（表单页不注，见下一项测试）。"""
    printer.goto(f"{base_url}/procedures/party-dues/")
    assert any("http" in after for after in links_showing_their_address(printer))


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.id)
def test_printed_form_has_no_urls_and_keeps_signatures_with_their_table(printer, base_url, form):
    printer.goto(f"{base_url}/forms/{form.id}/")
    assert links_showing_their_address(printer) == [], "打印时表单页的链接后面注了网址"
    pages = printed_pages(printer)
    assert not any("http" in text or "127.0.0.1" in text for text in pages), "打印的表单页上有网址"
    if not form.signatures:
        return
    first = plain(form.signatures[0])
    (sign_page,) = [i for i, text in enumerate(pages) if first + ":" in plain(text)]
    on_page = plain(pages[sign_page])
    # 窄栏里的栏目名会折行，PDF 的文字又按行读出，同一行的几个格子交错在一起：只要求栏目名的字按顺序出现
    if form.table:
        # 登记表跨页时每页重复表头：签字栏那一页有表头，说明签字栏没有单独落到一页上
        labels = [c.label for c in form.table.columns]
    else:
        labels = [f.label for f in form.fields] + [s.label for s in form.sections]
    missing = [label for label in labels if not in_order(plain(label), on_page)]
    assert not missing, f"签字栏在第{sign_page + 1}页，这些栏目却不在这一页：{missing}"
