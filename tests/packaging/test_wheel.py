"""The project installs: `python -m build` makes an sdist and, from it, a wheel; the wheel goes
into a fresh virtual environment (no system site-packages, no source tree on the path, run from
an empty directory) and the installed programs work — the desktop program starts to its sign-in
screen offscreen with the demo branch (migrations, translations, form layouts and configuration
all from inside the wheel), and `teller-admin journal verify` checks the journal it wrote.
Slow (a few minutes: the build and pip install; pip's cache keeps it off the network mostly),
and part of the suite, so CI runs it."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "wheel-test-only-not-a-secret"

PROBE = """
import json, sys
import teller, widgets, devices, printing, resources
from importlib import resources as r
from printing.forms import load_layout
from teller.config import load_settings
print(json.dumps({
    "modules": [m.__file__ for m in (teller, widgets, devices, printing, resources)],
    "qm": r.files("resources").joinpath("i18n/teller_zh_CN.qm").is_file(),
    "forms": sorted(load_layout(n).__class__.__name__ for n in ("deposit_slip", "withdrawal_slip", "passbook")),
    "migrations": sorted(p.name for p in (r.files("teller.store") / "migrations" / "workstation" / "versions").iterdir()
                         if p.name.endswith(".py")),
    "workstation": load_settings(None).workstation_id,
}))
"""

SIGN_IN = """
from pathlib import Path
from teller.config import load_settings
from teller.services.credentials import Credentials
from teller.services.workstation import build_workstation
from teller.store.secrets import make_secret_store
settings = load_settings(None)
ws = build_workstation(settings, None, make_secret_store(settings.secrets, settings.home))
session = ws.sessions.sign_in(Credentials("0A1B2C3D01", "111111"))
ws.sessions.sign_off(session)
ws.close()
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the project installed from its wheel only."""
    tmp = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp / "dist"), str(ROOT)],
                           capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    [wheel] = (tmp / "dist").glob("teller_workstation-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    assert "include-system-site-packages = false" in (venv / "pyvenv.cfg").read_text()
    pip = subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True,
                         timeout=1800)
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    run_dir = tmp / "elsewhere"  # not the source tree: nothing can be imported from there
    run_dir.mkdir()
    home = tmp / "home"
    home.mkdir()
    (home / "config.toml").write_text('[secrets]\nbackend = "encrypted-file"\n', encoding="utf-8")
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "PYTHONHOME", "PYTHON_KEYRING_BACKEND", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", TELLER_HOME=str(home), TELLER_KEYRING_PASSWORD=PASSWORD,
               PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    return venv, run_dir, env


def run(installed, *args, timeout=300):
    venv, run_dir, env = installed
    return subprocess.run(args, cwd=run_dir, env=env, capture_output=True, text=True, timeout=timeout)


def test_the_wheel_carries_resources_migrations_translations_and_forms(installed):
    venv = installed[0]
    done = run(installed, str(venv / "bin" / "python"), "-c", PROBE)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout)
    site = str(venv / "lib")
    assert all(path.startswith(site) for path in found["modules"]), found["modules"]
    assert found["qm"] and found["workstation"] == "WS01"
    assert len(found["forms"]) == 3
    shipped = sorted(p.name for p in (ROOT / "teller/store/migrations/workstation/versions").glob("*.py"))
    assert found["migrations"] == shipped


def test_the_installed_programs_start_and_verify_the_journal(installed):
    venv = installed[0]
    # cold start of the desktop program to the sign-in screen, demo branch, offscreen
    started = run(installed, str(venv / "bin" / "teller-workstation"), "--demo", "--measure-startup", timeout=300)
    assert started.returncode == 0, started.stdout[-2000:] + started.stderr[-3000:]
    seconds = float(started.stdout.strip().splitlines()[-1])
    assert 0 < seconds < 120
    # a sign-in and a sign-off at the demo branch the program set up: journal entries
    signed = run(installed, str(venv / "bin" / "python"), "-c", SIGN_IN)
    assert signed.returncode == 0, signed.stderr[-3000:]
    verified = run(installed, str(venv / "bin" / "teller-admin"), "journal", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr[-3000:]
    entries = re.search(r"(\d+) entries, chain intact", verified.stdout)
    assert entries and int(entries.group(1)) >= 2, verified.stdout  # the sign-in and the sign-off at least
