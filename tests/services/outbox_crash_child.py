"""Posts a burst of cash deposits (and some withdrawals) at workstation WS01 in HOME against the
core at URL, as a separate process the crash test SIGKILLs at a random point.

usage: python -m tests.services.outbox_crash_child HOME URL COUNT CLOCK
(the keyring is the encrypted file in HOME; its password comes from TELLER_KEYRING_PASSWORD;
CLOCK is the parent's `ShiftedClock.spec()`: the child posts on the test's clock, never on the
machine's time of day, which outside business hours would make every posting ask for the
branch manager)
"""
import sys
from decimal import Decimal
from pathlib import Path

from teller.config import load_settings
from teller.domain.denominations import Breakdown
from teller.services.credentials import Credentials
from teller.services.workstation import build_workstation
from teller.store.secrets import make_secret_store
from teller.sync.core_client import HttpCoreGateway
from tests.clocks import ShiftedClock

TELLER = Credentials("0A1B2C3D01", "111111")
ACCOUNTS = ("44010001000000017", "44010001000000033", "44010001000000066")


def main(home: str, url: str, count: str, clock: str) -> None:
    settings = load_settings(Path(home))
    ws = build_workstation(settings, HttpCoreGateway(url, connect_timeout=1.0, read_timeout=2.0),
                           make_secret_store(settings.secrets, Path(home)), ShiftedClock.from_spec(clock))
    session = ws.sessions.sign_in(TELLER)
    print("ready", flush=True)
    for n in range(int(count)):
        account = ACCOUNTS[n % len(ACCOUNTS)]
        if n % 5 == 4:
            cash = Breakdown({"N10000": 1}, settings.denominations)
            ws.cash.post(session, "1002", account, Decimal("100"), cash)
        else:
            cash = Breakdown({"N10000": 1, "N100": n % 7}, settings.denominations)
            ws.cash.post(session, "1001", account, Decimal(100 + n % 7), cash)
    print("done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
