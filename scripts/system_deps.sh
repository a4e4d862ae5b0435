#!/usr/bin/env bash
# Debian packages for chart images (kaleido needs Chrome) and CJK/emoji glyphs.
# Installs them only when running as root and they are missing; otherwise says what is missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
for pkg in fonts-noto-cjk fonts-noto-color-emoji; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "warning: missing Debian packages (${need[*]}); chart images and browser tests need them." >&2
  echo "         install with: sudo apt-get install -y ${need[*]}" >&2
fi
