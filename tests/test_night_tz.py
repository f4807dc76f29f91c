"""scripts/night_tz.sh picks the zone for CI's second pass: local time about 03:00 right now."""
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def local_hour_under(zone: str) -> int:
    probe = "import datetime; print(datetime.datetime.now().hour)"
    return int(subprocess.run([sys.executable, "-c", probe], env={"TZ": zone}, capture_output=True, text=True,
                              check=True).stdout)


@pytest.mark.parametrize("target", [0, 3, 12, 23])
def test_night_tz_puts_the_local_time_at_the_asked_hour(target):
    for _attempt in range(2):  # the UTC hour may turn between the script and the probe: once more
        utc_before = dt.datetime.now(dt.timezone.utc).hour
        zone = subprocess.run(["bash", str(ROOT / "scripts" / "night_tz.sh"), str(target)], capture_output=True,
                              text=True, check=True).stdout.strip()
        hour = local_hour_under(zone)
        if dt.datetime.now(dt.timezone.utc).hour == utc_before:
            break
    assert zone.startswith("Etc/GMT")
    assert hour == target, zone
