#!/usr/bin/env bash
# 证明 requirements.lock 在全新机器上装得上：用系统 Python 自带的 pip（不升级、不用缓存）
# 在临时目录里建虚拟环境，按 setup 的同一条命令安装，再 pip check。CI 在 make test 之前运行它。
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash scripts/make-venv.sh "$tmp/venv" --no-cache-dir
echo "check-lock: requirements.lock 用 $("$tmp/venv/bin/python" -m pip --version | cut -d' ' -f1-2) 安装成功，pip check 通过"
