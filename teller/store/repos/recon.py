"""Statements, reconciliation runs, matches and breaks of the branch store."""
from __future__ import annotations

from sqlalchemy.orm import Session


class ReconRepository:
    def __init__(self, session: Session):
        self.session = session
