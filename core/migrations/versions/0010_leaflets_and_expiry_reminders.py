"""leaflets (instructions by GTIN or registration number) and their Telegram uploads; expiry reminders

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('leaflet_files',
    sa.Column('location', sa.String(length=1024), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('file_id', sa.String(length=255), nullable=False),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('location', name=op.f('pk_leaflet_files'))
    )
    op.create_table('leaflets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gtin', sa.String(length=14), nullable=True),
    sa.Column('registration_number', sa.String(length=64), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('location', sa.Text(), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leaflets'))
    )
    with op.batch_alter_table('leaflets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leaflets_gtin'), ['gtin'], unique=False)
        batch_op.create_index(batch_op.f('ix_leaflets_registration_number'), ['registration_number'], unique=False)

    op.create_table('expiry_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('gtin', sa.String(length=14), nullable=False),
    sa.Column('batch', sa.String(length=64), nullable=False),
    sa.Column('expiry', sa.Date(), nullable=False),
    sa.Column('days_before', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_expiry_reminders_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expiry_reminders')),
    sa.UniqueConstraint('user_id', 'gtin', 'batch', 'expiry', 'days_before', name='uq_expiry_reminders_once')
    )
    with op.batch_alter_table('expiry_reminders', schema=None) as batch_op:
        batch_op.create_index('ix_expiry_reminders_state_due', ['state', 'due_at'], unique=False)
        batch_op.create_index('ix_expiry_reminders_user', ['user_id', 'state'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('expiry_reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_expiry_reminders_user')
        batch_op.drop_index('ix_expiry_reminders_state_due')

    op.drop_table('expiry_reminders')
    with op.batch_alter_table('leaflets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leaflets_registration_number'))
        batch_op.drop_index(batch_op.f('ix_leaflets_gtin'))

    op.drop_table('leaflets')
    op.drop_table('leaflet_files')
