#!/usr/bin/env bash
# Sets up what is missing (scripts/setup.sh) and starts the desktop program on its embedded
# defaults with the demo branch: SQLite branch store, bundled core emulator with demo accounts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export TELLER_HOME="${TELLER_HOME:-$PWD/.teller-home}"
# The demo keeps its journal key in the encrypted-file keyring; this password is for the demo only.
export TELLER_KEYRING_PASSWORD="${TELLER_KEYRING_PASSWORD:-demo-only-not-a-secret}"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: starting on a virtual screen (Xvfb)."
  exec xvfb-run -a .venv/bin/teller-workstation --demo "$@"
fi
exec .venv/bin/teller-workstation --demo "$@"
