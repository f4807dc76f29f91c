"""The main window starts while the branch store cannot be reached: the status bar says so from
the first second and a teller signs in from the copy kept on the workstation; a workstation
that never synced says why it cannot start instead of failing with a trace."""
import pytest

from tests.ui.test_cash_teller_window import sign_in

OFFLINE = "Branch: OFFLINE (journal kept here)"


@pytest.fixture
def start_window(qtbot, teller_home, clock, core_gateway, tmp_path):
    """The real main window on WS01 with the branch store on a share that is not mounted."""
    from devices.printer.simulated import SimulatedVoucherPrinter
    from teller.config import load_settings
    from teller.services.demo import DEMO_STAFF
    from teller.services.workstation import build_workstation
    from teller.store.secrets import KeyringSecretStore
    from widgets.main_window import MainWindow

    built = []

    def bootstrap():
        settings = load_settings(teller_home, {"workstation": {"id": "WS01"}})
        ws = build_workstation(settings, core_gateway, KeyringSecretStore(), clock,
                               branch_url=f"sqlite:///{tmp_path / 'not-mounted' / 'branch.sqlite'}")
        built.append(ws)
        return ws, SimulatedVoucherPrinter(tmp_path / "printed")

    def start():
        win = MainWindow(bootstrap, language="en", demo_badges=[(p.name, p.badge) for p in DEMO_STAFF],
                         show_previews=False)
        qtbot.addWidget(win)
        return win

    yield start
    for ws in built:
        ws.close()


def test_the_window_starts_with_the_branch_offline_and_a_teller_signs_in(qtbot, make_workstation, core_gateway,
                                                                          tmp_path, start_window):
    synced = make_workstation(core_gateway, f"sqlite:///{tmp_path / 'branch.sqlite'}", "WS01")
    synced.link.catch_up()  # this workstation copied the branch's staff, badges and rules once
    synced.close()

    win = start_window()
    at_ready = []
    win.ready.connect(lambda: at_ready.append((win.branch_label.text(), win.statusBar().currentMessage())))
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.show()
    label, message = at_ready[0]  # as the sign-in screen became usable, before any later check
    assert label == OFFLINE and "cannot be reached" in message and "copy kept here" in message
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    sign_in(qtbot, win)
    assert win.session is not None and win.session.teller_id == "T001"
    assert win.stack.currentWidget() is win.workspace
    assert win.branch_label.text() == OFFLINE
    win.runner.wait()


def test_a_workstation_that_never_synced_says_why_it_cannot_start(qtbot, start_window):
    win = start_window()
    win.show()
    page = win.sign_in_page
    qtbot.waitUntil(lambda: "could not start" in page.message.text(), timeout=10000)
    assert "never copied the branch's staff, badges and authorisation rules" in page.message.text()
    assert "Traceback" not in page.message.text() and not page.button.isEnabled()
    win.runner.wait()
