"""读 mkdocs.yml 的数据部分（extra、nav 等），不依赖 MkDocs。

!ENV 标签与 MkDocs 的读法相同（取环境变量，[变量…, 默认值] 取第一个设了的变量，都没设时取默认值），
这样部署时设置的发布单位等在 PDF、Word 和站点里一致；!!python/name 等其他标签读作空值，不执行。
"""
from __future__ import annotations

import os
from functools import cache

import yaml

from .. import ROOT


@cache
def mkdocs_yml() -> dict:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    Loader.add_constructor("!ENV", _env)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    *names, default = loader.construct_sequence(node)
    return next((os.environ[n] for n in names if n in os.environ), default)


def preview() -> bool:
    """make serve 的预览（Makefile 设置 HANDBOOK_PREVIEW=1）：每保存一次就重建全部页面，
    只给编辑者看改动，可以省掉读者才用得上、又费时的几步（见 search/index.py 和 site/preview.py）。"""
    return bool(os.environ.get("HANDBOOK_PREVIEW"))
