"""Branch store: custody of seals, pledge codes and blank vouchers with its append-only register;
the review (复核) of postings.

Revision ID: br0004
Revises: br0003
"""
import sqlalchemy as sa
from alembic import op

from teller.store.journal_guard import create_append_only_triggers, drop_append_only_triggers

revision = "br0004"
down_revision = "br0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "custody_item",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("keeper_id", sa.String(32), sa.ForeignKey("staff.staff_id"), nullable=False, index=True),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "custody_register",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("custody_item.id"), nullable=False, index=True),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("keeper_id", sa.String(32)),
        sa.Column("receiver_id", sa.String(32)),
        sa.Column("witness_id", sa.String(32)),
        sa.Column("workstation_id", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    create_append_only_triggers(op.get_bind(), "custody_register")
    op.create_table(
        "posting_review",
        sa.Column("workstation_id", sa.String(16), primary_key=True),
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("business_date", sa.String(10), nullable=False, index=True),
        sa.Column("maker_id", sa.String(32), nullable=False),
        sa.Column("reviewer_id", sa.String(32), nullable=False, index=True),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("reviewer_workstation", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("posting_review")
    drop_append_only_triggers(op.get_bind(), "custody_register")
    op.drop_table("custody_register")
    op.drop_table("custody_item")
