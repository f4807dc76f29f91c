"""The journal table as both stores' first migrations create it (one shape, see models.JournalColumns)."""
import sqlalchemy as sa
from alembic import op

from teller.store.journal_guard import create_append_only_triggers, drop_append_only_triggers


def create_journal_table() -> None:
    op.create_table(
        "journal",
        sa.Column("workstation_id", sa.String(16), primary_key=True),
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("business_date", sa.String(10), nullable=False),
        sa.Column("recorded_at", sa.String(40), nullable=False),
        sa.Column("teller_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("tx_code", sa.String(8)),
        sa.Column("account", sa.String(40)),
        sa.Column("amount_fen", sa.BigInteger),
        sa.Column("refers_to", sa.BigInteger),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
    )
    create_append_only_triggers(op.get_bind())


def drop_journal_table() -> None:
    drop_append_only_triggers(op.get_bind())
    op.drop_table("journal")
