"""构建缓存：输入没变的产物（排好的 PDF、生成的 Word 和 Excel）直接用上次的结果。

每类产物一个子目录（.cache/pdf/、.cache/office/，不进仓库），文件名是决定产物字节的全部输入的哈希，
由使用者计算；只在键完全相同时复用，所以结果与重新生成逐字节相同。
环境变量 HANDBOOK_CACHE 可以指定另一个目录（make bench 用空目录测从头生成）；为 off 时不读不写
（测试里的第二次构建用它检验生成本身可重复）。
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from .. import ROOT

DEFAULT_DIR = ROOT / ".cache"
KEEP_DAYS = 14           # 这么久没用过的缓存文件在写入新文件时删除


def directory(kind: str) -> Path | None:
    setting = os.environ.get("HANDBOOK_CACHE", "")
    return None if setting == "off" else (Path(setting) if setting else DEFAULT_DIR) / kind


def load(kind: str, key: str) -> bytes | None:
    folder = directory(kind)
    path = folder / key if folder else None
    if path is None or not path.is_file():
        return None
    os.utime(path)                   # 记下最近一次使用
    return path.read_bytes()


def store(kind: str, key: str, data: bytes) -> None:
    folder = directory(kind)
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    # 先写临时文件再改名：并行的构建不会读到写了一半的文件
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, folder / key)
    _prune(folder)


def _prune(folder: Path) -> None:
    old = time.time() - KEEP_DAYS * 86400
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < old:
                path.unlink()
        except FileNotFoundError:
            pass                     # 另一个构建刚删掉


def files_digest(names, digest=None):
    """把项目里这些文件和目录（路径和内容，目录逐个文件，不含 __pycache__）加进哈希，返回哈希对象。"""
    digest = digest or hashlib.sha256()
    for name in names:
        top = ROOT / name
        for path in sorted([top] if top.is_file() else top.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest


@lru_cache(maxsize=1)
def code_digest() -> str:
    """生成代码的指纹：本项目的代码、模板和锁定的依赖版本。改了其中任何一个，旧的缓存都不再命中。"""
    return files_digest(("scripts/handbook", "templates", "requirements.lock")).hexdigest()
