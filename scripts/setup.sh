#!/usr/bin/env bash
# 一次性准备：装齐 Debian 系统包，按 requirements.lock 建好 .venv。
# 幂等：已就绪时什么也不打印。make 的每个目标都先运行它。
set -euo pipefail
cd "$(dirname "$0")/.."

# 站点、PDF 和浏览器测试需要的 Debian 包
DEB_PACKAGES=(
  fonts-noto-cjk            # 思源（Noto CJK）SC 字形：PDF 与浏览器渲染中文
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0   # WeasyPrint 排版与字体子集化
  poppler-utils             # pdffonts / pdftotext：PDF 测试
  chromium                  # 浏览器测试（Playwright 驱动 /usr/bin/chromium）
  git                       # 修订日期、SOURCE_DATE_EPOCH
  python3-venv              # Debian 的 python3 -m venv 需要它（ensurepip）
  nginx-light               # 内网部署配置的实测
)

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# npm：离线包的 iframe-worker 垫片和无障碍测试的 axe-core 从 npm 仓库安装。
# 已有 npm（例如 NodeSource 的 nodejs 自带）就不装 Debian 的 npm 包，以免两者冲突
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "setup: 安装缺少的系统包：${missing[*]}"
  if ! command -v apt-get >/dev/null; then
    echo "setup: 错误：本机没有 apt-get，请手动安装以上软件包后重试。" >&2; exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=sudo
    else echo "setup: 错误：安装系统包需要 root 权限，请用 root 运行或执行：sudo apt-get install ${missing[*]}" >&2; exit 1; fi
  else SUDO=""; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm 包（iframe-worker、axe-core）：按 package-lock.json 装进 node_modules/。
# node_modules/.installed 记着锁文件的哈希，锁文件内容变了才重装（不比修改时间：git 检出会改时间）
npm_want=$(sha256sum package-lock.json | cut -c1-16)
if [ "$(cat node_modules/.installed 2>/dev/null)" != "$npm_want" ]; then
  echo "setup: 按 package-lock.json 安装 npm 包"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
  echo "$npm_want" > node_modules/.installed
fi

# Python 虚拟环境。.venv/.installed 记着建它时的锁文件、安装脚本和 Python 版本；
# 对不上、或者 .venv 是半成品（安装被打断、缺 pip、Python 不对）时整个重建，不在坏的上面修补。
PY=${PYTHON:-python3}
want=$( { cat requirements.lock scripts/make-venv.sh; "$PY" --version 2>&1; } | sha256sum | cut -c1-16)
healthy() {
  [ -f .venv/.installed ] && [ "$(cat .venv/.installed)" = "$want" ] &&
    .venv/bin/python -m pip --version >/dev/null 2>&1
}
if ! healthy; then
  if [ -e .venv ]; then echo "setup: .venv 不完整或已过期，重新建立"; else echo "setup: 创建虚拟环境 .venv"; fi
  echo "setup: 按 requirements.lock 安装 Python 依赖"
  bash scripts/make-venv.sh .venv
  # 项目包 scripts/handbook 以 .pth 加入路径（等同可编辑安装）。写相对路径：
  # 整个项目文件夹连同 .venv 复制或移走后，导入的仍是新位置的 scripts/，不会悄悄构建原来的文件夹。
  site_dir=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  realpath --relative-to="$site_dir" scripts > "$site_dir/handbook-src.pth"
  echo "$want" > .venv/.installed
fi
