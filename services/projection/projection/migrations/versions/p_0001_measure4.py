"""Measure 4 read models: assistance centers and on-site services.

Revision ID: p_0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "p_0001"
down_revision = None
branch_labels = ("projection",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rm_assistance_centers",
        sa.Column("center_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("registered_on", sa.Date, nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_on", sa.Date),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "rm_onsite_services",
        sa.Column("service_id", sa.Text, primary_key=True),
        sa.Column("center_id", sa.Text, nullable=False),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("enterprises", sa.Integer, nullable=False),
        sa.Column("private_enterprises", sa.Integer, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retracted_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_rm_onsite_services_center_day", "rm_onsite_services", ["center_id", "occurred_on"])


def downgrade() -> None:
    op.drop_table("rm_onsite_services")
    op.drop_table("rm_assistance_centers")
