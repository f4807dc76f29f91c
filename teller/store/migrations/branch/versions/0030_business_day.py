"""Branch store: the business day (营业日), opened and closed by the branch manager; at most one open.

Revision ID: br0030
Revises: br0021
"""
import sqlalchemy as sa
from alembic import op

revision = "br0030"
down_revision = "br0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "business_day",
        sa.Column("business_date", sa.String(10), primary_key=True),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("opened_by", sa.String(32), nullable=False),
        sa.Column("opened_at", sa.String(40), nullable=False),
        sa.Column("opened_workstation", sa.String(16), nullable=False),
        sa.Column("closed_by", sa.String(32)),
        sa.Column("closed_at", sa.String(40)),
        sa.Column("closed_workstation", sa.String(16)),
    )
    only_open = sa.text("state = 'open'")
    op.create_index("ux_business_day_one_open", "business_day", ["state"], unique=True,
                    sqlite_where=only_open, postgresql_where=only_open)


def downgrade() -> None:
    op.drop_index("ux_business_day_one_open", table_name="business_day")
    op.drop_table("business_day")
