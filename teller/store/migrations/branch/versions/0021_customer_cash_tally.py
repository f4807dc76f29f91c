"""Branch store: each workstation's cash per customer, day and direction, published at once
(issue 14, item 9: large cash split across counters).

Revision ID: br0021
Revises: br0020
"""
import sqlalchemy as sa
from alembic import op

revision = "br0021"
down_revision = "br0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customer_cash_tally",
        sa.Column("business_date", sa.String(10), primary_key=True),
        sa.Column("account", sa.String(40), primary_key=True),
        sa.Column("direction", sa.String(8), primary_key=True),
        sa.Column("workstation_id", sa.String(16), primary_key=True),
        sa.Column("total_fen", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("customer_cash_tally")
