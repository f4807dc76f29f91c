"""Shared pieces of the clearing clerk's tests: the desk on a wired workstation, staff badges, seal images."""
from __future__ import annotations

import io
import json

from PIL import Image, ImageDraw
from sqlalchemy import select

from teller.services.credentials import Credentials
from teller.services.desk import Desk
from teller.store.models import WorkstationJournal

CLERK = Credentials("0A1B2C3D05", "555555")  # 陈静, clearing clerk T005
NONCASH_TELLER = Credentials("0A1B2C3D03", "333333")  # T003, keeps 转讫章
CASH_TELLER = Credentials("0A1B2C3D01", "111111")  # T001, keeps 现金清讫章
CASH_TELLER_2 = Credentials("0A1B2C3D02", "222222")  # T002
CASH_HEAD = Credentials("0A1B2C3E01", "900001")  # S001
NONCASH_HEAD = Credentials("0A1B2C3E02", "900002")  # S002
MANAGER = Credentials("0A1B2C3F01", "900003")  # M001
COMPANY = "44010001000000066"  # 明达贸易有限公司 at the core emulator
OWN_BANK = "102581000012"  # the demo branch's clearing bank code (resources/defaults.toml)
HOUSE = "103581000026"  # another participant of the clearing house
OTHER_BANK = "102100000019"


def desk_of(ws) -> Desk:
    return Desk.for_workstation(ws)


def seal_image(variant: int = 0, size: int = 96) -> bytes:
    """A PNG of a round red seal; another `variant` draws another seal."""
    picture = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(picture)
    draw.ellipse((4, 4, size - 4, size - 4), outline=(200, 20, 20), width=4)
    draw.regular_polygon((size / 2, size / 2, size / 5), 5 + variant, fill=(200, 20, 20))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def journal(ws, prefix: str) -> list[tuple[str, str, str | None, dict]]:
    with ws.ctx.workstation_db() as db:
        rows = db.execute(select(WorkstationJournal).where(WorkstationJournal.kind.startswith(prefix))
                          .order_by(WorkstationJournal.seq)).scalars()
        return [(r.teller_id, r.kind, r.account, json.loads(r.payload)) for r in rows]
