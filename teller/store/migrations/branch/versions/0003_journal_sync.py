"""Branch store: journal replication high-water marks and the sync report.

Revision ID: br0003
Revises: br0002
"""
import sqlalchemy as sa
from alembic import op

revision = "br0003"
down_revision = "br0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal_sync_state",
        sa.Column("workstation_id", sa.String(16), primary_key=True),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "sync_report",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workstation_id", sa.String(16), nullable=False, index=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("problem", sa.Text, nullable=False),
        sa.Column("found_at", sa.String(40), nullable=False),
        sa.Column("last_seen_at", sa.String(40), nullable=False),
        sa.Column("times_seen", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sync_report")
    op.drop_table("journal_sync_state")
