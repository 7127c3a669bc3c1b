"""内容错误：收集全部错误后一次报告，格式为 `path:line: 说明`。"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import ROOT


@dataclass(frozen=True, order=True)
class ContentError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class BuildError(Exception):
    """构建步骤本身的错误（如 Material 升级后要修补的代码对不上）：站点层把它报告为 MkDocs 的 PluginError。"""


class ContentErrors(Exception):
    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(map(str, self.errors)))


@dataclass
class ErrorLog:
    errors: list[ContentError] = field(default_factory=list)

    def add(self, path: str | Path, line: int, message: str) -> None:
        self.errors.append(ContentError(display_path(path), max(int(line), 1), message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentErrors(self.errors)


def display_path(path: str | Path) -> str:
    """相对仓库根目录的路径，便于编辑者定位。"""
    p = Path(path)
    try:
        return p.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return p.as_posix()
