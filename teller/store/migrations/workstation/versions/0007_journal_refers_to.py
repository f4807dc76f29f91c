"""Workstation store: index the journal by (workstation_id, refers_to).

Every posting asks for today's totals (teller limit, large cash), which look for each posting's
answer entry by `refers_to`; without this index that look scanned the whole journal of every
day, so posting got slower all year long.

Revision ID: ws0007
Revises: ws0006
"""
import sqlalchemy as sa
from alembic import op

revision = "ws0007"
down_revision = "ws0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    only_answers = sa.text("refers_to IS NOT NULL")  # partial: postings themselves add no index entry
    op.create_index("ix_journal_refers_to", "journal", ["workstation_id", "refers_to"], sqlite_where=only_answers,
                    postgresql_where=only_answers)


def downgrade() -> None:
    op.drop_index("ix_journal_refers_to", table_name="journal")
