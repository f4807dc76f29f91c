"""Incompatible duties (不相容岗位) as data, checked by the services: nobody does a duty on their
own work, and seals, pledge codes and blank vouchers have different keepers."""
from __future__ import annotations

from teller.domain.errors import PermissionDenied, SelfAuthorisation


# Duties nobody may do on their own work: duty -> the refusal shown.
OWN_WORK_REFUSALS = {
    "authorise": "Nobody may authorise their own transaction: another supervisor must present a badge.",
    "review": "A reviewer never reviews their own postings: another reviewer must check them.",
    "handover": "Both parties of a handover must be different people.",
}
# 印、押、证分管: seals, pledge codes (密押) and blank vouchers/certificates have different keepers.
CUSTODY_CONFLICTS = frozenset({frozenset({"seal", "pledge_code"}), frozenset({"seal", "blank_voucher"}),
                               frozenset({"pledge_code", "blank_voucher"})})


def check_not_own(maker_id: str, actor_id: str, duty: str) -> None:
    """Raise SelfAuthorisation when `actor_id` would do `duty` on `maker_id`'s own work."""
    if duty not in OWN_WORK_REFUSALS:
        raise ValueError(f"unknown duty {duty!r} (known: {', '.join(sorted(OWN_WORK_REFUSALS))})")
    if not str(actor_id or "").strip():
        raise PermissionDenied("The second person is not identified: present a badge.")
    # casefolded: if two spellings could be one person, refusing is the safe side
    if str(maker_id or "").strip().casefold() == str(actor_id).strip().casefold():
        raise SelfAuthorisation(OWN_WORK_REFUSALS[duty])


def check_separation(maker_id: str, authoriser_id: str, *other_parties: str) -> None:
    """The maker, the authoriser and any further party (e.g. the receiver of a dual-control
    handover) must all be different people."""
    check_not_own(maker_id, authoriser_id, "authorise")
    people = [maker_id, authoriser_id]
    for other in other_parties:
        for person in people:
            check_not_own(person, other, "handover")
        people.append(other)


def check_custody(held: set[str] | frozenset[str], taking: str) -> None:
    """Raise PermissionDenied when taking custody of `taking` would join incompatible custodies."""
    for kind in held:
        if frozenset({kind, taking}) in CUSTODY_CONFLICTS:
            raise PermissionDenied(f"Seals, pledge codes and blank vouchers have different keepers: a keeper of "
                                   f"{kind.replace('_', ' ')} may not also keep {taking.replace('_', ' ')}.")
