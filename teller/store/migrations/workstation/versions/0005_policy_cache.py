"""Workstation store: the branch's policy overrides and sign-in register changes kept here
for when the branch store is down (start-up offline, back-fill when it returns).

Revision ID: ws0005
Revises: ws0004
"""
import sqlalchemy as sa
from alembic import op

revision = "ws0005"
down_revision = "ws0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ref_policy",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("override_id", sa.Integer, nullable=True),
        sa.Column("rules", sa.Text, nullable=True),
        sa.Column("synced_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "sign_in_backlog",
        sa.Column("staff_id", sa.String(32), primary_key=True),
        sa.Column("change", sa.String(10), nullable=False),
        sa.Column("locked", sa.Boolean, nullable=False),
        sa.Column("signed_in_at", sa.String(40), nullable=False),
        sa.Column("changed_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sign_in_backlog")
    op.drop_table("ref_policy")
