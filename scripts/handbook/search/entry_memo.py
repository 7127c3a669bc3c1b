"""记住 Material 搜索插件给每一页建的索引条目。

make serve 每保存一次就重建全部页面，搜索插件把每一页的 HTML 重新解析、切词，约占重建时间的六分之一，
而保存一次通常只改了一页。条目只取决于页面的地址、标题、HTML、目录、元数据和 jieba 词典：这些都没变时，
直接用上次的条目（术语表加了词、词典变了，键随之改变，不会用到旧条目）。
"""
from __future__ import annotations

import copy
import json

import jieba
from material.plugins.search.plugin import SearchIndex

_MAX_PAGES = 5_000
_memo: dict[tuple, list[dict]] = {}
_material = SearchIndex.add_entry_from_context


def _toc(items) -> tuple:
    return tuple((item.id, item.title, item.level, _toc(item.children)) for item in items)


def _add_entry_from_context(self, page) -> None:
    key = (page.url, page.title, page.content, _toc(page.toc),
           json.dumps(page.meta, sort_keys=True, ensure_ascii=False, default=str), len(jieba.dt.FREQ), jieba.dt.total)
    entries = _memo.get(key)
    if entries is None:
        first = len(self.entries)
        _material(self, page)
        if len(_memo) >= _MAX_PAGES:
            _memo.clear()
        entries = _memo[key] = copy.deepcopy(self.entries[first:])
    else:
        self.entries.extend(copy.deepcopy(entries))


def install(content=None, config=None) -> None:
    """站点功能的 on_config：换上带记忆的 add_entry_from_context（重复调用无妨）。"""
    SearchIndex.add_entry_from_context = _add_entry_from_context
