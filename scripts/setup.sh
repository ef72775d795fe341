#!/usr/bin/env bash
# Set up eduplan on a Debian machine: system packages (when missing), the virtual
# environment at .venv with pinned Python dependencies, and the `eduplan` command.
#   scripts/setup.sh          what the demo needs (a CJK font for charts and reports)
#   scripts/setup.sh --test   also what the tests need (PostgreSQL server, chromium, poppler)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

say() { printf '\033[1m[eduplan 安装]\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@";
  elif command -v sudo >/dev/null 2>&1; then sudo "$@";
  else say "需要管理员权限安装系统软件包：$*"; exit 1; fi
}

apt_updated=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    say "缺少系统软件包 ${missing[*]}，且本机没有 apt-get，请手动安装。"; exit 1
  fi
  say "安装系统软件包：${missing[*]}"
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Python 3.11 or newer, with venv.
PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for cand in python3.13 python3.12 python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PYTHON=$(command -v "$cand"); break
    fi
  done
fi
if [ -z "$PYTHON" ]; then
  apt_install python3 python3-venv
  PYTHON=$(command -v python3)
fi
if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  apt_install python3-venv
fi

# System packages: a CJK font always; the test servers and browser for --test.
# The official-document fonts (GB/T 9704: 小标宋-style serif, 仿宋, 黑体, 楷体) come from Debian.
system=(fonts-wqy-microhei fontconfig fonts-noto-cjk fonts-noto-cjk-extra fonts-arphic-ukai
        fonts-arphic-uming fonts-cwtex-fs fonts-cwtex-heib fonts-cwtex-kai)
if [ $want_test = 1 ]; then
  # LibreOffice renders the .docx reports to PNG in the tests, and its Calc converts the CSV the
  # workbook readers are checked against; wrk drives the load benchmark.
  system+=(postgresql chromium poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui wrk)
fi
apt_install "${system[@]}"

# The virtual environment, reinstalled only when the dependency pins change.
extras=""
[ $want_test = 1 ] && extras="[dev]"
stamp=".venv/.eduplan-installed$extras"
digest=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ]; then
  say "创建虚拟环境 .venv（$("$PYTHON" --version)）"
  "$PYTHON" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  say "安装 Python 依赖（版本由 constraints.txt 锁定）"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e ".$extras"
  echo "$digest" > "$stamp"
fi
# Front-end assets (ECharts) from the npm registry, served by the app itself.
scripts/frontend.sh
say "完成：$(.venv/bin/eduplan --help >/dev/null && echo '.venv/bin/eduplan 可用')"
