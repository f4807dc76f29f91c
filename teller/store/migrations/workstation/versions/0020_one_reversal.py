"""Workstation store: a posting is reversed at most once (issue 14, item 1).

Two reversals of one posting started together both passed the "already reversed" look made
before the transaction; this unique partial index makes the second one's journal insert fail.

Revision ID: ws0020
Revises: ws0007
"""
import sqlalchemy as sa
from alembic import op

revision = "ws0020"
down_revision = "ws0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    reversals = sa.text("kind = 'posting' AND refers_to IS NOT NULL")
    op.create_index("ux_journal_one_reversal", "journal", ["workstation_id", "refers_to"], unique=True,
                    sqlite_where=reversals, postgresql_where=reversals)


def downgrade() -> None:
    op.drop_index("ux_journal_one_reversal", table_name="journal")
