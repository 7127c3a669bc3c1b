"""内网部署：由 deploy/nginx/ 的模板生成 nginx 配置，并能在本机起一个独立的 nginx（测试和基准用）。

模板里的占位符写作 ${HANDBOOK_名称}。内容安全策略（CSP）不写死：Material 在每页放了几段内联脚本
（内容随页面深度不同），这里逐页读出全部内联脚本和 <style> 算 sha256，只放行这些内联代码。
"""
from __future__ import annotations

import argparse
import base64
import contextlib
import getpass
import hashlib
import re
import socket
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from .. import ROOT

TEMPLATES = ROOT / "deploy" / "nginx"
SITE_CONF = "jiguan-dangjian-kb.conf"
STANDALONE_CONF = "standalone.conf"
NGINX = "/usr/sbin/nginx"
_PLACEHOLDER = re.compile(r"\$\{(HANDBOOK_[A-Z_]+)\}")
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def fill(template_name: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / template_name).read_text(encoding="utf-8")
    unknown = sorted(set(_PLACEHOLDER.findall(text)) - set(values))
    if unknown:
        raise ValueError(f"deploy/nginx/{template_name}: 没有给出占位符 {'、'.join(unknown)} 的值")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


# ---- 内容安全策略 ------------------------------------------------------------------
class _InlineCode(HTMLParser):
    """收集一页里浏览器会执行或应用的内联代码：<script>、<style>、onclick="…" 等事件属性。"""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: set[str] = set()
        self.handlers: set[str] = set()
        self.styles: set[str] = set()
        self._open: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on") and value:
                self.handlers.add(value)
        if tag == "script" and "src" not in attrs and (attrs.get("type") or "").lower() in _JS_TYPES:
            self._open, self._text = "script", []
        elif tag == "style":
            self._open, self._text = "style", []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        # 与浏览器一样按元素的原始文本计算哈希
        if self._open == tag:
            (self.scripts if tag == "script" else self.styles).add("".join(self._text))
            self._open = None


def _hashes(texts: set[str]) -> list[str]:
    return sorted(f"'sha256-{base64.b64encode(hashlib.sha256(t.encode('utf-8')).digest()).decode()}'"
                  for t in texts)


def csp(site: Path) -> str:
    code = _InlineCode()
    for page in sorted(site.rglob("*.html")):
        code.feed(page.read_text(encoding="utf-8"))
        code.close()
        code.reset()
    script = ["'self'", *_hashes(code.scripts)]
    if code.handlers:
        script += ["'unsafe-hashes'", *_hashes(code.handlers)]
    policy = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(script),
        # style 属性（表格对齐、表单列宽，上百种取值）放行，逐个算哈希会让响应头超过 nginx 的长度上限；
        # style 属性不能执行脚本，图片等外部地址另有 img-src 限制。<style> 元素仍只认本站文件和哈希。
        "style-src 'self' 'unsafe-inline'",
        "style-src-elem " + " ".join(["'self'", *_hashes(code.styles)]),
        # Material 的图标写在 CSS 里，是 data: 形式的 SVG
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",          # 搜索 worker 读取 search_index.json
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])
    # nginx 配置里一个参数最长 4096 字节
    if len(policy) > 3500:
        raise ValueError(f"内容安全策略太长（{len(policy)} 字节）：页面里的内联脚本种类太多，请改成 docs/javascripts/ 下的文件")
    return policy


def site_config(site: Path, root: str, listen: str) -> str:
    return fill(SITE_CONF, {"HANDBOOK_ROOT": root, "HANDBOOK_LISTEN": listen, "HANDBOOK_CSP": csp(site)})


# ---- 本机独立运行的 nginx -----------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server(NamedTuple):
    url: str            # http://127.0.0.1:端口
    access_log: Path    # 每行：… "GET /路径 HTTP/1.1" 状态 发出字节数 …


@contextlib.contextmanager
def run_nginx(site: Path):
    """在 127.0.0.1 的随机端口上以当前用户前台运行 nginx（配置、日志、pid 都在临时目录），退出时结束它。"""
    if not Path(NGINX).exists():
        raise RuntimeError(f"没有 {NGINX}：请先运行 make setup（安装 Debian 的 nginx-light）")
    with tempfile.TemporaryDirectory(prefix="nginx-") as tmp:
        prefix = Path(tmp)
        (prefix / "tmp").mkdir()
        port = _free_port()
        (prefix / SITE_CONF).write_text(site_config(site, str(site.resolve()), f"127.0.0.1:{port}"), encoding="utf-8")
        (prefix / "nginx.conf").write_text(
            fill(STANDALONE_CONF, {"HANDBOOK_PREFIX": str(prefix), "HANDBOOK_USER": getpass.getuser()}),
            encoding="utf-8")
        proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                                 "-e", str(prefix / "error.log")],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while True:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = (prefix / "error.log").read_text(encoding="utf-8", errors="replace")
                    raise RuntimeError(f"nginx 没有启动：\n{log}")
                time.sleep(0.05)
            yield Server(f"http://127.0.0.1:{port}", prefix / "access.log")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# ---- 命令行：make nginx ---------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook.site.deploy", description="生成 nginx 站点配置")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="构建好的站点（默认 site/）")
    parser.add_argument("--root", default="/srv/jiguan-dangjian-kb", help="服务器上站点文件所在目录")
    parser.add_argument("--listen", default="80", help="nginx 的 listen 参数，如 80 或 10.0.0.5:8080")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "dist" / "nginx" / SITE_CONF)
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"错误：{args.site} 里没有构建好的站点，请先运行 make site", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(site_config(args.site, args.root, args.listen), encoding="utf-8")
    print(f"nginx 配置已生成：{args.output}（站点目录 {args.root}，listen {args.listen}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
