"""Workstation store: print queue and passbook updating.

Revision ID: ws0002
Revises: ws0001
"""
import sqlalchemy as sa
from alembic import op

revision = "ws0002"
down_revision = "ws0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passbook",
        sa.Column("passbook_id", sa.String(40), primary_key=True),
        sa.Column("account", sa.String(40), nullable=False, index=True),
        sa.Column("next_line", sa.Integer, nullable=False),
        sa.Column("page", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "passbook_entry",
        sa.Column("passbook_id", sa.String(40), sa.ForeignKey("passbook.passbook_id"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("amount_out_fen", sa.BigInteger),
        sa.Column("amount_in_fen", sa.BigInteger),
        sa.Column("balance_fen", sa.BigInteger, nullable=False),
        sa.Column("teller_id", sa.String(32), nullable=False),
        sa.Column("printed", sa.Boolean, nullable=False),
    )
    op.create_table(
        "print_job",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("layout", sa.String(40), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("state", sa.String(10), nullable=False, index=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("passbook_id", sa.String(40), sa.ForeignKey("passbook.passbook_id"), index=True),
        sa.Column("first_line", sa.Integer),
        sa.Column("line_count", sa.Integer),
    )


def downgrade() -> None:
    op.drop_table("print_job")
    op.drop_table("passbook_entry")
    op.drop_table("passbook")
