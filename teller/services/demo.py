"""Demo branch: staff with badges and PINs, and vault cash (README "Demo sign-in").

The same data serves the tests, so what a new teller tries in the demo is tested.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from teller.domain.pin import hash_pin
from teller.store.stores import BranchUnit


@dataclass(frozen=True)
class DemoStaff:
    staff_id: str
    name: str
    roles: str
    badge: str
    pin: str


DEMO_STAFF = (
    DemoStaff("T001", "王芳 Wang Fang", "cash_teller", "0A1B2C3D01", "111111"),
    DemoStaff("T002", "李娜 Li Na", "cash_teller", "0A1B2C3D02", "222222"),
    DemoStaff("T003", "张磊 Zhang Lei", "noncash_teller", "0A1B2C3D03", "333333"),
    DemoStaff("T004", "刘洋 Liu Yang", "reviewer", "0A1B2C3D04", "444444"),
    DemoStaff("T005", "陈静 Chen Jing", "clearing_clerk", "0A1B2C3D05", "555555"),
    DemoStaff("T006", "杨敏 Yang Min", "lobby_manager", "0A1B2C3D06", "666666"),
    DemoStaff("S001", "赵强 Zhao Qiang", "cash_head", "0A1B2C3E01", "900001"),
    DemoStaff("S002", "孙丽 Sun Li", "noncash_head", "0A1B2C3E02", "900002"),
    DemoStaff("M001", "周建国 Zhou Jianguo", "branch_manager", "0A1B2C3F01", "900003"),
)
# T001's old badge, reported lost: refused with its own message.
DEMO_LOST_BADGE = "0A1B2C3D99"

# Seals, the pledge-code device and the blank voucher stock, each with a keeper who keeps no
# conflicting kind (印、押、证分管); locked in the vault box overnight.
DEMO_CUSTODY = (("seal", "现金清讫章", "T001"), ("seal", "转讫章", "T003"), ("seal", "业务公章", "M001"),
                ("pledge_code", "密押器", "S001"), ("blank_voucher", "重要空白凭证库箱", "S002"))

DEMO_VAULT = {"N10000": 2000, "N5000": 1000, "N2000": 1000, "N1000": 1000, "N500": 1000, "N100": 2000,
              "C100": 2000, "C50": 2000, "C10": 2000}


@lru_cache(maxsize=None)
def _demo_pin_hash(pin: str) -> str:
    # scrypt is slow on purpose; hash each demo PIN once per process.
    return hash_pin(pin)


def seed_demo_branch(unit, now: str) -> bool:
    """Adds the demo staff and vault cash to an empty branch store; returns False if already there.
    `unit`: a BranchUnit of a branch transaction (or, for callers not moved yet, its Session)."""
    if not isinstance(unit, BranchUnit):
        unit = BranchUnit(unit)
    seed = unit.seed
    if seed.has_staff(DEMO_STAFF[0].staff_id):
        return False
    for person in DEMO_STAFF:
        badges = [(person.badge, "active")] + ([(DEMO_LOST_BADGE, "blacklisted")] if person.staff_id == "T001" else [])
        seed.add_staff(staff_id=person.staff_id, name=person.name, roles=person.roles,
                       pin_hash=_demo_pin_hash(person.pin), badges=badges, now=now)
    seed.add_vault_cash(DEMO_VAULT)
    for kind, name, keeper in DEMO_CUSTODY:
        seed.add_custody_item(kind=kind, name=name, keeper_id=keeper, now=now)
    return True
