"""initial schema

Revision ID: 0001
Revises: 

"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_number', sa.String(length=64), nullable=True),
    sa.Column('series', sa.String(length=64), nullable=False),
    sa.Column('product_title', sa.String(length=255), nullable=True),
    sa.Column('certificate_number', sa.String(length=64), nullable=True),
    sa.Column('certificate_date', sa.Date(), nullable=True),
    sa.Column('issuer', sa.String(length=255), nullable=True),
    sa.Column('manufacturer', sa.String(length=255), nullable=True),
    sa.Column('country', sa.String(length=128), nullable=True),
    sa.Column('importer', sa.String(length=255), nullable=True),
    sa.Column('expiry', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batches'))
    )
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.create_index('ix_batches_reg_series', ['registration_number', 'series'], unique=False)

    op.create_table('code_statuses',
    sa.Column('gtin', sa.String(length=14), nullable=False),
    sa.Column('serial', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=True),
    sa.Column('batch', sa.String(length=64), nullable=True),
    sa.Column('expiry', sa.Date(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('gtin', 'serial', name=op.f('pk_code_statuses'))
    )
    op.create_table('fsm_states',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('state', sa.String(length=255), nullable=True),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_fsm_states'))
    )
    op.create_table('max_prices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('registration_number', sa.String(length=64), nullable=True),
    sa.Column('gtin', sa.String(length=14), nullable=True),
    sa.Column('trade_name', sa.String(length=255), nullable=True),
    sa.Column('pack', sa.Text(), nullable=True),
    sa.Column('retail_price', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('wholesale_price', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_max_prices'))
    )
    with op.batch_alter_table('max_prices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_max_prices_gtin'), ['gtin'], unique=False)
        batch_op.create_index(batch_op.f('ix_max_prices_registration_number'), ['registration_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_max_prices_source'), ['source'], unique=False)

    op.create_table('products',
    sa.Column('gtin', sa.String(length=14), nullable=False),
    sa.Column('registration_number', sa.String(length=64), nullable=True),
    sa.Column('trade_name', sa.String(length=255), nullable=False),
    sa.Column('inn', sa.String(length=255), nullable=True),
    sa.Column('form', sa.String(length=255), nullable=True),
    sa.Column('strength', sa.String(length=128), nullable=True),
    sa.Column('pack_size', sa.String(length=128), nullable=True),
    sa.Column('manufacturer', sa.String(length=255), nullable=True),
    sa.Column('country', sa.String(length=128), nullable=True),
    sa.Column('atc', sa.String(length=16), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('gtin', name=op.f('pk_products'))
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_products_registration_number'), ['registration_number'], unique=False)

    op.create_table('recalls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gtin', sa.String(length=14), nullable=False),
    sa.Column('batch', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=8), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('notice', sa.Text(), nullable=False),
    sa.Column('notices', sa.JSON(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.BigInteger(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recalls'))
    )
    with op.batch_alter_table('recalls', schema=None) as batch_op:
        batch_op.create_index('ix_recalls_gtin_batch', ['gtin', 'batch'], unique=False)

    op.create_table('register_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_number', sa.String(length=64), nullable=False),
    sa.Column('trade_name', sa.String(length=255), nullable=False),
    sa.Column('inn', sa.String(length=255), nullable=True),
    sa.Column('form', sa.Text(), nullable=True),
    sa.Column('atc', sa.String(length=16), nullable=True),
    sa.Column('manufacturer', sa.String(length=255), nullable=True),
    sa.Column('source_id', sa.String(length=64), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_entries'))
    )
    with op.batch_alter_table('register_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_register_entries_registration_number'), ['registration_number'], unique=False)

    op.create_table('registrations',
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('holder', sa.String(length=255), nullable=True),
    sa.Column('country', sa.String(length=128), nullable=True),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('number', name=op.f('pk_registrations'))
    )
    op.create_table('source_states',
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('data_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('location', sa.Text(), nullable=True),
    sa.Column('etag', sa.String(length=255), nullable=True),
    sa.Column('last_modified', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('source', name=op.f('pk_source_states'))
    )
    op.create_table('users',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('language_chosen', sa.Boolean(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users'))
    )
    op.create_table('checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('code_text', sa.Text(), nullable=False),
    sa.Column('gtin', sa.String(length=14), nullable=True),
    sa.Column('serial', sa.String(length=64), nullable=True),
    sa.Column('batch', sa.String(length=64), nullable=True),
    sa.Column('expiry', sa.Date(), nullable=True),
    sa.Column('verdict', sa.String(length=8), nullable=False),
    sa.Column('reasons', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_checks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checks'))
    )
    with op.batch_alter_table('checks', schema=None) as batch_op:
        batch_op.create_index('ix_checks_gtin_batch', ['gtin', 'batch'], unique=False)
        batch_op.create_index('ix_checks_user_created', ['user_id', 'created_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('checks', schema=None) as batch_op:
        batch_op.drop_index('ix_checks_user_created')
        batch_op.drop_index('ix_checks_gtin_batch')

    op.drop_table('checks')
    op.drop_table('users')
    op.drop_table('source_states')
    op.drop_table('registrations')
    with op.batch_alter_table('register_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_register_entries_registration_number'))

    op.drop_table('register_entries')
    with op.batch_alter_table('recalls', schema=None) as batch_op:
        batch_op.drop_index('ix_recalls_gtin_batch')

    op.drop_table('recalls')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_products_registration_number'))

    op.drop_table('products')
    with op.batch_alter_table('max_prices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_max_prices_source'))
        batch_op.drop_index(batch_op.f('ix_max_prices_registration_number'))
        batch_op.drop_index(batch_op.f('ix_max_prices_gtin'))

    op.drop_table('max_prices')
    op.drop_table('fsm_states')
    op.drop_table('code_statuses')
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_index('ix_batches_reg_series')

    op.drop_table('batches')
