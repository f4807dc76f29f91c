"""Branch store: the review-before-posting queue of non-cash postings (复核) and the voucher and
seal-card images under their hashes.

Revision ID: br0041
Revises: br0040
"""
import sqlalchemy as sa
from alembic import op

revision = "br0041"
down_revision = "br0040"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "held_posting",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workstation_id", sa.String(16), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("payee_seq", sa.BigInteger),
        sa.Column("business_date", sa.String(10), nullable=False, index=True),
        sa.Column("maker_id", sa.String(32), nullable=False, index=True),
        sa.Column("tx_code", sa.String(8), nullable=False),
        sa.Column("account", sa.String(40), nullable=False),
        sa.Column("payee_account", sa.String(40)),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("memo", sa.Text, nullable=False),
        sa.Column("voucher_serial", sa.String(40)),
        sa.Column("voucher_image", sa.String(64)),
        sa.Column("seal_card_image", sa.String(64)),
        sa.Column("state", sa.String(10), nullable=False, index=True),
        sa.Column("reason", sa.Text),
        sa.Column("reviewer_id", sa.String(32)),
        sa.Column("corrects", sa.Integer, sa.ForeignKey("held_posting.id")),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "voucher_image",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("media_type", sa.String(40), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("stored_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("voucher_image")
    op.drop_table("held_posting")
