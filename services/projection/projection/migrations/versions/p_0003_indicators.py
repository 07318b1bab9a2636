"""Indicators of every measure and the enterprise directory: activity facts, enterprises and their records.

Revision ID: p_0003
Revises: p_0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "p_0003"
down_revision = "p_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rm_activity_facts",
        sa.Column("fact_id", sa.Text, primary_key=True),
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("measure", sa.SmallInteger, nullable=False),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("uscc", sa.Text),
        sa.Column("private", sa.Boolean),
        sa.Column("category", sa.Text),
        sa.Column("amount", sa.BigInteger),
        sa.Column("value", sa.Float),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retracted_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_rm_activity_facts_kind_day", "rm_activity_facts", ["kind", "occurred_on"])
    op.create_index("ix_rm_activity_facts_record", "rm_activity_facts", ["record_id"])
    op.create_table(
        "rm_enterprises",
        sa.Column("uscc", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("ownership", sa.Text),
        sa.Column("region", sa.Text),
        sa.Column("named_on", sa.Date, nullable=False),
        sa.Column("named_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_rm_enterprises_lower_name", "rm_enterprises", [sa.text("lower(name)")])
    op.create_index("ix_rm_enterprises_ownership_region", "rm_enterprises", ["ownership", "region"])
    op.create_table(
        "rm_enterprise_mentions",
        sa.Column("record_id", sa.Text, primary_key=True),
        sa.Column("uscc", sa.Text, primary_key=True),
        sa.Column("measure", sa.SmallInteger, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retracted_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_rm_enterprise_mentions_uscc", "rm_enterprise_mentions", ["uscc"])


def downgrade() -> None:
    op.drop_table("rm_enterprise_mentions")
    op.drop_table("rm_enterprises")
    op.drop_table("rm_activity_facts")
