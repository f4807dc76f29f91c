"""Branch store: index the replicated journals by (workstation_id, refers_to), for the branch-wide
large-cash totals and the exception queue, which look for the entries pointing at a posting.

Revision ID: br0005
Revises: br0004
"""
import sqlalchemy as sa
from alembic import op

revision = "br0005"
down_revision = "br0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    only_answers = sa.text("refers_to IS NOT NULL")  # partial: postings themselves add no index entry
    op.create_index("ix_branch_journal_refers_to", "journal", ["workstation_id", "refers_to"], sqlite_where=only_answers,
                    postgresql_where=only_answers)


def downgrade() -> None:
    op.drop_index("ix_branch_journal_refers_to", table_name="journal")
