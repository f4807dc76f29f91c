"""The teller journal as the services see it: search it, verify it.

The chain itself (append, canonical form, verify) lives with its store:
teller.store.repos.journal (`unit.journal.append(...)`, `unit.journal.verify(...)`)."""
from __future__ import annotations

from teller.store.models import BranchJournal
from teller.store.repos.journal import (AppendedEntry, BranchJournalRepository, JournalEntry, JournalQuery,
                                        JournalRepository, JournalSigner, VerifyReport, entry_fields,
                                        verify_chain)

__all__ = ["AppendedEntry", "JournalEntry", "JournalQuery", "JournalSigner", "VerifyReport", "entry_fields",
           "verify_chain", "verify_workstation_journal"]


def verify_workstation_journal(db, workstation_id: str, mac_key: bytes, model=None) -> VerifyReport:
    """Walks one workstation's journal (or, with model=BranchJournal, the branch copy of it) in the
    caller's Session. For the callers not moved to the stores yet (teller.cli)."""
    if model is BranchJournal:
        return BranchJournalRepository(db).verify(workstation_id, mac_key)
    return JournalRepository(db).verify_with_references(workstation_id, mac_key)
