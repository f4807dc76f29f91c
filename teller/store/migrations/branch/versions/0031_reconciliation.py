"""Branch store: reconciliation with the core: imported statement files, statements and entries,
runs, matches (with their rung) and breaks (carried forward until resolved).

Revision ID: br0031
Revises: br0030
"""
import sqlalchemy as sa
from alembic import op

revision = "br0031"
down_revision = "br0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('recon_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_date', sa.String(length=10), nullable=False),
    sa.Column('started_at', sa.String(length=40), nullable=False),
    sa.Column('run_by', sa.String(length=32), nullable=False),
    sa.Column('core_entries', sa.Integer(), nullable=False),
    sa.Column('branch_entries', sa.Integer(), nullable=False),
    sa.Column('matched', sa.Integer(), nullable=False),
    sa.Column('breaks', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_recon_run_business_date'), 'recon_run', ['business_date'], unique=False)
    op.create_table('statement_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('format', sa.String(length=32), nullable=False),
    sa.Column('imported_at', sa.String(length=40), nullable=False),
    sa.Column('imported_by', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sha256')
    )
    op.create_table('recon_break',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('identity', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('account', sa.String(length=40), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('core_side', sa.Text(), nullable=False),
    sa.Column('branch_side', sa.Text(), nullable=False),
    sa.Column('first_seen', sa.String(length=10), nullable=False),
    sa.Column('first_run_id', sa.Integer(), nullable=False),
    sa.Column('last_run_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('resolution', sa.String(length=16), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('resolved_by', sa.String(length=32), nullable=True),
    sa.Column('authorised_by', sa.String(length=32), nullable=True),
    sa.Column('resolved_at', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['first_run_id'], ['recon_run.id'], ),
    sa.ForeignKeyConstraint(['last_run_id'], ['recon_run.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('identity')
    )
    op.create_index(op.f('ix_recon_break_kind'), 'recon_break', ['kind'], unique=False)
    op.create_index(op.f('ix_recon_break_last_run_id'), 'recon_break', ['last_run_id'], unique=False)
    op.create_index(op.f('ix_recon_break_state'), 'recon_break', ['state'], unique=False)
    op.create_table('recon_match',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('rung', sa.String(length=24), nullable=False),
    sa.Column('core_refs', sa.Text(), nullable=False),
    sa.Column('branch_keys', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['recon_run.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_recon_match_run_id'), 'recon_match', ['run_id'], unique=False)
    op.create_table('statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('statement_ref', sa.String(length=64), nullable=False),
    sa.Column('account', sa.String(length=40), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('statement_date', sa.String(length=10), nullable=False),
    sa.Column('opening_fen', sa.BigInteger(), nullable=False),
    sa.Column('closing_fen', sa.BigInteger(), nullable=False),
    sa.Column('entry_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['statement_file.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account', 'statement_ref', name='uq_statement_account_ref')
    )
    op.create_index(op.f('ix_statement_file_id'), 'statement', ['file_id'], unique=False)
    op.create_index(op.f('ix_statement_statement_date'), 'statement', ['statement_date'], unique=False)
    op.create_table('statement_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('account', sa.String(length=40), nullable=False),
    sa.Column('booking_date', sa.String(length=10), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('direction', sa.String(length=6), nullable=False),
    sa.Column('reversal', sa.Boolean(), nullable=False),
    sa.Column('end_to_end_id', sa.String(length=64), nullable=True),
    sa.Column('servicer_ref', sa.String(length=64), nullable=True),
    sa.Column('batch_keys', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_statement_entry_account_date', 'statement_entry', ['account', 'booking_date'], unique=False)
    op.create_index(op.f('ix_statement_entry_end_to_end_id'), 'statement_entry', ['end_to_end_id'], unique=False)
    op.create_index(op.f('ix_statement_entry_statement_id'), 'statement_entry', ['statement_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_statement_entry_statement_id'), table_name='statement_entry')
    op.drop_index(op.f('ix_statement_entry_end_to_end_id'), table_name='statement_entry')
    op.drop_index('ix_statement_entry_account_date', table_name='statement_entry')
    op.drop_table('statement_entry')
    op.drop_index(op.f('ix_statement_statement_date'), table_name='statement')
    op.drop_index(op.f('ix_statement_file_id'), table_name='statement')
    op.drop_table('statement')
    op.drop_index(op.f('ix_recon_match_run_id'), table_name='recon_match')
    op.drop_table('recon_match')
    op.drop_index(op.f('ix_recon_break_state'), table_name='recon_break')
    op.drop_index(op.f('ix_recon_break_last_run_id'), table_name='recon_break')
    op.drop_index(op.f('ix_recon_break_kind'), table_name='recon_break')
    op.drop_table('recon_break')
    op.drop_table('statement_file')
    op.drop_index(op.f('ix_recon_run_business_date'), table_name='recon_run')
    op.drop_table('recon_run')
