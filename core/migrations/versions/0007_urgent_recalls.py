"""recall campaigns: urgent ones go by paid broadcast, within a cap booked durably, and
claimed before other campaigns' notices

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("recall_campaigns") as batch:
        batch.add_column(sa.Column("paid_max", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("paid_booked", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("recall_outbox") as batch:  # an urgent campaign's rows are claimed first
        batch.create_index("ix_recall_outbox_campaign_state_id", ["campaign_id", "state", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recall_outbox") as batch:
        batch.drop_index("ix_recall_outbox_campaign_state_id")
    with op.batch_alter_table("recall_campaigns") as batch:
        batch.drop_column("paid_booked")
        batch.drop_column("paid_max")
