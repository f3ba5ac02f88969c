"""complaints: the draft each was stored from, so sending a draft twice stores it once

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.add_column(sa.Column("draft_key", sa.String(length=32), nullable=True))
        batch.create_unique_constraint("uq_complaints_draft_key", ["draft_key"])


def downgrade() -> None:
    with op.batch_alter_table("complaints") as batch:
        batch.drop_constraint("uq_complaints_draft_key", type_="unique")
        batch.drop_column("draft_key")
