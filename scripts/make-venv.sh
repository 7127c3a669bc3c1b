#!/usr/bin/env bash
# 按 requirements.lock 建一个全新的 Python 虚拟环境：make-venv.sh 目录 [pip 的附加参数…]
# setup.sh 用它建 .venv；scripts/check-lock.sh 用它在临时目录里证明锁文件能装上。
#
# 为什么 --no-deps：锁文件是完整的（uv 解析出的全部包，各有版本和哈希），不需要 pip 再解析依赖。
# pip 24 以前在哈希模式下处理带 extra 的依赖（如 weasyprint 要的 fonttools[woff]）有缺陷
# （pypa/pip#9644）：软件源一有更新的版本，它就要那个版本，又因没有哈希而拒绝，安装失败。
# Debian 和 pyenv 的 venv 自带的 pip 都早于 24。--no-deps 只装锁文件里写的，
# 与软件源上最新是什么无关；装完用 pip check 确认锁文件自洽（缺包或版本冲突都会失败）。
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$1; shift
PY=${PYTHON:-python3}

if ! "$PY" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 14)))' 2>/dev/null; then
  echo "setup: 错误：需要 Python 3.11–3.13，而 $PY 是 $("$PY" --version 2>&1)。可用 PYTHON=python3.11 make … 指定。" >&2
  exit 1
fi
rm -rf "$venv"
if ! "$PY" -m venv "$venv"; then
  echo "setup: 错误：$PY -m venv 失败。Debian 上请安装 python3-venv：apt-get install python3-venv" >&2
  exit 1
fi
# （过滤掉本机 pip 配置里不存在的本地镜像目录产生的无害警告）
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps --require-hashes \
  -r requirements.lock "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
"$venv/bin/python" -m pip check --disable-pip-version-check >/dev/null || {
  "$venv/bin/python" -m pip check --disable-pip-version-check >&2
  echo "setup: 错误：requirements.lock 不完整或有版本冲突（见上）。请运行 make lock 重新生成。" >&2
  exit 1
}
