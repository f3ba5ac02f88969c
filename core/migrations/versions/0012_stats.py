"""stats: closed days' checks counted once; the weekly digest and its notices; the index /stats counts checks from

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stats_check_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("verdict", sa.String(length=8), nullable=False),
        sa.Column("reasons", sa.String(length=255), nullable=False),
        sa.Column("checks", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "verdict", "reasons", name=op.f("pk_stats_check_days")),
    )
    op.create_table(
        "stats_digests",
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("week", name=op.f("pk_stats_digests")),
    )
    op.create_table(
        "stats_digest_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["week"], ["stats_digests.week"],
                                name=op.f("fk_stats_digest_notices_week_stats_digests"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_stats_digest_notices_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stats_digest_notices")),
    )
    with op.batch_alter_table("stats_digest_notices", schema=None) as batch_op:
        batch_op.create_index("ix_stats_digest_notices_sent_at", ["sent_at"], unique=False)
    with op.batch_alter_table("checks", schema=None) as batch_op:
        batch_op.create_index("ix_checks_created_verdict", ["created_at", "verdict", "reasons"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("checks", schema=None) as batch_op:
        batch_op.drop_index("ix_checks_created_verdict")
    with op.batch_alter_table("stats_digest_notices", schema=None) as batch_op:
        batch_op.drop_index("ix_stats_digest_notices_sent_at")
    op.drop_table("stats_digest_notices")
    op.drop_table("stats_digests")
    op.drop_table("stats_check_days")
