"""Branch store: staff, badges, sign-ins, vault, handovers, replicated journals.

Revision ID: br0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

from teller.store.migrations.journal_table import create_journal_table, drop_journal_table

revision = "br0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("staff_id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("roles", sa.String(200), nullable=False),
        sa.Column("pin_hash", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "badge",
        sa.Column("uid", sa.String(20), primary_key=True),
        sa.Column("staff_id", sa.String(32), sa.ForeignKey("staff.staff_id"), nullable=False, index=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("failed_pins", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "sign_in",
        sa.Column("staff_id", sa.String(32), primary_key=True),
        sa.Column("workstation_id", sa.String(16), nullable=False, unique=True),
        sa.Column("signed_in_at", sa.String(40), nullable=False),
        sa.Column("locked", sa.Boolean, nullable=False),
    )
    op.create_table(
        "vault_holding",
        sa.Column("denomination", sa.String(8), primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "handover",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("workstation_id", sa.String(16), nullable=False),
        sa.Column("teller_id", sa.String(32), nullable=False),
        sa.Column("supervisor_id", sa.String(32), nullable=False),
        sa.Column("breakdown", sa.Text, nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("over_short_fen", sa.BigInteger, nullable=False),
    )
    create_journal_table()
    op.create_index("ix_branch_journal_date", "journal", ["business_date"])


def downgrade() -> None:
    drop_journal_table()
    for table in ("handover", "vault_holding", "sign_in", "badge", "staff"):
        op.drop_table(table)
