"""PDF 缓存：交给 WeasyPrint 的输入没有变，就直接用上次排好的 PDF（整本手册排一次约20秒）。

键是决定 PDF 字节的全部输入的哈希：拼好的 HTML（样式内联在里面）、它引用的本地图片、系统字体文件
（路径、大小、修改时间；半宽标点字体由它们生成）、WeasyPrint 和 pydyf 的版本、pdf/ 包自己的代码
（挤压标点、补页码标签等），以及 SOURCE_DATE_EPOCH。只在键完全相同时复用，所以结果与重新排版逐字节相同。

缓存放在 .cache/pdf/（不进仓库）。环境变量 HANDBOOK_PDF_CACHE 可以指定另一个目录（make bench 用空目录
测从头排版）；为 off 时不读不写（测试里检验重新排版可重复时用）。
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import ROOT

DEFAULT_DIR = ROOT / ".cache" / "pdf"
KEEP_DAYS = 14           # 这么久没用过的缓存文件在写入新文件时删除
_LOCAL_FILE = re.compile(r"""(?:src|href)=["'](file://[^"']+)["']""")


def directory() -> Path | None:
    setting = os.environ.get("HANDBOOK_PDF_CACHE", "")
    return None if setting == "off" else Path(setting) if setting else DEFAULT_DIR


def key(html: str, purpose: str) -> str:
    """purpose 区分同一 HTML 的不同写法（如手册要补页码标签、自查表不补）。"""
    digest = hashlib.sha256(_environment().encode())
    digest.update(f"\0{purpose}\0{os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    digest.update(html.encode("utf-8"))
    for uri in sorted(set(_LOCAL_FILE.findall(html))):
        path = Path(unquote(urlsplit(uri).path))
        digest.update(b"\0" + uri.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _environment() -> str:
    """不在 HTML 里、又决定 PDF 字节的东西：库版本、字体文件、排版代码。一个进程里只算一次。"""
    import pydyf
    import weasyprint
    parts = [f"weasyprint {weasyprint.__version__}", f"pydyf {pydyf.__version__}"]
    fonts = subprocess.run(["fc-list", "-f", "%{file}\n"], capture_output=True, text=True).stdout.split()
    for font in sorted(set(fonts)):
        st = os.stat(font)
        parts.append(f"{font} {st.st_size} {st.st_mtime_ns}")
    code = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        code.update(path.read_bytes())
    parts.append(code.hexdigest())
    return "\n".join(parts)


def load(cache_key: str) -> tuple[int, bytes] | None:
    """(页数, PDF) 或 None。"""
    folder = directory()
    path = folder / f"{cache_key}.pdf" if folder else None
    if path is None or not path.is_file():
        return None
    pages, data = path.read_bytes().split(b"\n", 1)
    os.utime(path)                   # 记下最近一次使用
    return int(pages), data


def store(cache_key: str, pages: int, data: bytes) -> None:
    folder = directory()
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    # 先写临时文件再改名：并行的构建不会读到写了一半的文件
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(f"{pages}\n".encode() + data)
    os.replace(tmp, folder / f"{cache_key}.pdf")
    _prune(folder)


def _prune(folder: Path) -> None:
    old = time.time() - KEEP_DAYS * 86400
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < old:
                path.unlink()
        except FileNotFoundError:
            pass                     # 另一个构建刚删掉
