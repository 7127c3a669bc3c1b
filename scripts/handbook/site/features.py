"""站点功能登记：每个功能在构建的哪一步做什么，在这里明确列出（不按函数名猜测）。

每一步的函数：
  on_config(content, config)                 调整配置（如给 jieba 加词）
  nav(content) -> {板块名: [导航条目]}         把生成的页面追加到 mkdocs.yml 的某个板块
  files(content, config) -> {路径: 内容}      生成的页面（.md）和下载文件
  post_build(content, config)                构建输出写完之后加工 site_dir（如修补搜索 worker）
Feature 只接受这四个名字：写错一个（如 file=）在导入时就报错，构建随之失败。
"""
from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core import cache
from ..core.content import Content
from ..core.party_dues import DATA_PATH, calculator_json
from ..export.calendar_ics import calendar_files
from ..export.responsibilities import site_exports
from ..render.mdext import cjk_abbr
from ..search import index as search
from ..search import entry_memo, segment_memo
from . import checklist_pages, form_pages, offline, open_items, preview, revisions


@dataclass(frozen=True)
class Feature:
    name: str
    on_config: Callable[[Content, dict], None] | None = None
    nav: Callable[[Content], dict[str, list[dict]]] | None = None
    files: Callable[[Content, dict], dict[str, str | bytes]] | None = None
    post_build: Callable[[Content, dict], None] | None = None


def reuse_while_unchanged(files, inputs):
    """Word、Excel 文件每次重新生成要好几秒：files 的输入（inputs 取出，按值比较）和生成代码都没变时，用上次的结果。

    先看本进程记住的最近一次（make serve 每保存一次就重建），再看磁盘上的 .cache/office/（下一次 make site、
    测试里的其他构建）。键含输入、SOURCE_DATE_EPOCH 和代码指纹，命中时的文件与重新生成逐字节相同；
    输入的 pickle 只在 PYTHONHASHSEED 固定时（Makefile 固定为0）跨进程相同，不固定时只是不命中。
    """
    last: dict[str, dict] = {}
    name = f"{files.__module__}.{files.__qualname__}"

    def cached(content: Content, config) -> dict[str, str | bytes]:
        key = hashlib.sha256(pickle.dumps((name, inputs(content, config), os.environ.get("SOURCE_DATE_EPOCH"),
                                           cache.code_digest()))).hexdigest()
        if key not in last:
            stored = cache.load("office", key)
            result = pickle.loads(stored) if stored is not None else files(content, config)
            if stored is None:
                cache.store("office", key, pickle.dumps(result))
            last.clear()
            last[key] = result
        return last[key]
    return cached


def _exports(content: Content, config) -> dict[str, str | bytes]:
    return site_exports(content.model, config["extra"])


def _calendars(content: Content, config) -> dict[str, bytes]:
    return calendar_files(content.model, content.calendar, config["extra"])


def _glossary(content: Content, config) -> None:
    """悬停释义读所构建站点自己的术语表（项目副本、另一个 docs_dir 也对）。
    python -m handbook generate 不转换 Markdown，它的配置里没有 mdx_configs。"""
    if config.get("mdx_configs") is not None:
        mdx = config["mdx_configs"].setdefault(cjk_abbr.__name__, {})
        mdx["glossary"] = str(Path(config["docs_dir"]) / "_data" / "glossary.yml")


def _dues(content: Content, config) -> dict[str, str]:
    return {DATA_PATH: calculator_json(content.dues, content.model)} if content.dues else {}


FEATURES = (
    Feature("个性化清单页", nav=checklist_pages.nav, files=checklist_pages.files),
    Feature("清单导出（JSON、Word、Excel）",
            files=reuse_while_unchanged(_exports, lambda content, config: (content.model, config["extra"]))),
    Feature("离线包", on_config=offline.on_config, files=offline.files),
    Feature("工作日历文件", files=_calendars),
    Feature("站内搜索", on_config=search.on_config, post_build=search.post_build),
    Feature("术语悬停释义", on_config=_glossary),
    Feature("分词结果复用", on_config=segment_memo.install),
    Feature("搜索条目复用", on_config=entry_memo.install),
    Feature("预览从简", on_config=preview.on_config),
    Feature("修订记录", on_config=revisions.on_config, nav=revisions.nav, files=revisions.files),
    Feature("表单与台账", nav=form_pages.nav,
            files=reuse_while_unchanged(form_pages.files,
                                        lambda content, config: (content.forms, content.titles, config["extra"]))),
    Feature("党费计算器数据", files=_dues),
    Feature("待核实事项（参与编辑）", nav=open_items.nav, files=open_items.files),
)
