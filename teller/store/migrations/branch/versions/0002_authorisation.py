"""Branch store: remote authorisation queue and policy overrides.

Revision ID: br0002
Revises: br0001
"""
import sqlalchemy as sa
from alembic import op

revision = "br0002"
down_revision = "br0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "auth_request",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
        sa.Column("workstation_id", sa.String(16), nullable=False),
        sa.Column("maker_id", sa.String(32), nullable=False, index=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("account_masked", sa.String(40)),
        sa.Column("amount_fen", sa.BigInteger),
        sa.Column("mode", sa.String(8), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("allowed_roles", sa.String(200), nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("state", sa.String(12), nullable=False, index=True),
        sa.Column("decided_by", sa.String(32)),
        sa.Column("decided_at", sa.String(40)),
        sa.Column("decision_reason", sa.Text),
    )
    op.create_table(
        "policy_override",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("changed_by", sa.String(32), nullable=False),
        sa.Column("rules", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("policy_override")
    op.drop_table("auth_request")
