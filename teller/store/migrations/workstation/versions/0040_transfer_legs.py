"""Workstation store: the two outbox keys of each transfer (the payee's leg waits for the payer's).

Revision ID: ws0040
Revises: ws0021
"""
import sqlalchemy as sa
from alembic import op

revision = "ws0040"
down_revision = "ws0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transfer_legs",
        sa.Column("payer_key", sa.String(64), primary_key=True),
        sa.Column("payee_key", sa.String(64), nullable=False, unique=True),
        sa.Column("state", sa.String(8), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("transfer_legs")
