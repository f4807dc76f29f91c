#!/usr/bin/env bash
# Refreshes the zh_CN translation from the source (lupdate) and compiles it (lrelease).
# New strings arrive unfinished: translate them in Qt Linguist (pyside6-linguist), then run again.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pyside6-lupdate widgets/*.py -ts resources/i18n/teller_zh_CN.ts -target-language zh_CN -no-obsolete
.venv/bin/pyside6-lrelease resources/i18n/teller_zh_CN.ts -qm resources/i18n/teller_zh_CN.qm
