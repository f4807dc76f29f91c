#!/usr/bin/env bash
# Sets up a fresh Debian machine for the teller workstation: the system
# packages the program and its tests need (only those missing), a virtual
# environment in .venv, and the project installed into it with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  swig libpcsclite-dev          # to build pyscard
  pcscd vsmartcard-vpcd         # PC/SC daemon and the virtual reader driver (card tests)
  socat                         # serial pty pairs (badge reader tests)
  xvfb xauth                    # a virtual screen for the desktop program
  fonts-noto-cjk                # Chinese in the Qt window
  fonts-wqy-zenhei              # TrueType Chinese font embedded in PDF receipts
  poppler-utils                 # pdftoppm/pdftotext to check receipts
  tzdata                        # Etc/GMT±N zones: CI's second pass runs the suite at 03:00 local
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4
  libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0
  libxcb-image0 libdbus-1-3 libfontconfig1
)

missing=()
for p in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e '.[test]'
  rm -f .venv/.installed-*; touch "$stamp"
fi
