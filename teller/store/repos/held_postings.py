"""The review-before-posting queue (复核) of non-cash postings and their images, in the branch store."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from teller.store.custody_models import PostingReview
from teller.store.noncash_models import HeldPosting, StoredImage

H = HeldPosting


class HeldPostingRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, **values) -> HeldPosting:
        row = H(**values)
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, hold_id: int, *, lock: bool = False) -> HeldPosting | None:
        return self.session.get(H, hold_id, with_for_update=lock)

    def in_state(self, states: tuple[str, ...], *, maker_id: str | None = None,
                 workstation_id: str | None = None) -> list[HeldPosting]:
        stmt = select(H).where(H.state.in_(states))
        if maker_id is not None:
            stmt = stmt.where(H.maker_id == maker_id)
        if workstation_id is not None:
            stmt = stmt.where(H.workstation_id == workstation_id)
        return list(self.session.execute(stmt.order_by(H.id)).scalars())

    def change_state(self, hold_id: int, from_states: tuple[str, ...], to_state: str, at: str, **values) -> bool:
        """One decision: the row moves only from a state the step expects (False: someone was first)."""
        return self.session.execute(
            update(H).where(H.id == hold_id, H.state.in_(from_states))
            .values(state=to_state, updated_at=at, **values).execution_options(synchronize_session=False)
        ).rowcount == 1

    def record_review(self, *, workstation_id: str, seq: int, business_date: str, maker_id: str, reviewer_id: str,
                      at: str, reviewer_workstation: str, outcome: str, reason: str | None) -> None:
        """The decision counts in the branch's after-the-fact review too (posting_review: passed or
        returned), so a posting reviewed before it was posted is not listed there again."""
        self.session.add(PostingReview(workstation_id=workstation_id, seq=seq, business_date=business_date,
                                       maker_id=maker_id, reviewer_id=reviewer_id, outcome=outcome, reason=reason,
                                       at=at, reviewer_workstation=reviewer_workstation))

    def store_image(self, sha256: str, media_type: str, content: bytes, at: str) -> None:
        if self.session.get(StoredImage, sha256) is None:
            self.session.add(StoredImage(sha256=sha256, media_type=media_type, content=content, stored_at=at))
            self.session.flush()

    def image(self, sha256: str) -> tuple[str, bytes] | None:
        row = self.session.get(StoredImage, sha256)
        return None if row is None else (row.media_type, row.content)
