"""安装：项目包从这份检出导入（文件夹连同 .venv 复制或移走后，也不会悄悄用原来的文件夹）。"""
from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

import pytest

import handbook

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_comes_from_this_checkout():
    assert handbook.ROOT == ROOT
    assert Path(handbook.__file__).is_relative_to(ROOT / "scripts")


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="不在虚拟环境里运行")
def test_the_venv_points_to_scripts_by_a_relative_path():
    site_dir = Path(sysconfig.get_paths()["purelib"])
    pth = site_dir / "handbook-src.pth"
    assert pth.is_file(), "没有 handbook-src.pth：请运行 make setup"
    entry = pth.read_text(encoding="utf-8").strip()
    assert not Path(entry).is_absolute(), f"{pth} 写的是绝对路径 {entry}：复制后的项目会导入原来的文件夹"
    # 不解析符号链接：.venv 可以是指向别处的链接，路径仍按这份检出里的位置算
    assert os.path.normpath(site_dir / entry) == os.path.normpath(Path(sys.prefix).parent / "scripts")
