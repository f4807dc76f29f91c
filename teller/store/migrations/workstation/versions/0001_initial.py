"""Workstation store: journal, outbox, till.

Revision ID: ws0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

from teller.store.migrations.journal_table import create_journal_table, drop_journal_table

revision = "ws0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_journal_table()
    op.create_index("ix_journal_date_code", "journal", ["business_date", "tx_code"])
    op.create_index("ix_journal_account", "journal", ["account"])
    op.create_index("ix_journal_teller", "journal", ["teller_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("journal_seq", sa.BigInteger, nullable=False, index=True),
        sa.Column("idempotency_key", sa.String(64), nullable=False, unique=True),
        sa.Column("account", sa.String(40), nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("tx_code", sa.String(8), nullable=False),
        sa.Column("teller_id", sa.String(32), nullable=False),
        sa.Column("state", sa.String(20), nullable=False, index=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "till",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("teller_id", sa.String(32), nullable=False, index=True),
        sa.Column("business_date", sa.String(10), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("opened_seq", sa.BigInteger, nullable=False),
        sa.Column("closed_seq", sa.BigInteger),
    )
    op.create_table(
        "till_movement",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("till_id", sa.Integer, sa.ForeignKey("till.id"), nullable=False, index=True),
        sa.Column("journal_seq", sa.BigInteger, nullable=False, index=True),
        sa.Column("denomination", sa.String(8), nullable=False),
        sa.Column("count_delta", sa.Integer, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("till_movement")
    op.drop_table("till")
    op.drop_table("outbox")
    drop_journal_table()
