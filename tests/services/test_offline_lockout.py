"""A badge locked by wrong PINs while the branch server is down stays locked when the branch is
back (the reference pull must not make it usable again), wrong PINs counted offline reach the
branch's count, a blacklist at the branch still wins, and a supervisor's unlock at the branch
after the offline lock wins. While the branch is known to be down, sign-in and screen unlock
do not wait for it, even on a network that silently drops its packets.

The branch is the real PostgreSQL server behind a socat port the test opens and closes
(tests/services/branch_door.py), or a port that takes connections and never answers; the core
is the real emulator process."""
import socket
import time
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from teller.domain.errors import BadgeBlacklisted, BadgeLocked, WrongPin
from teller.services.authorisation import LocalApproval
from teller.services.credentials import Credentials
from teller.store.database import make_engine
from teller.store.models import Badge, CachedBadge
from teller.sync.branch_link import branch_unreachable
from tests.services.test_branch_down_startup import (CASH_HEAD, RICH, TELLER, door, local_journal,  # noqa: F401
                                                     register, start, synced_once)

WRONG = ("000000", "000001", "000002")


def wrong_pin(uid: str, pin: str = "000000") -> Credentials:
    return Credentials(uid, pin)


def branch_badge(pg_url, uid=TELLER.badge_uid) -> tuple[str, int]:
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        row = conn.execute(select(Badge.status, Badge.failed_pins).where(Badge.uid == uid)).one()
    engine.dispose()
    return row.status, row.failed_pins


def cached_badge(ws, uid=TELLER.badge_uid) -> tuple[str, int]:
    with ws.ctx.workstation_db() as db:
        row = db.get(CachedBadge, uid)
        return row.status, row.failed_pins


def lock_out(ws, uid=TELLER.badge_uid) -> None:
    for pin in WRONG[:-1]:
        with pytest.raises(WrongPin):
            ws.sessions.check_credentials(wrong_pin(uid, pin))
    with pytest.raises(BadgeLocked):
        ws.sessions.check_credentials(wrong_pin(uid, WRONG[-1]))


def carried(report, uid=TELLER.badge_uid) -> str:
    return {c.uid: c.outcome for c in report.reference.carried}[uid]


def test_a_badge_locked_offline_stays_locked_after_the_branch_returns_and_the_next_pulls(
        synced_once, start, door, core_gateway, make_workstation, pg_url, clock):
    ws = start(core_gateway, door.url)  # the branch server is down
    lock_out(ws)
    lock = [e for e in local_journal(ws) if e.kind == "badge_locked"][-1]
    assert '"badge":"0A1B2C3D01"' in lock.payload and '"branch_offline":true' in lock.payload
    assert branch_badge(pg_url) == ("active", 0)  # the branch cannot know yet

    clock.advance(minutes=2)  # meanwhile one more wrong PIN at another workstation: not an unlock
    other = make_workstation(core_gateway, pg_url, "WS02")
    with pytest.raises(WrongPin):
        other.sessions.check_credentials(wrong_pin(TELLER.badge_uid))

    door.open()
    assert ws.link.reach()  # back, not caught up yet: the badge is checked on the copy here
    with pytest.raises(BadgeLocked):
        ws.sessions.sign_in(TELLER)
    report = ws.link.catch_up()
    assert report.online and carried(report) == "locked"
    assert branch_badge(pg_url)[0] == "locked"
    assert cached_badge(ws)[0] == "locked"
    with pytest.raises(BadgeLocked):  # the pull did not make it usable again
        ws.sessions.sign_in(TELLER)
    assert ws.link.catch_up().reference.carried == ()  # carried once; the next pull keeps it locked
    with pytest.raises(BadgeLocked):
        ws.sessions.sign_in(TELLER)
    with pytest.raises(BadgeLocked):  # and every other workstation refuses it too
        other.sessions.sign_in(TELLER)
    assert "T001" not in register(pg_url)

    ws.sessions.unlock_badge(CASH_HEAD, TELLER.badge_uid)  # only a supervisor unlocks it
    ws.link.catch_up()
    ws.sessions.sign_in(TELLER)


def test_a_badge_blacklisted_at_the_branch_stays_blacklisted(
        synced_once, start, door, core_gateway, make_workstation, pg_url, clock):
    ws = start(core_gateway, door.url)
    lock_out(ws)
    clock.advance(minutes=5)
    make_workstation(core_gateway, pg_url, "WS02").sessions.blacklist_badge(CASH_HEAD, TELLER.badge_uid)

    door.open()
    report = ws.link.catch_up()
    assert carried(report) == "blacklisted"
    assert branch_badge(pg_url)[0] == "blacklisted"
    with pytest.raises(BadgeBlacklisted):
        ws.sessions.sign_in(TELLER)


def test_a_supervisor_unlock_at_the_branch_after_the_offline_lock_wins(
        synced_once, start, door, core_gateway, make_workstation, pg_url, clock):
    ws = start(core_gateway, door.url)
    lock_out(ws)
    clock.advance(minutes=5)  # the teller goes to the cash head, who unlocks the badge at WS02
    make_workstation(core_gateway, pg_url, "WS02").sessions.unlock_badge(CASH_HEAD, TELLER.badge_uid)

    door.open()
    report = ws.link.catch_up()
    assert carried(report) == "unlocked_later"
    assert branch_badge(pg_url) == ("active", 0) and cached_badge(ws) == ("active", 0)
    ws.sessions.sign_in(TELLER)


def test_wrong_pins_counted_offline_reach_the_branch_count(
        synced_once, start, door, core_gateway, make_workstation, pg_url):
    ws = start(core_gateway, door.url)
    for pin in WRONG[:2]:
        with pytest.raises(WrongPin):
            ws.sessions.check_credentials(wrong_pin(TELLER.badge_uid, pin))

    door.open()
    assert carried(ws.link.catch_up()) == "counted"
    assert branch_badge(pg_url) == ("active", 2)
    with pytest.raises(BadgeLocked):  # one more wrong PIN anywhere locks it
        make_workstation(core_gateway, pg_url, "WS02").sessions.check_credentials(wrong_pin(TELLER.badge_uid))


def test_the_branch_count_and_the_offline_wrong_pins_lock_together_and_the_lock_is_journaled(
        synced_once, start, door, core_gateway, make_workstation, pg_url):
    other = make_workstation(core_gateway, pg_url, "WS02")
    with pytest.raises(WrongPin):  # one wrong PIN at WS02, which WS01's copy never saw
        other.sessions.check_credentials(wrong_pin(TELLER.badge_uid))
    ws = start(core_gateway, door.url)
    for pin in WRONG[:2]:  # two more at WS01, offline: WS01 alone would allow one more
        with pytest.raises(WrongPin):
            ws.sessions.check_credentials(wrong_pin(TELLER.badge_uid, pin))

    door.open()
    assert carried(ws.link.catch_up()) == "locked_on_return"
    assert branch_badge(pg_url) == ("locked", 3)
    lock = [e for e in local_journal(ws) if e.kind == "badge_locked"][-1]
    assert lock.teller_id == "T001" and '"wrong_pins_offline":2' in lock.payload
    with pytest.raises(BadgeLocked):
        ws.sessions.sign_in(TELLER)


def test_a_right_pin_offline_clears_the_count_the_branch_had(
        synced_once, start, door, core_gateway, pg_url):
    door.open()
    ws = start(core_gateway, door.url)
    with pytest.raises(WrongPin):
        ws.sessions.check_credentials(wrong_pin(TELLER.badge_uid))
    ws.link.catch_up()
    assert branch_badge(pg_url) == ("active", 1) and cached_badge(ws) == ("active", 1)
    door.close()
    ws.sessions.check_credentials(TELLER)  # the right PIN, offline

    door.open()
    assert carried(ws.link.catch_up()) == "counted"
    assert branch_badge(pg_url) == ("active", 0)


class SilentPort:
    """A port on this machine that takes connections and never answers: what the workstation
    sees when the network drops the branch server's packets. PostgreSQL's client waits for the
    server's first reply until its connect timeout."""

    def __init__(self, port: int = 0):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]

    def url(self, pg_url: str) -> str:
        return make_url(pg_url).set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def silent():
    ports = []

    def silent_(port: int = 0) -> SilentPort:
        ports.append(SilentPort(port))
        return ports[-1]

    yield silent_
    for port in ports:
        port.close()


def timed(action, *args):
    began = time.monotonic()
    result = action(*args)
    return result, time.monotonic() - began


def test_sign_in_and_unlock_do_not_wait_for_a_branch_that_drops_packets(
        synced_once, start, silent, core_gateway, pg_url):
    ws = start(core_gateway, silent().url(pg_url))  # start-up's one look pays the timeout
    assert ws.link.online is False
    assert timed(branch_unreachable, ws.branch_engine)[1] >= 1.5  # each try costs the connect timeout

    session, took = timed(ws.sessions.sign_in, TELLER)
    assert took < 0.5
    for action, args in ((ws.sessions.lock, (session,)), (ws.sessions.unlock, (session, TELLER.pin)),
                         (ws.sessions.require_active, (session,)), (ws.sessions.check_credentials, (CASH_HEAD,))):
        assert timed(action, *args)[1] < 0.5, action.__name__
    # the kept rules ask for the cash head here; the large-cash total counts this workstation's own
    need, took = timed(ws.cash.authorisation_need, session, "1002", RICH, Decimal("20000"))
    assert took < 0.5 and need.decision.outcome == "local"
    authoriser, took = timed(ws.authorisation.require, session, need, LocalApproval(CASH_HEAD))
    assert authoriser.staff_id == "S001" and took < 0.5  # logged in the journal, the branch log skipped
    assert not timed(ws.link.catch_up)[0].online  # only the catch-up tries the branch


def test_a_branch_gone_silent_costs_one_timeout_then_sign_in_and_unlock_are_fast_until_it_is_back(
        synced_once, start, door, silent, core_gateway, pg_url):
    door.open()
    ws = start(core_gateway, door.url)
    session = ws.sessions.sign_in(TELLER)
    door.close()
    drops = silent(door.port)  # the branch server's address now swallows packets

    assert timed(ws.sessions.lock, session)[1] >= 1.5  # the first call finds out the hard way
    assert ws.link.online is False
    assert timed(ws.sessions.unlock, session, TELLER.pin)[1] < 0.5
    assert timed(ws.sessions.require_active, session)[1] < 0.5
    assert timed(ws.sessions.sign_off, session)[1] < 0.5

    drops.close()
    door.open()
    report = ws.link.catch_up()
    assert report.online and report.came_back
    assert "T001" not in register(pg_url)  # the sign-off made meanwhile reached the branch
