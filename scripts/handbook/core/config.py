"""读 mkdocs.yml 的数据部分（extra、nav 等），不依赖 MkDocs。

mkdocs.yml 里有 !ENV、!!python/name 等标签：读数据时一律当作空值，不执行。
"""
from __future__ import annotations

from functools import cache

import yaml

from .. import ROOT


@cache
def mkdocs_yml() -> dict:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
