"""The lobby's queue (大堂排队) and its daily service report, as pure rules.

Ticket numbers run per service type and business day (A001, A002 …, B001 …). A counter
calls the oldest waiting ticket of the types its role serves, VIP tickets first. Waiting time
runs from issue to call, service time from call to finish.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import median
from typing import Iterable

from teller.domain.errors import TellerError


class LobbyRefused(TellerError):
    code = "lobby_refused"


@dataclass(frozen=True)
class ServiceType:
    code: str
    prefix: str
    name_zh: str
    name_en: str
    roles: frozenset[str]
    tx_codes: tuple[str, ...]

    def ticket_number(self, n: int) -> str:
        return f"{self.prefix}{n:03d}"


@dataclass(frozen=True)
class ServiceCatalogue:
    types: tuple[ServiceType, ...]

    @classmethod
    def from_config(cls, items: list[dict]) -> "ServiceCatalogue":
        types = []
        for item in items:
            types.append(ServiceType(item["code"], item["prefix"], item["name_zh"], item["name_en"],
                                     frozenset(item.get("roles", [])), tuple(item.get("tx_codes", []))))
        prefixes = [t.prefix for t in types]
        if len(set(prefixes)) != len(prefixes) or len({t.code for t in types}) != len(types):
            raise ValueError("lobby service types need distinct codes and ticket prefixes")
        return cls(tuple(types))

    def get(self, code: str) -> ServiceType:
        for service in self.types:
            if service.code == code:
                return service
        raise LobbyRefused(f"Unknown service type {code!r}.")

    def served_by(self, roles: Iterable[str]) -> list[str]:
        """The service types a counter with these roles calls, VIP types first."""
        roles = set(roles)
        served = [t.code for t in self.types if t.roles & roles]
        return sorted(served, key=lambda code: code != "vip")


@dataclass(frozen=True)
class ServedTicket:
    """One ticket's times, for the service report (timezone-aware instants; None when not reached)."""

    service: str
    issued_at: dt.datetime
    called_at: dt.datetime | None
    finished_at: dt.datetime | None
    state: str  # waiting | called | done | no_show | cancelled


@dataclass(frozen=True)
class ServiceLine:
    service: str
    tickets: int
    served: int
    no_show: int
    waiting_now: int
    mean_wait_s: int | None
    median_wait_s: int | None
    longest_wait_s: int | None
    mean_service_s: int | None


def _seconds(a: dt.datetime, b: dt.datetime) -> int:
    return int((b - a).total_seconds())


def service_report(tickets: Iterable[ServedTicket], service_order: Iterable[str]) -> list[ServiceLine]:
    """Per service type: tickets issued, served, no-shows, still waiting, waiting and service times."""
    by_type: dict[str, list[ServedTicket]] = {code: [] for code in service_order}
    for ticket in tickets:
        by_type.setdefault(ticket.service, []).append(ticket)
    lines = []
    for code, items in by_type.items():
        waits = [_seconds(t.issued_at, t.called_at) for t in items if t.called_at]
        services = [_seconds(t.called_at, t.finished_at) for t in items
                    if t.called_at and t.finished_at and t.state == "done"]
        lines.append(ServiceLine(
            code, len(items), sum(t.state == "done" for t in items), sum(t.state == "no_show" for t in items),
            sum(t.state == "waiting" for t in items),
            round(sum(waits) / len(waits)) if waits else None, round(median(waits)) if waits else None,
            max(waits) if waits else None, round(sum(services) / len(services)) if services else None))
    return lines
