"""Read models of the yearly targets T09a, T09b, T11, T19, T20, T22a and T22b.

One table per kind of record a target counts, each row bitemporal (recorded_at, retracted_at), indexed on the
day it counts on and on (region, day): the attainment queries select by those.

Revision ID: p_0002
Revises: p_0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "p_0002"
down_revision = "p_0001"
branch_labels = None
depends_on = None


def _bitemporal() -> list[sa.Column]:
    return [
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retracted_at", sa.DateTime(timezone=True)),
    ]


TABLES: dict[str, list] = {
    "rm_target_pledge_projects": [
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("uscc", sa.Text, nullable=False),
        sa.Column("private", sa.Boolean, nullable=False),
        sa.Column("amount_cny", sa.BigInteger, nullable=False),
    ],
    "rm_target_matchmaking_events": [
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("enterprises", sa.Integer, nullable=False),
        sa.Column("private_enterprises", sa.Integer, nullable=False),
    ],
    "rm_target_recognitions": [
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("level", sa.Text, nullable=False),
        sa.Column("uscc", sa.Text, nullable=False),
        sa.Column("private", sa.Boolean, nullable=False),
    ],
    "rm_target_briefings": [
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("audience", sa.Text, nullable=False),
        sa.Column("attendance", sa.Integer, nullable=False),
    ],
    "rm_target_examiner_visits": [
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("uscc", sa.Text, nullable=False),
        sa.Column("private", sa.Boolean, nullable=False),
        sa.Column("examiners", sa.Integer, nullable=False),
        sa.Column("attorneys", sa.Integer, nullable=False),
        sa.Column("person_times", sa.Integer, nullable=False),
    ],
    "rm_target_trainings": [
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("occurred_on", sa.Date, nullable=False),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("audience", sa.Text, nullable=False),
        sa.Column("partner", sa.Text),
        sa.Column("person_times", sa.Integer, nullable=False),
    ],
}


def upgrade() -> None:
    for name, columns in TABLES.items():
        op.create_table(name, sa.Column("record_id", sa.Text, primary_key=True), *columns, *_bitemporal())
        op.create_index(f"ix_{name}_day", name, ["occurred_on"])
        op.create_index(f"ix_{name}_region_day", name, ["region", "occurred_on"])


def downgrade() -> None:
    for name in reversed(list(TABLES)):
        op.drop_table(name)
