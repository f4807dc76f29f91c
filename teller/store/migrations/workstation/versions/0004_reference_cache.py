"""Workstation store: cached reference data (staff, badges) for when the branch store is down.

Revision ID: ws0004
Revises: ws0003
"""
import sqlalchemy as sa
from alembic import op

revision = "ws0004"
down_revision = "ws0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ref_staff",
        sa.Column("staff_id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("roles", sa.String(200), nullable=False),
        sa.Column("pin_hash", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "ref_badge",
        sa.Column("uid", sa.String(20), primary_key=True),
        sa.Column("staff_id", sa.String(32), nullable=False, index=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("failed_pins", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "ref_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("synced_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    for table in ("ref_state", "ref_badge", "ref_staff"):
        op.drop_table(table)
