"""任务列表的无障碍修正：Markdown 扩展，放在 pymdownx.tasklist 之后。

pymdownx.tasklist 画的方框是一个没有标签的、禁用的 <input type="checkbox">（只供打印后手工打勾），
读屏软件会念出一串没有名字的“复选框，未选中，不可用”，axe 把它列为 critical（label）。
上游不打算修（facelessuser/pymdown-extensions#1109），这里把方框对读屏软件隐藏：列表项的文字照常朗读。
"""
from __future__ import annotations

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

_CONTROL = '<label class="task-list-control">'


class HideCheckboxPostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return text.replace(_CONTROL, '<label class="task-list-control" aria-hidden="true">')


class TasklistA11yExtension(Extension):
    def extendMarkdown(self, md):
        # 优先级低于 raw_html（30）：方框的 HTML 先放回正文，再修改
        md.postprocessors.register(HideCheckboxPostprocessor(md), "tasklist_a11y", 20)


def makeExtension(**kwargs):
    return TasklistA11yExtension(**kwargs)
