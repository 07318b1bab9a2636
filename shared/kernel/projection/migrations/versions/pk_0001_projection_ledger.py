"""The projection's ledger: which events are applied, and how far each source is complete.

Revision ID: pk_0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "pk_0001"
down_revision = None
branch_labels = ("projection_kernel",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "projection_applied_events",
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("stream_id", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("event_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("source", "stream_id", "version"),
        sa.UniqueConstraint("source", "position", name="uq_projection_applied_position"),
    )
    op.create_table(
        "projection_source_cursors",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("head", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )


def downgrade() -> None:
    op.drop_table("projection_source_cursors")
    op.drop_table("projection_applied_events")
