"""Branch store: the clearing clerk's specimen seal cards, clearing batches and items, bank-enterprise
statements; vault runs (接送库) and seal use on outside documents (对外用印). Issue 11.

Revision ID: br0080
Revises: br0070
"""
import sqlalchemy as sa
from alembic import op

revision = "br0080"
down_revision = "br0070"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seal_card",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("account", sa.String(32), nullable=False, index=True),
        sa.Column("company_name", sa.String(120), nullable=False),
        sa.Column("image", sa.LargeBinary, nullable=False),
        sa.Column("image_sha256", sa.String(64), nullable=False),
        sa.Column("image_type", sa.String(24), nullable=False),
        sa.Column("valid_from", sa.String(10), nullable=False),
        sa.Column("valid_to", sa.String(10)),
        sa.Column("registered_by", sa.String(32), nullable=False),
        sa.Column("registered_at", sa.String(40), nullable=False),
        sa.Column("workstation_id", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("ended_by", sa.String(32)),
        sa.Column("ended_at", sa.String(40)),
    )
    op.create_table(
        "clearing_batch",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("batch_ref", sa.String(40), nullable=False),
        sa.Column("business_date", sa.String(10), nullable=False, index=True),
        sa.Column("clerk_id", sa.String(32), nullable=False),
        sa.Column("workstation_id", sa.String(16), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("file_sha256", sa.String(64), unique=True),
        sa.Column("counterpart_bank", sa.String(12), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("exported_at", sa.String(40)),
        sa.Column("sent_at", sa.String(40)),
    )
    op.create_table(
        "clearing_item",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("clearing_batch.id"), nullable=False, index=True),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("cheque_no", sa.String(8), nullable=False),
        sa.Column("bank_code", sa.String(12), nullable=False),
        sa.Column("account", sa.String(32), nullable=False, index=True),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("payee_account", sa.String(32), nullable=False),
        sa.Column("seal_image", sa.LargeBinary),
        sa.Column("seal_sha256", sa.String(64)),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("seal_card_id", sa.Integer),
        sa.Column("decision", sa.String(8)),
        sa.Column("decided_by", sa.String(32)),
        sa.Column("decided_at", sa.String(40)),
        sa.Column("return_reason", sa.String(24)),
        sa.Column("return_note", sa.Text, nullable=False),
        sa.Column("posting_key", sa.String(40)),
        sa.Column("core_status", sa.String(20)),
        sa.UniqueConstraint("batch_id", "line_no"),
    )
    op.create_table(
        "enterprise_statement",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("account", sa.String(32), nullable=False),
        sa.Column("period", sa.String(7), nullable=False, index=True),
        sa.Column("company_name", sa.String(120), nullable=False),
        sa.Column("opening_fen", sa.BigInteger, nullable=False),
        sa.Column("debit_fen", sa.BigInteger, nullable=False),
        sa.Column("credit_fen", sa.BigInteger, nullable=False),
        sa.Column("closing_fen", sa.BigInteger, nullable=False),
        sa.Column("entry_count", sa.Integer, nullable=False),
        sa.Column("generated_by", sa.String(32), nullable=False),
        sa.Column("generated_at", sa.String(40), nullable=False),
        sa.Column("reply", sa.String(10)),
        sa.Column("reply_note", sa.Text, nullable=False),
        sa.Column("replied_at", sa.String(40)),
        sa.Column("recorded_by", sa.String(32)),
        sa.UniqueConstraint("account", "period"),
    )
    op.create_table(
        "vault_run",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("box_tag", sa.String(32), nullable=False, index=True),
        sa.Column("counterpart_id", sa.String(32), sa.ForeignKey("staff.staff_id"), nullable=False),
        sa.Column("window_from", sa.String(40), nullable=False),
        sa.Column("window_to", sa.String(40), nullable=False),
        sa.Column("items", sa.Text, nullable=False),
        sa.Column("total_fen", sa.BigInteger, nullable=False),
        sa.Column("planned_by", sa.String(32), nullable=False),
        sa.Column("planned_at", sa.String(40), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("branch_party_id", sa.String(32)),
        sa.Column("handed_at", sa.String(40)),
        sa.Column("workstation_id", sa.String(16), nullable=False),
    )
    op.create_table(
        "seal_use",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("custody_item.id"), nullable=False, index=True),
        sa.Column("document", sa.String(200), nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("copies", sa.Integer, nullable=False),
        sa.Column("used_by", sa.String(32), nullable=False),
        sa.Column("approved_by", sa.String(32), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("workstation_id", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    for table in ("seal_use", "vault_run", "enterprise_statement", "clearing_item", "clearing_batch", "seal_card"):
        op.drop_table(table)
