"""What the workstation knows of its link to the branch store, shared by the link (teller.sync)
and the services with a fallback here (teller.services): neither imports the other for it."""
from __future__ import annotations

from teller.store.database import is_unreachable, unreachable_message


class BranchStatus:
    """Whether the branch store answered at the last look: None before the first, True, False.

    Shared by the link, which looks at start and on every catch-up, and the services that have
    a fallback here (badge + PIN on the cached copy, the sign-in register's backlog). While the
    branch is known to be down they go straight to the workstation store: on a network that
    drops packets each connection attempt would cost up to [branch] connect_timeout_s. Only the
    link's catch-up, and actions that need the branch (remote approval, custody), try to
    connect; a fallback call that finds the branch gone marks it down for the others."""

    def __init__(self) -> None:
        self.online: bool | None = None
        self.problem = ""

    @property
    def known_down(self) -> bool:
        return self.online is False

    def saw(self, problem: str | None) -> None:
        """The result of a look: None when the branch answered, else why not."""
        self.online, self.problem = not problem, problem or ""

    def failed(self, exc: BaseException) -> None:
        """A call with a fallback here found the branch store unreachable."""
        if is_unreachable(exc):
            self.saw(unreachable_message(exc))
