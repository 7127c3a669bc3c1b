"""共用夹具：最新的 site/、后台构建（第二次构建、离线包）、本地 HTTP 服务和 nginx、Debian Chromium、逐页巡检。

标记：browser = 需要 Chromium；slow = 需要额外的完整构建；site = 读构建出的 site/（由夹具自动加上）。
make check 只运行三者都不是的测试。
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
# 与 Makefile 相同：单独运行 pytest 时也按最后一次提交的时间构建，与 make 构建的 site/ 一致
os.environ.setdefault("SOURCE_DATE_EPOCH", subprocess.run(
    ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip() or "0")
os.environ.setdefault("PYTHONHASHSEED", "0")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# 随机输入测试：make test 每项试150个例子，make check（编辑者的快速检查）试30个
settings.register_profile("full", max_examples=150)
settings.register_profile("check", max_examples=30)
settings.load_profile(os.environ.get("HANDBOOK_HYPOTHESIS", "full"))

# 默认检查 make test 构建好的 site/；HANDBOOK_SITE 可以指向另一次构建的输出
SITE = Path(os.environ.get("HANDBOOK_SITE") or ROOT / "site")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-features=Translate,MediaRouter,OptimizationHints"]


def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "site" in fixtures:
            item.add_marker(pytest.mark.site)
        if set(fixtures) & set(BACKGROUND_COMMANDS):
            item.add_marker(pytest.mark.slow)
    # 不用构建结果的测试先跑，与后台构建同时进行；然后是读 site/ 的，最后是等额外构建的（顺序稳定）
    items.sort(key=lambda item: 2 if item.get_closest_marker("slow") else 1 if item.get_closest_marker("site") else 0)


# ---- 后台构建 -------------------------------------------------------------------------
class Background:
    """在另一个进程里做一次完整构建，和其他测试同时进行（两核机器上省下一次构建的时间）；要结果时再等它。"""

    def __init__(self, name: str, command: list[str], env: dict[str, str], niceness: int = 0):
        """command 里的 {dir} 换成这个后台任务自己的临时目录；env 是另加的环境变量。
        niceness > 0：调低优先级，只用其他测试空出来的处理器时间（nice）。"""
        self.dir = Path(tempfile.mkdtemp(prefix=f"hb-{name}-"))
        self.log = self.dir / "build.log"
        command = [arg.replace("{dir}", str(self.dir)) for arg in command]
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(["nice", "-n", str(niceness), sys.executable, *command],
                                         cwd=ROOT, env={**os.environ, **env},
                                         stdout=log, stderr=subprocess.STDOUT)

    def wait(self) -> Path:
        if self.proc.wait() != 0:
            pytest.fail("后台构建失败：\n" + self.log.read_text(encoding="utf-8", errors="replace")[-20000:])
        return self.dir

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


# 本单位版的测试样例：单位名称和年度是虚构的，档案取 units.yml 的最后一个（不写死档案名）
EDITION_UNIT, EDITION_YEAR = "省示例厅机关党委", "2027"
EDITION_PROFILE = yaml.safe_load((ROOT / "docs/_data/units.yml").read_text(encoding="utf-8"))["profiles"][-1]["id"]

# 夹具名 → 后台命令和另加的环境变量。第二次构建不用缓存：PDF、Word、Excel 都真的重新生成，才能检验
# 生成本身可重复；离线包和本单位版照常用缓存（与 make offline、make edition 相同）
BACKGROUND_COMMANDS = {
    "second_build": (["-m", "handbook", "build", "--site-dir", "{dir}/site"], {"HANDBOOK_CACHE": "off"}),
    "offline_zip": (["-m", "handbook.site.offline", "--dest", "{dir}/dist"], {}),
    "edition": (["-m", "handbook.site.edition", "--unit", EDITION_UNIT, "--profile", EDITION_PROFILE,
                 "--year", EDITION_YEAR, "--dist", "{dir}/dist"], {}),
}
# site/ 不存在或已过期（输入哈希不同）时的构建：直接写进 SITE（失败时原来的 site/ 不动）
SITE_COMMAND = (["-m", "handbook", "build", "--site-dir", str(SITE)], {})
_background: dict[str, Background] = {}
_starting = threading.Lock()      # 测试和等 site/ 的线程可能同时要同一个构建


def _start(name: str) -> Background:
    """site/ 的构建照常优先级（读 site/ 的测试都在等它）；额外的构建优先级低，用浏览器测试空出来的那个核。"""
    with _starting:
        if name not in _background:
            if name in BACKGROUND_COMMANDS:
                _background[name] = Background(name, *BACKGROUND_COMMANDS[name], niceness=10)
            else:
                _background[name] = Background(name, *SITE_COMMAND)
        return _background[name]


def pytest_collection_finish(session):
    """收集完就在后台开始要用到的构建：site/ 过期时重新构建它，同时做第二次构建（不用缓存）；
    离线包和本单位版等 site/ 建好再开始，好用上它写进缓存的 PDF、Word 和 Excel。"""
    wanted = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    from handbook.site.build import is_current
    site_job = _start("site") if "site" in wanted and not is_current(SITE) else None
    if "second_build" in wanted:
        _start("second_build")
    later = [name for name in ("offline_zip", "edition") if name in wanted]
    if site_job is None:
        for name in later:
            _start(name)
    elif later:
        def after_site():
            if site_job.proc.wait() == 0:          # 构建失败时 site 夹具报告错误，不再白做两次构建
                for name in later:
                    _start(name)
        threading.Thread(target=after_site, daemon=True).start()


def pytest_sessionfinish(session):
    for job in list(_background.values()):
        job.close()


@pytest.fixture(scope="session")
def second_build(site) -> Path:
    """同一提交的第二次完整构建（与 site/ 逐字节比较）。"""
    return _start("second_build").wait() / "site"


@pytest.fixture(scope="session")
def edition() -> Path:
    """make edition 写出的本单位版目录（单位、档案、年份见 BACKGROUND_COMMANDS）。"""
    (path,) = (_start("edition").wait() / "dist").glob("edition-*")
    return path


@pytest.fixture(scope="session")
def offline_zip() -> Path:
    """make offline 打出的离线包。"""
    (zip_path,) = (_start("offline_zip").wait() / "dist").glob("*.zip")
    return zip_path


# ---- 站点 -----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def site() -> Path:
    """构建好的 site/。没有构建过、或者内容和代码在构建之后改过（输入哈希不同），就等后台的重新构建。"""
    from handbook.site.build import is_current
    if not is_current(SITE):
        _start("site").wait()
    assert is_current(SITE), f"{SITE} 构建后仍与当前的输入不符（构建期间改了文件？）"
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """在 127.0.0.1 的随机端口上提供静态文件，退出时关闭。"""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        httpd.daemon_threads = True
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}"
        finally:
            httpd.shutdown()


@pytest.fixture(scope="session")
def base_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def nginx(site):
    """用 deploy/nginx/ 的同一份配置（含 CSP 响应头）起一个真实的 nginx。"""
    from handbook.site.deploy import run_nginx
    with run_nginx(site) as server:
        yield server.url


# ---- 浏览器 ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"没有 {CHROMIUM}：请先运行 make setup（安装 Debian 的 chromium）")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def sweep(browser, site, nginx):
    """在手机尺寸的 Chromium 里经 nginx（带 CSP）打开每一页一次，记下请求、CSP 违规、脚本错误和版面测量。
    外部请求、CSP、手机版面的测试都读这一次巡检的结果。"""
    from browsing import Sweep
    return Sweep.run(browser, site, nginx)
