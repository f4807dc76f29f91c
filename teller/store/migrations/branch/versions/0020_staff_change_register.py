"""Branch store: the staff-change register (issue 14, item 5), append-only.

Revision ID: br0020
Revises: br0005
"""
import sqlalchemy as sa
from alembic import op

from teller.store.journal_guard import create_append_only_triggers, drop_append_only_triggers

revision = "br0020"
down_revision = "br0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_change",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("change", sa.String(20), nullable=False),
        sa.Column("staff_id", sa.String(32), nullable=False, index=True),
        sa.Column("badge_uid", sa.String(20)),
        sa.Column("old_value", sa.String(200)),
        sa.Column("new_value", sa.String(200)),
        sa.Column("authorised_by", sa.String(32), nullable=False),
        sa.Column("second_by", sa.String(32)),
        sa.Column("workstation_id", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    create_append_only_triggers(op.get_bind(), "staff_change")


def downgrade() -> None:
    drop_append_only_triggers(op.get_bind(), "staff_change")
    op.drop_table("staff_change")
