"""The core link's state for the status bar, from what the outbox saw (no I/O, no imports: the
window reads it on its start-up path)."""
from __future__ import annotations


def core_link_state(core_online: bool, waiting: int) -> str:
    """The core link as the status bar shows it: `offline` (the core does not answer), `degraded`
    (it answers, but postings wait for a retry after errors), `online` (nothing waits). While a
    round is sending a backlog after the link came back, the window shows `catching_up` with
    OutboxDispatcher.backlog counting down."""
    if not core_online:
        return "offline"
    return "degraded" if waiting else "online"
