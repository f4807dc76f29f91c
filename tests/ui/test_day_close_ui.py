"""The end-of-day tab (日终) of the supervisor's workspace: the checklist names what blocks the
close, and the day's reports print to the document printer."""
from decimal import Decimal

from pypdf import PdfReader

from tests.services.test_review import CASH_HEAD, RICH, TELLER, cash
from tests.ui.test_cash_teller_window import sign_in, wait_idle
from widgets.day_close_tab import DayCloseTab


def cells(table):
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_checklist_names_the_open_till_and_the_day_book_prints(qtbot, window, tmp_path):
    ws = window.services
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, cash(ws, N10000=100), TELLER, CASH_HEAD)
    ws.cash.post(session, "1001", RICH, Decimal("1200"), cash(ws, N10000=12))
    ws.sessions.sign_off(session)
    assert ws.replicator.push().ok

    sign_in(qtbot, window, badge="0A1B2C3F01", pin="900003")  # 周建国, branch manager
    desk = window.workspace
    tab = desk.day_close
    assert isinstance(tab, DayCloseTab)
    desk.tabs.setCurrentWidget(tab)
    wait_idle(qtbot, window)
    rows = {row[0]: row[1:] for row in cells(tab.table)}
    assert rows["Every till closed 尾箱入库"] == ["open ✗", "王芳 Wang Fang's till (WS01) is open"]
    assert rows["Every teller signed off 柜员签退"] == ["done ✓", ""]
    assert rows["Every posting reviewed 复核完毕"] == ["open ✗", "1 posting(s) wait for review"]
    assert tab.verdict.text().startswith("The day cannot close yet")

    tab.report_buttons["day-book"].click()
    wait_idle(qtbot, window)
    [printed] = (tmp_path / "printed").glob("day-book-*.pdf")
    text = "".join(page.extract_text() for page in PdfReader(printed).pages)
    assert "现金收付日记簿" in text and "1,200.00" in text
