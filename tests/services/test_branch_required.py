"""Work that exists only at the branch (the custody register, review of postings) says so when
the branch server is down, instead of a database error: the person learns what waits for the
branch, and it works again as soon as the branch answers. The branch is the real PostgreSQL
behind a door the test closes (tests/services/branch_door.py)."""
import pytest

from teller.services.credentials import Credentials
from teller.store.database import BranchUnreachable

from tests.services.branch_door import BranchDoor

NONCASH_HEAD = Credentials("0A1B2C3E02", "900002")
REVIEWER = Credentials("0A1B2C3D04", "444444")
DOWN = "needs the branch server, which cannot be reached now"


@pytest.fixture
def door(pg_url):
    door = BranchDoor(pg_url)
    door.open()
    yield door
    door.close()


@pytest.fixture
def ws(make_workstation, core_gateway, door):
    return make_workstation(core_gateway, door.url, overrides={"branch": {"connect_timeout_s": 1}})


def test_custody_register_and_its_steps_wait_for_the_branch(ws, door):
    session = ws.sessions.sign_in(NONCASH_HEAD)
    box = next(i.item_id for i in ws.custody.items() if i.keeper_id == "S002")
    door.close()
    with pytest.raises(BranchUnreachable, match=DOWN) as refused:
        ws.custody.items()
    assert refused.value.message.startswith("The seal and custody register needs the branch server")
    with pytest.raises(BranchUnreachable, match=DOWN):
        ws.custody.take_out(session, box)
    door.open()  # pooled connections that died with the door are replaced (pre-ping)
    ws.custody.take_out(session, box)
    assert not next(i for i in ws.custody.items() if i.item_id == box).in_vault


def test_review_waits_for_the_branch(ws, door):
    ws.sessions.sign_in(REVIEWER)
    assert ws.review.pending() == []
    door.close()
    with pytest.raises(BranchUnreachable, match=DOWN):
        ws.review.pending()
    door.open()  # pooled connections that died with the door are replaced (pre-ping)
    assert ws.review.pending() == []
