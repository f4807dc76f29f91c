#!/usr/bin/env bash
# Runs the whole test suite: sets up what is missing first (scripts/setup.sh), starts the
# PostgreSQL test server if it is installed but stopped, then pytest with the Qt tests offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
