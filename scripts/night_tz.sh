#!/usr/bin/env bash
# Prints a time zone (Etc/GMT±N) in which the local time is now about HOUR:xx (default 03:00),
# chosen from the current UTC hour. CI runs the whole suite a second time under it
# (`TZ=$(bash scripts/night_tz.sh) bash scripts/test.sh`), so that a test or benchmark that reads
# the machine's time of day instead of an injected clock fails every night, not only at night.
set -euo pipefail
target=${1:-3}
utc_hour=$((10#$(date -u +%H)))
offset=$(( ((target - utc_hour + 12) % 24 + 24) % 24 - 12 ))   # -12 .. +11 hours from UTC
if (( offset >= 0 )); then zone="Etc/GMT-$offset"; else zone="Etc/GMT+$(( -offset ))"; fi  # POSIX signs are reversed
local_hour=$((10#$(TZ="$zone" date +%H)))
if (( local_hour != target )); then
  # no tzdata: glibc would silently fall back to UTC and the second pass would prove nothing
  echo "night_tz: $zone gives local hour $local_hour, not $target (is tzdata installed?)" >&2
  exit 1
fi
echo "$zone"
