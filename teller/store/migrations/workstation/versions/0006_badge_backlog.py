"""Workstation store: wrong PINs and badge lockouts counted here while the branch store was
down, kept until the branch's badge table has them (so the next reference pull cannot undo them).

Revision ID: ws0006
Revises: ws0005
"""
import sqlalchemy as sa
from alembic import op

revision = "ws0006"
down_revision = "ws0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "badge_backlog",
        sa.Column("uid", sa.String(20), primary_key=True),
        sa.Column("wrong_pins", sa.Integer, nullable=False),
        sa.Column("pin_proven_at", sa.String(40), nullable=True),
        sa.Column("locked_at", sa.String(40), nullable=True),
        sa.Column("changed_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("badge_backlog")
