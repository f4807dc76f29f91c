"""Workstation-store tables that stand in for the branch store while it is down: the
authorisation overrides in force when it was last read, and what was done here meanwhile
that the branch must learn: changes to its sign-in register (teller.services.sign_in_register)
and wrong PINs and lockouts on its badges (teller.services.credentials)."""
from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from teller.store.models import WorkstationBase


class CachedPolicy(WorkstationBase):
    """The branch's newest policy_override as last read (one row): a start with the branch
    store down applies the same rules. `override_id` None = the branch had no override."""

    __tablename__ = "ref_policy"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    override_id: Mapped[int | None] = mapped_column(Integer)
    rules: Mapped[str | None] = mapped_column(Text)
    synced_at: Mapped[str] = mapped_column(String(40))


class SignInBacklog(WorkstationBase):
    """A change to the branch's sign-in register made here that has not reached the branch
    store yet, one row per teller (the latest change wins; a lock after a pending sign-in
    stays a sign-in, locked)."""

    __tablename__ = "sign_in_backlog"
    staff_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    change: Mapped[str] = mapped_column(String(10))  # sign_in | sign_off | lock
    locked: Mapped[bool] = mapped_column(Boolean)
    signed_in_at: Mapped[str] = mapped_column(String(40))
    changed_at: Mapped[str] = mapped_column(String(40))


class BadgeBacklog(WorkstationBase):
    """Wrong PINs and lockouts counted on this workstation's copy of a badge (ref_badge) while
    the branch store was down, one row per badge, until the next reference pull carries them to
    the branch's badge table (teller.services.credentials.carry_offline_pin_checks)."""

    __tablename__ = "badge_backlog"
    uid: Mapped[str] = mapped_column(String(20), primary_key=True)
    wrong_pins: Mapped[int] = mapped_column(Integer)  # wrong PINs here since the last right one
    pin_proven_at: Mapped[str | None] = mapped_column(String(40))  # the last right PIN here, if any
    locked_at: Mapped[str | None] = mapped_column(String(40))  # when the badge locked here
    changed_at: Mapped[str] = mapped_column(String(40))
