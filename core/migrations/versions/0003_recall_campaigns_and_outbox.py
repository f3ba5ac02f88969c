"""recall campaigns and outbox

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recall_campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("product_name", sa.String(length=255), nullable=True),
        sa.Column("batches", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("notice", sa.Text(), nullable=False),
        sa.Column("notices", sa.JSON(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("everyone", sa.Boolean(), nullable=False),
        sa.Column("recall_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("report_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("report_message_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recall_campaigns")),
        sa.UniqueConstraint("key", name=op.f("uq_recall_campaigns_key")),
    )
    op.create_table(
        "recall_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("audience", sa.String(length=12), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["recall_campaigns.id"],
                                name=op.f("fk_recall_outbox_campaign_id_recall_campaigns"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_recall_outbox_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recall_outbox")),
        sa.UniqueConstraint("campaign_id", "user_id", name=op.f("uq_recall_outbox_campaign_id")),
    )
    with op.batch_alter_table("recall_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_recall_outbox_state_id", ["state", "id"], unique=False)

    op.create_table(
        "recall_subscriptions",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_recall_subscriptions_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "gtin", name=op.f("pk_recall_subscriptions")),
    )
    with op.batch_alter_table("recall_subscriptions", schema=None) as batch_op:
        batch_op.create_index("ix_recall_subscriptions_gtin", ["gtin"], unique=False)

    op.create_table(
        "recall_optouts",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_recall_optouts_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_recall_optouts")),
    )


def downgrade() -> None:
    op.drop_table("recall_optouts")
    with op.batch_alter_table("recall_subscriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_recall_subscriptions_gtin")
    op.drop_table("recall_subscriptions")
    with op.batch_alter_table("recall_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_recall_outbox_state_id")
    op.drop_table("recall_outbox")
    op.drop_table("recall_campaigns")
