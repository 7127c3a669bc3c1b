"""构建时间：唯一读取 SOURCE_DATE_EPOCH 的地方（最后一次提交的时间），保证同一提交重复构建结果相同。"""
from __future__ import annotations

import datetime as dt
import os
import time


def build_time() -> time.struct_time:
    """SOURCE_DATE_EPOCH 存在时用它，否则用当前时间（UTC）。"""
    return time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH") or time.time()))


def build_datetime() -> dt.datetime:
    """同一时间，带 UTC 时区的 datetime。"""
    return dt.datetime(*build_time()[:6], tzinfo=dt.timezone.utc)
