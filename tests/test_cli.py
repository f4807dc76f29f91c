"""teller-admin as an administrator runs it: separate processes on a real data directory."""
import subprocess
import sys

import pytest

PASSWORD_ENV = "TELLER_KEYRING_PASSWORD"


@pytest.fixture
def home(teller_home, monkeypatch):
    (teller_home / "config.toml").write_text('[secrets]\nbackend = "encrypted-file"\n', encoding="utf-8")
    monkeypatch.setenv(PASSWORD_ENV, "cli test password")
    return teller_home


def admin(home, *args, stdin=""):
    return subprocess.run([sys.executable, "-m", "teller.cli", "--home", str(home), *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_enrol_staff_and_badge_then_sign_in(home, clock):
    result = admin(home, "staff", "add", "--id", "t010", "--name", "新柜员 New Teller", "--roles",
                   "cash_teller", "--badge", "00aa11bb22", stdin="135790\n")
    assert result.returncode == 0, result.stderr
    assert "T010" in result.stdout and "00AA11BB22" in result.stdout

    from teller.config import load_settings
    from teller.services.credentials import Credentials
    from teller.services.workstation import build_workstation
    from teller.store.secrets import make_secret_store

    settings = load_settings(home)
    ws = build_workstation(settings, None, make_secret_store(settings.secrets, home), clock)
    try:
        assert ws.sessions.sign_in(Credentials("00AA11BB22", "135790")).teller_id == "T010"
    finally:
        ws.close()


@pytest.mark.parametrize("args, stdin, message", [
    (["staff", "add", "--id", "T011", "--name", "x", "--roles", "cashier"], "135790\n", "Unknown role"),
    (["staff", "add", "--id", "T011", "--name", "x", "--roles", "cash_teller"], "12ab\n", "six digits"),
    (["staff", "add", "--id", "T011", "--name", "x", "--roles", "cash_teller", "--badge", "XYZ"], "135790\n",
     "10 hexadecimal"),
    (["badge", "enrol", "0011223344", "--staff", "NOBODY"], "", "No staff member"),
])
def test_bad_enrolment_input_is_refused_with_a_reason(home, args, stdin, message):
    result = admin(home, *args, stdin=stdin)
    assert result.returncode == 1 and message in result.stderr


def test_supervisor_unlocks_a_locked_badge_from_the_cli(home, clock):
    from teller.config import load_settings
    from teller.domain.errors import BadgeLocked, WrongPin
    from teller.services.credentials import Credentials
    from teller.services.workstation import build_workstation
    from teller.store.secrets import make_secret_store

    assert admin(home, "demo", "seed").returncode == 0
    settings = load_settings(home)
    ws = build_workstation(settings, None, make_secret_store(settings.secrets, home), clock)
    try:
        for pin in ("000000", "000001", "000002"):
            with pytest.raises((WrongPin, BadgeLocked)):
                ws.sessions.sign_in(Credentials("0A1B2C3D01", pin))
        wrong = admin(home, "badge", "unlock", "0A1B2C3D01", "--supervisor-badge", "0A1B2C3E01", stdin="999999\n")
        assert wrong.returncode == 1 and "Wrong PIN" in wrong.stderr
        ok = admin(home, "badge", "unlock", "0A1B2C3D01", "--supervisor-badge", "0A1B2C3E01", stdin="900001\n")
        assert ok.returncode == 0, ok.stderr
        assert ws.sessions.sign_in(Credentials("0A1B2C3D01", "111111")).teller_id == "T001"
    finally:
        ws.close()


def test_core_serve_runs_the_emulator_as_its_own_process(home, tmp_path):
    import socket

    from teller.sync.core_client import HttpCoreGateway

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "teller.cli", "--home", str(home), "core", "serve",
                             "--port", str(port), "--demo"], stdout=subprocess.PIPE, text=True)
    try:
        assert f"127.0.0.1:{port}" in proc.stdout.readline()
        with HttpCoreGateway(f"http://127.0.0.1:{port}") as core:
            assert core.get_account("44010001000000017").name.startswith("张伟")
    finally:
        proc.terminate()
        proc.wait(10)


def test_core_serve_runs_the_emulators_clock_at_the_given_offset(home, tmp_path):
    import datetime as dt
    import socket

    from teller.sync.core_client import HttpCoreGateway

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "teller.cli", "--home", str(home), "core", "serve",
                             "--port", str(port), "--db", str(tmp_path / "core.sqlite"), "--clock-offset", "-7200"],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert f"127.0.0.1:{port}" in proc.stdout.readline()
        with HttpCoreGateway(f"http://127.0.0.1:{port}") as core:
            behind = dt.datetime.now(dt.timezone.utc) - dt.datetime.fromisoformat(core.core_time())
        assert abs(behind - dt.timedelta(hours=2)) < dt.timedelta(seconds=30)
    finally:
        proc.terminate()
        proc.wait(10)


def test_sync_pushes_the_journal_and_verifies_the_branch_copy(home, clock):
    from teller.config import load_settings
    from teller.services.credentials import Credentials
    from teller.services.workstation import build_workstation
    from teller.store.secrets import make_secret_store

    assert admin(home, "demo", "seed").returncode == 0
    settings = load_settings(home)
    ws = build_workstation(settings, None, make_secret_store(settings.secrets, home), clock)
    try:
        ws.sessions.sign_in(Credentials("0A1B2C3D01", "111111"))
    finally:
        ws.close()
    pushed = admin(home, "sync", "push")
    assert pushed.returncode == 0 and "1 sent" in pushed.stdout, pushed.stdout + pushed.stderr
    again = admin(home, "sync", "push")
    assert again.returncode == 0 and "0 sent" in again.stdout
    verified = admin(home, "sync", "verify")
    assert verified.returncode == 0 and "1 entries, chain intact" in verified.stdout
    assert admin(home, "sync", "problems").returncode == 0


def test_custody_register_and_list_from_the_cli(home):
    assert admin(home, "demo", "seed").returncode == 0
    listed = admin(home, "custody", "list")
    assert listed.returncode == 0 and "现金清讫章" in listed.stdout and "OUT" not in listed.stdout
    # the non-cash head registers a new seal kept by teller T002 (both PINs, in that order)
    made = admin(home, "custody", "register", "seal", "储蓄专用章", "--supervisor-badge", "0A1B2C3E02",
                 "--keeper-badge", "0A1B2C3D02", stdin="900002\n222222\n")
    assert made.returncode == 0, made.stderr
    assert "kept by T002" in made.stdout
    listed = admin(home, "custody", "list")  # a new item is with its keeper, not yet in the vault box
    assert listed.returncode == 2 and "储蓄专用章" in listed.stderr
    # a cash teller may not register items; the keeper of the blank voucher box may not take a seal
    refused = admin(home, "custody", "register", "seal", "其他章", "--supervisor-badge", "0A1B2C3D01",
                    stdin="111111\n")
    assert refused.returncode == 1 and "register seals" in refused.stderr
    conflict = admin(home, "custody", "register", "seal", "另一章", "--supervisor-badge", "0A1B2C3E02",
                     stdin="900002\n")
    assert conflict.returncode == 1 and "different keepers" in conflict.stderr


def test_staff_add_needs_the_branch_manager_once_the_branch_has_staff(home):
    assert admin(home, "demo", "seed").returncode == 0
    manager = ["staff", "add", "--id", "M009", "--name", "假主任 Fake manager", "--roles", "branch_manager",
               "--badge", "0A1B2C3F09"]
    alone = admin(home, *manager, stdin="246810\n")
    assert alone.returncode == 1 and "branch manager" in alone.stderr
    wrong = admin(home, *manager, "--manager-badge", "0A1B2C3E01", "--second-badge", "0A1B2C3E02",
                  stdin="246810\n900001\n900002\n")  # a cash head is not the branch manager
    assert wrong.returncode == 1, wrong.stdout
    ok = admin(home, *manager, "--manager-badge", "0A1B2C3F01", "--second-badge", "0A1B2C3E01",
               stdin="246810\n900003\n900001\n")
    assert ok.returncode == 0, ok.stderr
    assert "authorised by M001 and S001" in ok.stdout
    register = admin(home, "staff", "changes")
    assert "enrolled" in register.stdout and "M009" in register.stdout and "M001 + S001" in register.stdout


def test_unlock_refuses_a_blacklisted_badge_and_reinstate_needs_a_reason(home):
    assert admin(home, "demo", "seed").returncode == 0
    unlock = admin(home, "badge", "unlock", "0A1B2C3D99", "--supervisor-badge", "0A1B2C3E01", stdin="900001\n")
    assert unlock.returncode == 1 and "blacklisted" in unlock.stderr
    no_reason = admin(home, "badge", "reinstate", "0A1B2C3D99", "--supervisor-badge", "0A1B2C3F01", stdin="900003\n")
    assert no_reason.returncode == 1 and "reason" in no_reason.stderr
    ok = admin(home, "badge", "reinstate", "0A1B2C3D99", "--supervisor-badge", "0A1B2C3F01", "--reason", "found",
               stdin="900003\n")
    assert ok.returncode == 0, ok.stderr


def test_journal_verify_never_creates_a_key_and_names_an_unknown_workstation(home, clock):
    from teller.config import load_settings
    from teller.services.workstation import build_workstation
    from teller.store.secrets import make_secret_store

    assert admin(home, "demo", "seed").returncode == 0
    settings = load_settings(home)
    build_workstation(settings, None, make_secret_store(settings.secrets, home), clock).close()
    unknown = admin(home, "journal", "verify", "--workstation", "WS09")
    assert unknown.returncode == 2 and "WS09" in unknown.stderr and "intact" not in unknown.stdout
    assert make_secret_store(settings.secrets, home).get_secret("journal-mac-WS09") is None


def test_journal_verify_with_a_wrong_keyring_password_says_so(home, clock, monkeypatch):
    from teller.config import load_settings
    from teller.services.workstation import build_workstation
    from teller.store.secrets import make_secret_store

    settings = load_settings(home)
    build_workstation(settings, None, make_secret_store(settings.secrets, home), clock).close()
    monkeypatch.setenv(PASSWORD_ENV, "not the password")
    result = admin(home, "journal", "verify")
    assert result.returncode == 1 and "password" in result.stderr and "Traceback" not in result.stderr
