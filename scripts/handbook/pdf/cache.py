"""PDF 缓存：交给 WeasyPrint 的输入没有变，就直接用上次排好的 PDF（整本手册排一次约20秒）。

键是决定 PDF 字节的全部输入的哈希：拼好的 HTML（样式内联在里面）、它引用的本地图片、系统字体文件
（路径、大小、修改时间；半宽标点字体由它们生成）、WeasyPrint 和 pydyf 的版本、pdf/ 包自己的代码
（挤压标点、补页码标签等），以及 SOURCE_DATE_EPOCH。只在键完全相同时复用，所以结果与重新排版逐字节相同。

缓存文件放在 .cache/pdf/（读写和开关见 core/cache.py）。
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core import cache

_KIND = "pdf"
_LOCAL_FILE = re.compile(r"""(?:src|href)=["'](file://[^"']+)["']""")


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
    stored = cache.load(_KIND, f"{cache_key}.pdf")
    if stored is None:
        return None
    pages, data = stored.split(b"\n", 1)
    return int(pages), data


def store(cache_key: str, pages: int, data: bytes) -> None:
    cache.store(_KIND, f"{cache_key}.pdf", f"{pages}\n".encode() + data)
