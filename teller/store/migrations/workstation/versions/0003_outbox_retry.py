"""Workstation store: outbox retries with backoff and an exception queue.

Revision ID: ws0003
Revises: ws0002
"""
import sqlalchemy as sa
from alembic import op

revision = "ws0003"
down_revision = "ws0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("next_attempt_at", sa.String(40), nullable=True))
        batch.add_column(sa.Column("failed_reason", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("failed_reason")
        batch.drop_column("next_attempt_at")
