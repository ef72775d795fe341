#!/usr/bin/env bash
# Install the web app's front-end assets from the npm registry (versions locked by
# package-lock.json) and copy them where the app serves them: nothing is loaded from a CDN,
# because government networks are often offline.
#   scripts/frontend.sh     installs Debian's nodejs and npm when node/npm are missing (root or sudo)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[eduplan 前端]\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@";
  elif command -v sudo >/dev/null 2>&1; then sudo "$@";
  else say "需要管理员权限安装系统软件包：$*"; exit 1; fi
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "缺少 node 和 npm，且本机没有 apt-get，请手动安装 Node.js。"; exit 1
  fi
  say "安装系统软件包：nodejs npm"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

vendor=src/eduplan/web/static/vendor
target="$vendor/echarts.min.js"
stamp="$vendor/.package-lock.sha256"
digest=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$target" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
  say "ECharts 已是锁定版本，跳过"
  exit 0
fi

say "安装前端依赖（npm ci，版本由 package-lock.json 锁定）"
npm ci --no-audit --no-fund --loglevel=error
mkdir -p "$vendor"
cp node_modules/echarts/dist/echarts.min.js "$target"
cp node_modules/echarts/LICENSE "$vendor/echarts.LICENSE.txt"
echo "$digest" > "$stamp"
say "完成：$target（ECharts $(node -p "require('./node_modules/echarts/package.json').version")）"
