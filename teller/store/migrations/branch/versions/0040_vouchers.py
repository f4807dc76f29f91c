"""Branch store: important blank vouchers by serial (重要空白凭证) and their append-only register.

Revision ID: br0040
Revises: br0031
"""
import sqlalchemy as sa
from alembic import op

from teller.store.journal_guard import create_append_only_triggers, drop_append_only_triggers

revision = "br0040"
down_revision = "br0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "voucher_serial",
        sa.Column("type_code", sa.String(16), primary_key=True),
        sa.Column("serial", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("holder_id", sa.String(32)),
        sa.Column("used_by", sa.String(40)),
        sa.Column("sold_to", sa.String(40)),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_voucher_serial_holder", "voucher_serial", ["type_code", "holder_id", "state"])
    op.create_table(
        "voucher_register",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(40), nullable=False, index=True),
        sa.Column("type_code", sa.String(16), nullable=False),
        sa.Column("first_serial", sa.BigInteger, nullable=False),
        sa.Column("last_serial", sa.BigInteger, nullable=False),
        sa.Column("event", sa.String(12), nullable=False),
        sa.Column("teller_id", sa.String(32)),
        sa.Column("actor_id", sa.String(32), nullable=False),
        sa.Column("authoriser_id", sa.String(32)),
        sa.Column("reference", sa.String(40)),
        sa.Column("workstation_id", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    create_append_only_triggers(op.get_bind(), "voucher_register")


def downgrade() -> None:
    drop_append_only_triggers(op.get_bind(), "voucher_register")
    op.drop_table("voucher_register")
    op.drop_index("ix_voucher_serial_holder", table_name="voucher_serial")
    op.drop_table("voucher_serial")
