"""Measure 5: the credit list, one row per listing, for lookups by credit code and snapshots at a date.

Revision ID: e_0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "e_0001"
down_revision = None
branch_labels = ("enforcement",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "credit_listings",
        sa.Column("uscc", sa.Text, nullable=False),
        sa.Column("listing_number", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("authority", sa.Text, nullable=False),
        sa.Column("basis", sa.Text, nullable=False),
        sa.Column("listed_on", sa.Date, nullable=False),
        sa.Column("listed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delisted_on", sa.Date),
        sa.Column("delisting_reason", sa.Text),
        sa.Column("delisted_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("uscc", "listing_number"),
    )
    # a snapshot at a date reads listings by their start, in credit-code order for paging
    op.create_index("ix_credit_listings_listed_on", "credit_listings", ["listed_on", "uscc"])


def downgrade() -> None:
    op.drop_table("credit_listings")
