"""手机上排成卡片的表格：Markdown 扩展，给包在 <div class="hb-stack" markdown> 里的表格的每个单元格
加上所在栏的栏目名（data-label）。

窄屏上表格每一行排成一张卡片，栏目名由样式表（extra.css 的 .hb-stack）显示在各栏内容前面；
宽屏、打印、PDF 和 Word 里仍是普通表格。栏目名在构建时写进页面，不靠脚本，从文件夹打开也一样。
"""
from __future__ import annotations

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

CLASS = "hb-stack"


def _text(element) -> str:
    return "".join(element.itertext()).strip()


class StackedTablesTreeprocessor(Treeprocessor):
    def run(self, root):
        for box in root.iter("div"):
            if CLASS not in (box.get("class") or "").split():
                continue
            for table in box.iter("table"):
                labels = [_text(th) for th in table.iterfind("thead/tr/th")]
                for row in table.iterfind("tbody/tr"):
                    for label, cell in zip(labels, row.iterfind("td")):
                        cell.set("data-label", label)


class StackedTablesExtension(Extension):
    def extendMarkdown(self, md):
        # md_in_html 把 <div markdown> 里的表格解析成元素之后；优先级比行内处理（20）低
        md.treeprocessors.register(StackedTablesTreeprocessor(md), "hb_stacked_tables", 5)


def makeExtension(**kwargs):
    return StackedTablesExtension(**kwargs)
