"""记住 jieba 的切分结果：同一串汉字、同一份词典，切分总是相同。

Material 的搜索插件给每一节的每一串汉字调用 jieba.cut。make serve 每保存一次就重建全部页面，这些切分
占重建时间的五分之一左右，而绝大部分文字没有变；同一次构建里，17个单位档案页也反复出现相同的文字。
这里把模块级的 jieba.cut 换成带记忆的版本（插件和本项目都经 jieba.cut 调用）。记忆的键含词典的词数和
总词频，术语表加了词、词典变了，旧结果自然不再命中。
"""
from __future__ import annotations

import jieba

_MAX_ENTRIES = 200_000
_memo: dict[tuple, tuple[str, ...]] = {}


def _cut(sentence, cut_all=False, HMM=True, use_paddle=False):
    dt = jieba.dt
    key = (sentence, cut_all, HMM, use_paddle, len(dt.FREQ), dt.total)
    words = _memo.get(key)
    if words is None:
        if len(_memo) >= _MAX_ENTRIES:
            _memo.clear()
        words = _memo[key] = tuple(dt.cut(sentence, cut_all, HMM, use_paddle))
    return iter(words)


def install(content=None, config=None) -> None:
    """站点功能的 on_config：换上带记忆的 jieba.cut（重复调用无妨）。"""
    jieba.cut = _cut
