"""The enterprise directory keeps each enterprise as first recorded, and every claim made about it.

`rm_enterprise_claims`: one row per enterprise and distinct (name, ownership, region) a record gave, with the
first record that gave it and how many events did. The directory's row is computed from them (the first name,
ownership and region), so a later record of another region no longer rewrites it.

A database upgraded from p_0005 holds directory rows made by the old rule (the latest record won): each is kept
as its enterprise's first claim, so nothing disappears, and `python -m projection.cli rebuild` recomputes the
directory from the events as first recorded.

Revision ID: p_0006
Revises: p_0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "p_0006"
down_revision = "p_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rm_enterprise_claims",
        sa.Column("uscc", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("ownership", sa.Text, primary_key=True),
        sa.Column("region", sa.Text, primary_key=True),
        sa.Column("first_recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_source", sa.Text, nullable=False),
        sa.Column("first_position", sa.BigInteger, nullable=False),
        sa.Column("first_record_id", sa.Text, nullable=False),
        sa.Column("first_occurred_on", sa.Date, nullable=False),
        sa.Column("events", sa.Integer, nullable=False),
    )
    op.execute(
        "INSERT INTO rm_enterprise_claims SELECT uscc, name, coalesce(ownership, ''), coalesce(region, ''), "
        "first_recorded_at, '', 0, '', named_on, 0 FROM rm_enterprises"
    )


def downgrade() -> None:
    op.drop_table("rm_enterprise_claims")
