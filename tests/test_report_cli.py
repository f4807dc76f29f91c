"""`teller-admin report …` as a supervisor runs it at the end of the day: PDF and CSV files of the
day's reports, refused to a teller."""
import csv
import io

from pypdf import PdfReader

from tests.test_cli import admin, home  # noqa: F401 - the CLI's data directory fixture


def test_day_reports_from_the_cli_as_pdf_and_csv(home, clock, core, tmp_path):  # noqa: F811
    from teller.config import load_settings
    from teller.services.workstation import build_workstation
    from teller.store.secrets import make_secret_store
    from teller.sync.core_client import HttpCoreGateway
    from tests.services.test_day_reports import a_day_at_the_counter

    assert admin(home, "demo", "seed").returncode == 0
    settings = load_settings(home)
    gateway = HttpCoreGateway(core.url)
    ws = build_workstation(settings, gateway, make_secret_store(settings.secrets, home), clock)
    try:
        ws.sessions.sign_off(a_day_at_the_counter(ws))
    finally:
        ws.close()
        gateway.close()
    day = clock.now().date().isoformat()
    pdf_path, csv_path = tmp_path / "daybook.pdf", tmp_path / "balances.csv"
    made = admin(home, "report", "day-book", "--date", day, "--out", str(pdf_path), "--supervisor-badge",
                 "0A1B2C3E01", stdin="900001\n")
    assert made.returncode == 0, made.stderr
    text = "".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    assert "现金收付日记簿" in text and "61,200.00" in text
    made = admin(home, "report", "balances", "--date", day, "--out", str(csv_path), "--supervisor-badge",
                 "0A1B2C3E01", stdin="900001\n")
    assert made.returncode == 0, made.stderr
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert rows[1][0] == "王芳 Wang Fang" and rows[1][-1] == "相符 yes"
    large = admin(home, "report", "large-cash", "--date", day, "--out", str(tmp_path / "large.csv"),
                  "--supervisor-badge", "0A1B2C3E01", stdin="900001\n")
    assert large.returncode == 0 and "60,000.00" in (tmp_path / "large.csv").read_text(encoding="utf-8-sig")

    refused = admin(home, "report", "handovers", "--date", day, "--out", str(tmp_path / "h.pdf"),
                    "--supervisor-badge", "0A1B2C3D02", stdin="222222\n")
    assert refused.returncode == 1 and "print the day's reports" in refused.stderr
    assert not (tmp_path / "h.pdf").exists()


def test_the_branch_manager_overrides_the_authorisation_rules_from_the_cli(home, tmp_path):  # noqa: F811
    from teller.config import load_settings
    from teller.services.policy_rules import load_policy
    from teller.services.workstation import build_workstation
    from teller.store.secrets import make_secret_store

    assert admin(home, "demo", "seed").returncode == 0
    rules = tmp_path / "rules.toml"
    rules.write_text("[operations.pin_unlock]\nlevel = 2\n", encoding="utf-8")
    refused = admin(home, "policy", "set", str(rules), "--manager-badge", "0A1B2C3E01", stdin="900001\n")
    assert refused.returncode == 1 and "change the authorisation rules" in refused.stderr  # a cash head may not
    changed = admin(home, "policy", "set", str(rules), "--manager-badge", "0A1B2C3F01", stdin="900003\n")
    assert changed.returncode == 0, changed.stderr
    rules.write_text("[operations.pin_unlock\nlevel = ", encoding="utf-8")
    broken = admin(home, "policy", "set", str(rules), "--manager-badge", "0A1B2C3F01", stdin="900003\n")
    assert broken.returncode == 1 and broken.stderr.startswith("error:")
    settings = load_settings(home)
    ws = build_workstation(settings, None, make_secret_store(settings.secrets, home))
    try:
        assert load_policy(ws.ctx).rules["operations"]["pin_unlock"]["level"] == 2  # the good override is in force
        with ws.ctx.workstation.reading() as unit:
            assert [e.kind for e in unit.journal.of_kinds(["policy_changed"])] == ["policy_changed"]
    finally:
        ws.close()
