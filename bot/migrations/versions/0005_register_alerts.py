"""register alerts: the state each part of the register was announced in, and the operators to tell

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_alerts",
        sa.Column("part", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("part", name=op.f("pk_register_alerts")),
    )
    op.create_table(
        "register_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("part", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_register_notices_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_notices")),
    )
    with op.batch_alter_table("register_notices", schema=None) as batch_op:
        batch_op.create_index("ix_register_notices_sent_at", ["sent_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("register_notices", schema=None) as batch_op:
        batch_op.drop_index("ix_register_notices_sent_at")
    op.drop_table("register_notices")
    op.drop_table("register_alerts")
