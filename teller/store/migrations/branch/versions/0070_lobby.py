"""Branch store: the lobby's queue tickets, VIP customers and alerts, complaints and their steps.

Revision ID: br0070
Revises: br0041
"""
import sqlalchemy as sa
from alembic import op

from teller.store.journal_guard import create_append_only_triggers, drop_append_only_triggers

revision = "br0070"
down_revision = "br0041"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "queue_ticket",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("business_date", sa.String(10), nullable=False),
        sa.Column("number", sa.String(8), nullable=False),
        sa.Column("service", sa.String(16), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("issued_at", sa.String(40), nullable=False),
        sa.Column("issued_by", sa.String(32), nullable=False),
        sa.Column("customer_name", sa.String(80), nullable=False),
        sa.Column("account", sa.String(40)),
        sa.Column("vip", sa.Boolean, nullable=False),
        sa.Column("form", sa.Text),
        sa.Column("called_at", sa.String(40)),
        sa.Column("called_by", sa.String(32)),
        sa.Column("workstation_id", sa.String(16)),
        sa.Column("finished_at", sa.String(40)),
    )
    op.create_index("ux_queue_ticket_day_number", "queue_ticket", ["business_date", "number"], unique=True)
    op.create_index("ix_queue_ticket_waiting", "queue_ticket", ["business_date", "state", "service"])
    op.create_table(
        "vip_customer",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("account", sa.String(40), unique=True),
        sa.Column("tag_uid", sa.String(16), unique=True),
    )
    op.create_table(
        "vip_alert",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("business_date", sa.String(10), nullable=False, index=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("vip_id", sa.Integer, sa.ForeignKey("vip_customer.id"), nullable=False),
        sa.Column("seen_by", sa.String(16), nullable=False),
        sa.Column("workstation_id", sa.String(16), nullable=False),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("queue_ticket.id")),
        sa.Column("acknowledged_by", sa.String(32)),
    )
    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("business_date", sa.String(10), nullable=False, index=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("customer_name", sa.String(80), nullable=False),
        sa.Column("contact", sa.String(80), nullable=False),
        sa.Column("ticket_number", sa.String(8)),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.String(32), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
    )
    op.create_table(
        "complaint_step",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("complaint_id", sa.Integer, sa.ForeignKey("complaint.id"), nullable=False, index=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("staff_id", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    create_append_only_triggers(op.get_bind(), "complaint_step")


def downgrade() -> None:
    drop_append_only_triggers(op.get_bind(), "complaint_step")
    for table in ("complaint_step", "complaint", "vip_alert", "vip_customer", "queue_ticket"):
        op.drop_table(table)
