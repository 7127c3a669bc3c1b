"""离线包：解压后从文件夹（file://）直接打开的站点，打成一个 zip（make offline）。

构建用 mkdocs.offline.yml（继承 mkdocs.yml，加上 Material 的 offline 插件），并且经过 site/build.py，
其他功能的构建后加工（搜索修补、PDF 等）对离线包同样生效。

作为站点功能（features.py）时，只在 offline 插件启用的构建里起作用：
  on_config  去掉 file:// 下不能用的即时导航，拒绝外部地址的 polyfill；
  files      把 iframe-worker 垫片从 node_modules/ 复制进站点（安装时 npm ci 取得，构建时不联网）。
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from .. import ROOT
from ..core.clock import build_time
from ..render.environment import environment

CONFIG = "mkdocs.offline.yml"
# 站点内的路径必须含 “iframe-worker”：Material 的 offline 插件据此不再追加外部网站上的地址
SHIM_PATH = "javascripts/iframe-worker/shim.js"
SHIM_SOURCE = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"


def _enabled(config) -> bool:
    plugin = config["plugins"].get("material/offline")
    return plugin is not None and plugin.config.enabled


def on_config(content, config) -> None:
    if not _enabled(config):
        return
    # 即时导航靠 fetch 取下一页，file:// 下会失败
    features = config["theme"]["features"]
    if "navigation.instant" in features:
        features.remove("navigation.instant")
    polyfills = config["extra"].get("polyfills", [])
    external = [url for url in polyfills if "//" in url]
    if external or SHIM_PATH not in polyfills:
        raise PluginError(f"{CONFIG}: extra.polyfills 必须是站点内的 {SHIM_PATH}，不能引用外部地址：{external}")


def files(content, config) -> dict[str, bytes]:
    if not _enabled(config):
        return {}
    if not SHIM_SOURCE.is_file():
        raise PluginError(f"缺少 {SHIM_SOURCE.relative_to(ROOT)}（npm 包 iframe-worker）：请运行 make setup")
    return {SHIM_PATH: SHIM_SOURCE.read_bytes()}


# ---- 打包 -----------------------------------------------------------------------
def bundle_name(project: str, edition: str) -> str:
    """zip 文件名只用 ASCII：老版本 Windows 自带的解压、邮件附件和部分网盘会把中文文件名变成乱码。
    版次取其中的字母数字（“2026年版” → “2026”）。"""
    slug = "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in edition).split())
    return f"{project}-{slug or 'edition'}-offline"


def write_zip(site: Path, target: Path, top: str, readme: str) -> None:
    """可重复的 zip：成员按路径排序，时间戳取 SOURCE_DATE_EPOCH，权限统一。先写临时文件再改名。"""
    stamp = max(build_time()[:6], (1980, 1, 1, 0, 0, 0))

    def add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
        info = zipfile.ZipInfo(f"{top}/{name}", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        zf.writestr(info, data, compresslevel=9)

    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w") as zf:
        # 带 BOM：Windows 记事本才能认出 UTF-8
        add(zf, "README.txt", readme.replace("\n", "\r\n").encode("utf-8-sig"))
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            add(zf, path.relative_to(site).as_posix(), path.read_bytes())
    partial.replace(target)


def bundle(dest: Path = ROOT / "dist") -> Path:
    """构建离线站点并打包，返回 zip 路径；构建失败时抛出 SystemExit（原有的 zip 不动）。"""
    from mkdocs.config import load_config

    from .build import build

    config = load_config(str(ROOT / CONFIG))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    name = bundle_name(project, str(config["extra"].get("edition", "")))
    with tempfile.TemporaryDirectory(prefix="offline-") as tmp:
        site = Path(tmp) / "site"
        if build(site=site, config=CONFIG) != 0:
            raise SystemExit(1)
        readme = environment().get_template("offline/README.txt.j2").render(
            config=config, name=name, edition=config["extra"].get("edition", ""))
        dest.mkdir(parents=True, exist_ok=True)
        target = dest / f"{name}.zip"
        write_zip(site, target, name, readme)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook.site.offline", description="构建离线包 zip")
    parser.add_argument("--dest", type=Path, default=ROOT / "dist", help="zip 的输出目录（默认 dist/）")
    target = bundle(parser.parse_args(argv).dest.resolve())
    size = target.stat().st_size / 1024 / 1024
    print(f"离线包已生成：{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}（{size:.1f} MB）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
