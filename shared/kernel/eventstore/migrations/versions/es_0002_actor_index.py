"""An index for the audit query: events by the token subject that recorded them.

Revision ID: es_0002
Revises: es_0001
Create Date: 2026-11-24
"""

from alembic import op

revision = "es_0002"
down_revision = "es_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_events_actor ON events ((metadata->>'actor'), position)")


def downgrade() -> None:
    op.drop_index("ix_events_actor", table_name="events")
