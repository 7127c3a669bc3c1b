"""可重复的 Office 文件：同一提交两次构建逐字节相同。"""
from __future__ import annotations

import io
import re
import time
import zipfile

from .clock import build_time

_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def reproducible_zip(data: bytes) -> bytes:
    """Office 文件是 zip：统一成员时间戳和文档属性里的创建/修改时间，使同一提交两次构建逐字节相同。"""
    stamp = max(build_time()[:6], (1980, 1, 1, 0, 0, 0))
    iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", build_time()).encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=stamp)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o644 << 16
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = _CORE_DATES.sub(rb"\g<1>" + iso + rb"\g<2>", blob)
            dst.writestr(new, blob)
    return buf.getvalue()
