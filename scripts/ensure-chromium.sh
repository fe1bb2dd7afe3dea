#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (no browser downloads). Installs it when it is
# missing and this machine can (root with apt-get); otherwise says how, and fails.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing: installing Debian's chromium package for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at $chromium_path: install it (sudo apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 1
