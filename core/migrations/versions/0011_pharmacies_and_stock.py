"""pharmacies and their stock: where to buy a medicine near the citizen

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pharmacies",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("region", sa.String(length=128), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.Column("hours", sa.String(length=255), nullable=True),
        sa.Column("licence", sa.String(length=64), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pharmacies")),
    )
    with op.batch_alter_table("pharmacies", schema=None) as batch_op:
        batch_op.create_index("ix_pharmacies_lat_lon", ["latitude", "longitude", "id", "region"], unique=False)
        batch_op.create_index(batch_op.f("ix_pharmacies_region"), ["region"], unique=False)
    op.create_table(
        "stock",
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("pharmacy_id", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("price", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("gtin", "pharmacy_id", name=op.f("pk_stock")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("stock")
    with op.batch_alter_table("pharmacies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pharmacies_region"))
        batch_op.drop_index("ix_pharmacies_lat_lon")
    op.drop_table("pharmacies")
