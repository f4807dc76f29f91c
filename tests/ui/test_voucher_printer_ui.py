"""With a real ESC/P voucher printer (on TCP port 9100 style, here a local peer), a deposit
prints the deposit slip; with the printer switched off the voucher waits in the persistent
queue, the teller is told, and it prints once the printer is back."""
from tests.printing.printer_peers import wait_for
from tests.ui.test_cash_teller_window import RICH, open_till, post, sign_in, wait_idle


def test_deposit_slip_prints_and_waits_while_the_printer_is_off(qtbot, window, escp_printer):
    peer = escp_printer
    sign_in(qtbot, window)
    open_till(qtbot, window, {"N10000": 10})
    with qtbot.waitSignal(window.print_queue_pumped, timeout=15000) as pumped:
        post(qtbot, window, "1001", RICH, "200", {"N10000": 2})
    assert pumped.args[0].printed and not pumped.args[0].waiting
    wait_for(lambda: b"200.00" in peer.received(), what="the slip at the printer")
    assert "人民币贰佰元整".encode("gb18030") in peer.received()
    assert RICH.encode() not in peer.received()  # the account is masked on the slip too

    peer.stop()
    with qtbot.waitSignal(window.print_queue_pumped, timeout=15000) as pumped:
        post(qtbot, window, "1001", RICH, "300", {"N10000": 3})
    assert pumped.args[0].waiting == 1 and pumped.args[0].error
    assert "waits in the print queue" in window.workspace.form.message.text()

    peer.start()
    wait_idle(qtbot, window)
    with qtbot.waitSignal(window.print_queue_pumped, timeout=15000) as pumped:
        window._on_outbox_timer_timeout()
    assert pumped.args[0].printed and not pumped.args[0].waiting
    wait_for(lambda: b"300.00" in peer.received(), what="the waiting slip")
    assert peer.received().count(b"300.00") == 1
