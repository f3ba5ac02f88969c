"""institutions: organisations and their staff, withdrawal documents, their codes and their outbox

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("tin", sa.String(length=14), nullable=False),
        sa.Column("business_place_id", sa.String(length=64), nullable=False),
        sa.Column("region", sa.String(length=128), nullable=True),
        sa.Column("gateway", sa.String(length=8), nullable=False),
        sa.Column("api_key_env", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("tin", name=op.f("uq_organisations_tin")),
    )
    op.create_table(
        "institution_staff",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_institution_staff_user_id_users"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_institution_staff_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_institution_staff")),
    )
    with op.batch_alter_table("institution_staff") as batch:
        batch.create_index(batch.f("ix_institution_staff_organisation_id"), ["organisation_id"], unique=False)
    op.create_table(
        "withdrawal_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("primary_type", sa.String(length=32), nullable=True),
        sa.Column("primary_number", sa.String(length=64), nullable=True),
        sa.Column("primary_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("national_id", sa.String(length=64), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("notice_due", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_withdrawal_documents_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_withdrawal_documents")),
        sa.UniqueConstraint("uuid", name=op.f("uq_withdrawal_documents_uuid")),
    )
    with op.batch_alter_table("withdrawal_documents") as batch:
        batch.create_index("ix_withdrawal_documents_org_status", ["organisation_id", "status"], unique=False)
        batch.create_index(batch.f("ix_withdrawal_documents_notice_due"), ["notice_due"], unique=False)
    op.create_table(
        "withdrawal_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.Column("batch", sa.String(length=64), nullable=True),
        sa.Column("expiry", sa.Date(), nullable=True),
        sa.Column("product", sa.String(length=255), nullable=True),
        sa.Column("warning", sa.String(length=24), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("prev_status", sa.String(length=16), nullable=True),
        sa.Column("prev_reason", sa.String(length=24), nullable=True),
        sa.Column("prev_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["withdrawal_documents.id"],
                                name=op.f("fk_withdrawal_codes_document_id_withdrawal_documents"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_withdrawal_codes")),
        sa.UniqueConstraint("document_id", "gtin", "serial", name=op.f("uq_withdrawal_codes_document_id")),
    )
    with op.batch_alter_table("withdrawal_codes") as batch:
        batch.create_index("ix_withdrawal_codes_gtin_serial", ["gtin", "serial"], unique=False)
    op.create_table(
        "withdrawal_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("in_flight", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["withdrawal_documents.id"],
                                name=op.f("fk_withdrawal_outbox_document_id_withdrawal_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_withdrawal_outbox")),
        sa.UniqueConstraint("document_id", name=op.f("uq_withdrawal_outbox_document_id")),
    )
    with op.batch_alter_table("withdrawal_outbox") as batch:
        batch.create_index(batch.f("ix_withdrawal_outbox_next_at"), ["next_at"], unique=False)


def downgrade() -> None:
    op.drop_table("withdrawal_outbox")
    op.drop_table("withdrawal_codes")
    op.drop_table("withdrawal_documents")
    op.drop_table("institution_staff")
    op.drop_table("organisations")
