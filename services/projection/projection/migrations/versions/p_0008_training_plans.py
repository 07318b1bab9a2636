"""The trainings' plans (their days), for the data-quality reads (projection.quality.plans).

Filled as events arrive; trainings planned before this revision have no row until `projection.cli rebuild`.

Revision ID: p_0008_training_plans
Revises: p_0007_record_actors
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "p_0008_training_plans"
down_revision = "p_0007_record_actors"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rm_training_plans",
        sa.Column("training_id", sa.Text, primary_key=True),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("audience", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_rm_training_plans_ends", "rm_training_plans", ["ends_on"])


def downgrade() -> None:
    op.drop_table("rm_training_plans")
