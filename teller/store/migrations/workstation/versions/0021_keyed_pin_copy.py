"""Workstation store: no crackable PIN verifiers in the workstation file (issue 14, item 10).

The copy of the branch's staff held plain scrypt verifiers; from now on it holds keyed ones
(teller.domain.pin.keyed_verifier, the key in the keyring). The old verifiers are blanked and the
copy marked never-synced, so the next contact with the branch copies staff and badges again;
until then this workstation does not start with the branch down (it says so).

Revision ID: ws0021
Revises: ws0020
"""
from alembic import op

revision = "ws0021"
down_revision = "ws0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE ref_staff SET pin_hash = ''")
    op.execute("DELETE FROM ref_state")


def downgrade() -> None:
    pass  # the verifiers are gone for good; the next pull copies keyed ones
