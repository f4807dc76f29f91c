"""Review of postings (复核): a reviewer checks each posting of the branch's day against its voucher
and passes it (复核通过) or returns it to the teller with a reason (退回).

The postings come from the branch copy of every workstation's journal. Each is decided once
(the branch table's key is the entry's), never by its own teller, and each decision is a
journal entry at the reviewer's workstation.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from teller.domain.duties import check_not_own
from teller.domain.errors import TellerError
from teller.domain.masking import mask_number
from teller.domain.roles import Role
from teller.services.context import WorkstationContext
from teller.services.credentials import require_roles
from teller.services.session import SessionService, TellerSession
from teller.store.custody_models import PostingReview
from teller.store.models import BranchJournal

REVIEWER_ROLES = frozenset({Role.REVIEWER})
# A posting the core rejected moved nothing: there is no voucher to review.
NOTHING_POSTED = "host_rejected"


class ReviewRefused(TellerError):
    code = "review_refused"


class AlreadyReviewed(TellerError):
    code = "already_reviewed"


@dataclass(frozen=True)
class PostingToReview:
    workstation_id: str
    seq: int
    recorded_at: str
    teller_id: str
    tx_code: str
    account_masked: str
    amount_fen: int
    direction: str
    reverses: int | None  # a reversal (冲正) names the posting it reverses


@dataclass(frozen=True)
class ReviewSummary:
    """The day's review, for the reviewer's screen and the end of day."""

    unreviewed: int
    passed: int
    returned: int


class ReviewService:
    def __init__(self, ctx: WorkstationContext, sessions: SessionService):
        self.ctx, self.sessions = ctx, sessions

    # -- reading ----------------------------------------------------------------------------
    def pending(self, business_date: str | None = None) -> list[PostingToReview]:
        """The day's postings at the branch still waiting for review, oldest first."""
        day = business_date or self.ctx.business_date()
        J, R = BranchJournal, PostingReview
        with self.ctx.branch_required("Review of postings") as db:
            postings = db.execute(select(J).where(J.business_date == day, J.kind == "posting")
                                  .order_by(J.recorded_at, J.workstation_id, J.seq)).scalars().all()
            done = {tuple(r) for r in db.execute(select(R.workstation_id, R.seq).where(R.business_date == day))}
            done |= {tuple(r) for r in db.execute(select(J.workstation_id, J.refers_to).where(
                J.business_date == day, J.kind == NOTHING_POSTED))}
        result = []
        for row in postings:
            if (row.workstation_id, row.seq) in done:
                continue
            payload = json.loads(row.payload)
            result.append(PostingToReview(row.workstation_id, row.seq, row.recorded_at, row.teller_id,
                                          row.tx_code or "", mask_number(row.account), row.amount_fen or 0,
                                          payload.get("direction", ""), payload.get("reverses")))
        return result

    def unreviewed_count(self, business_date: str | None = None) -> int:
        """Postings of the day nobody has reviewed yet (the end of day waits for none)."""
        return len(self.pending(business_date))

    def summary(self, business_date: str | None = None) -> ReviewSummary:
        day = business_date or self.ctx.business_date()
        R = PostingReview
        with self.ctx.branch_required("Review of postings") as db:
            counts = {outcome: n for outcome, n in db.execute(
                select(R.outcome, func.count()).where(R.business_date == day).group_by(R.outcome)).all()}
        return ReviewSummary(self.unreviewed_count(day), counts.get("passed", 0), counts.get("returned", 0))

    # -- deciding ----------------------------------------------------------------------------
    def pass_posting(self, session: TellerSession, workstation_id: str, seq: int) -> None:
        """复核通过: the voucher matches the posting."""
        self._decide(session, workstation_id, seq, "passed", "")

    def return_posting(self, session: TellerSession, workstation_id: str, seq: int, reason: str) -> None:
        """退回: the teller must put it right (reversal and a new posting); the reason says what is wrong."""
        if not reason.strip():
            raise ReviewRefused("Give the teller the reason for returning the posting.")
        self._decide(session, workstation_id, seq, "returned", reason.strip())

    def _decide(self, session: TellerSession, workstation_id: str, seq: int, outcome: str, reason: str) -> None:
        self.sessions.require_active(session)
        require_roles(session.staff, REVIEWER_ROLES, "review postings")
        entry = self._posting(workstation_id, seq)
        check_not_own(entry.teller_id, session.teller_id, "review")
        self._refuse_if_reviewed(workstation_id, seq)
        try:
            with self.ctx.branch_required("Review of postings", write=True) as db:
                db.add(PostingReview(workstation_id=workstation_id, seq=seq, business_date=entry.business_date,
                                     maker_id=entry.teller_id, reviewer_id=session.teller_id, outcome=outcome,
                                     reason=reason or None, at=self.ctx.now_text(),
                                     reviewer_workstation=self.ctx.workstation_id))
        except IntegrityError:  # another reviewer decided it between our check and our insert
            self._refuse_if_reviewed(workstation_id, seq)
            raise
        with self.ctx.workstation_tx() as wdb:
            self.ctx.record(wdb, session.teller_id, "posting_reviewed" if outcome == "passed" else "posting_returned",
                            tx_code=entry.tx_code, amount_fen=entry.amount_fen,
                            payload={"workstation": workstation_id, "seq": seq, "maker": entry.teller_id,
                                     "account": mask_number(entry.account), "reason": reason})

    def _posting(self, workstation_id: str, seq: int) -> BranchJournal:
        with self.ctx.branch_required("Review of postings") as db:
            entry = db.get(BranchJournal, (workstation_id, seq))
            rejected = entry is not None and db.execute(select(BranchJournal.seq).where(
                BranchJournal.workstation_id == workstation_id, BranchJournal.refers_to == seq,
                BranchJournal.kind == NOTHING_POSTED)).first() is not None
        if entry is None:
            raise ReviewRefused(f"Entry {workstation_id}-{seq} is not in the branch copy of the journals "
                                "(not sent from its workstation yet?).")
        if entry.kind != "posting":
            raise ReviewRefused(f"Entry {workstation_id}-{seq} is a {entry.kind} entry, not a posting: "
                                "only postings are reviewed.")
        if rejected:
            raise ReviewRefused(f"Posting {workstation_id}-{seq} was rejected by the core: nothing was posted "
                                "to review.")
        return entry

    def _refuse_if_reviewed(self, workstation_id: str, seq: int) -> None:
        with self.ctx.branch_required("Review of postings") as db:
            done = db.get(PostingReview, (workstation_id, seq))
        if done is not None:
            verb = "passed" if done.outcome == "passed" else "returned"
            raise AlreadyReviewed(f"Posting {workstation_id}-{seq} was already reviewed: {verb} by "
                                  f"{done.reviewer_id} at {done.at[11:19]}.")
