"""The figures each submission and approval of a reporting period vouched for, as computed at its moment.

Kept apart from the read models (its own version location, not in the rebuild's): a rebuild replaces the read
models and leaves this table and the period event store as they are.

Revision ID: pv_0001
Revises:
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "pv_0001"
down_revision = None
branch_labels = ("periods",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "period_vintages",
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("period", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),  # the step's version in the period's stream
        sa.Column("step", sa.Text, nullable=False),  # submitted or approved
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text),
        sa.Column("report", postgresql.JSONB, nullable=False),  # the /v1/attainment answer at known_at = recorded_at
        sa.PrimaryKeyConstraint("region", "period", "version"),
    )


def downgrade() -> None:
    op.drop_table("period_vintages")
