"""Who recorded each record the targets count (and its retraction), for the restatements of approved periods.

Filled as events arrive; events applied before this revision have no row until `projection.cli rebuild`.

Revision ID: p_0007_record_actors
Revises: p_0006
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "p_0007_record_actors"
down_revision = "p_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rm_record_actors",
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("stream_id", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("actor", sa.Text),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "stream_id", "version"),
    )
    op.create_index("ix_rm_record_actors_record", "rm_record_actors", ["record_id", "type"])


def downgrade() -> None:
    op.drop_table("rm_record_actors")
