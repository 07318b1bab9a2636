"""Attainment summaries (per target, area and day; T04 per center and month) and the indexes that keep them.

The tables are filled from the read models already there, by the same rules as the projection keeps them
afterwards (projection.attainment.summaries), so an upgraded database answers from them at once.

Revision ID: p_0004
Revises: p_0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "p_0004"
down_revision = "p_0003"
branch_labels = None
depends_on = None

NATIONAL = "('national_advantage', 'national_demonstration')"
PRIVATE_TRAINING = "audience = 'private_enterprises'"

# target: (table, which rows count, their additive figures v1.., {distinct-enterprise figure: (which rows, slot)})
SERIES = {
    "T09a": ("rm_target_matchmaking_events", "true", ["1", "enterprises", "private_enterprises"], {}),
    "T09b": ("rm_target_pledge_projects", "true",
             ["1", "private::int", "amount_cny", "CASE WHEN private THEN amount_cny ELSE 0 END"], {}),
    "T11": ("rm_target_recognitions", f"level IN {NATIONAL}", ["1"],
            {"enterprises": ("true", 2), "private_enterprises": ("private", 3)}),
    "T19": ("rm_target_briefings", "topic = 'patent_fee_reduction' AND audience = 'private_enterprises'",
            ["1", "attendance"], {}),
    "T20": ("rm_target_examiner_visits", "private", ["1", "person_times", "examiners", "attorneys"],
            {"enterprises": ("true", 5)}),
    "T22a": ("rm_target_trainings", f"{PRIVATE_TRAINING} AND format = 'class'", ["1", "person_times"], {}),
    "T22b": ("rm_target_trainings", PRIVATE_TRAINING,
             ["1", "person_times", "CASE WHEN partner = 'WIPO' THEN person_times ELSE 0 END",
              "CASE WHEN partner IS NOT NULL THEN person_times ELSE 0 END"], {}),
}
SCOPES = "CROSS JOIN LATERAL (VALUES (r.region), ('')) AS s(scope)"


def _grains(day: str) -> str:
    return f"CROSS JOIN LATERAL (VALUES ('day', {day}), ('month', {day} - (extract(day FROM {day})::int - 1))) AS g(grain, day)"


def upgrade() -> None:
    op.create_table(
        "rm_attainment_sums",
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("grain", sa.Text, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        *[sa.Column(f"v{i}", sa.BigInteger, nullable=False, server_default="0") for i in range(1, 6)],
        sa.PrimaryKeyConstraint("target", "scope", "grain", "day"),
    )
    op.create_table(
        "rm_attainment_marks",
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("target", "scope", "year"),
    )
    op.create_table(
        "rm_attainment_firsts",
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("figure", sa.Text, nullable=False),
        sa.Column("uscc", sa.Text, nullable=False),
        sa.Column("first_day", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("target", "scope", "year", "figure", "uscc"),
    )
    op.create_table(
        "rm_t04_center_months",
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("center_id", sa.Text, nullable=False),
        sa.Column("month", sa.Date, nullable=False),
        sa.Column("services", sa.Integer, nullable=False),
        sa.Column("first_day", sa.Date),
        sa.PrimaryKeyConstraint("region", "center_id", "month"),
    )
    op.create_index("ix_rm_t04_center_months_month", "rm_t04_center_months", ["month"])
    # the first days of an enterprise are recomputed from its records
    op.create_index("ix_rm_target_recognitions_uscc", "rm_target_recognitions", ["uscc"])
    op.create_index("ix_rm_target_examiner_visits_uscc", "rm_target_examiner_visits", ["uscc"])

    for target, (table, counts, figures, distinct) in SERIES.items():
        values = ", ".join(f"sum({f})" for f in figures) + ", 0" * (5 - len(figures))
        op.execute(
            f"INSERT INTO rm_attainment_sums (target, scope, grain, day, v1, v2, v3, v4, v5) "
            f"SELECT '{target}', s.scope, g.grain, g.day, {values} FROM {table} AS r {SCOPES} {_grains('r.occurred_on')} "
            f"WHERE ({counts}) AND r.retracted_at IS NULL GROUP BY s.scope, g.grain, g.day"
        )
        for figure, (which, slot) in distinct.items():
            op.execute(
                f"INSERT INTO rm_attainment_firsts (target, scope, year, figure, uscc, first_day) "
                f"SELECT '{target}', s.scope, extract(year FROM r.occurred_on)::int, '{figure}', r.uscc, min(r.occurred_on) "
                f"FROM {table} AS r {SCOPES} WHERE ({counts}) AND ({which}) AND r.retracted_at IS NULL "
                f"GROUP BY s.scope, extract(year FROM r.occurred_on), r.uscc"
            )
            op.execute(
                f"INSERT INTO rm_attainment_sums AS t (target, scope, grain, day, v{slot}) "
                f"SELECT f.target, f.scope, g.grain, g.day, count(*) FROM rm_attainment_firsts AS f {_grains('f.first_day')} "
                f"WHERE f.target = '{target}' AND f.figure = '{figure}' GROUP BY f.target, f.scope, g.grain, g.day "
                f"ON CONFLICT (target, scope, grain, day) DO UPDATE SET v{slot} = t.v{slot} + excluded.v{slot}"
            )
        op.execute(
            f"INSERT INTO rm_attainment_marks (target, scope, year, changed_at) "
            f"SELECT '{target}', s.scope, extract(year FROM r.occurred_on)::int, max(greatest(r.recorded_at, r.retracted_at)) "
            f"FROM {table} AS r {SCOPES} WHERE ({counts}) GROUP BY s.scope, extract(year FROM r.occurred_on)"
        )
    op.execute(
        "INSERT INTO rm_t04_center_months (region, center_id, month, services, first_day) "
        "SELECT r.region, r.center_id, g.day, count(*), min(r.occurred_on) FROM rm_onsite_services AS r "
        f"{_grains('r.occurred_on')} WHERE g.grain = 'month' AND r.private_enterprises > 0 AND r.retracted_at IS NULL "
        "GROUP BY r.region, r.center_id, g.day"
    )
    op.execute(
        "INSERT INTO rm_attainment_marks (target, scope, year, changed_at) "
        "SELECT 'T04', s.scope, extract(year FROM r.occurred_on)::int, max(greatest(r.recorded_at, r.retracted_at)) "
        f"FROM rm_onsite_services AS r {SCOPES} WHERE r.private_enterprises > 0 "
        "GROUP BY s.scope, extract(year FROM r.occurred_on)"
    )


def downgrade() -> None:
    op.drop_index("ix_rm_target_examiner_visits_uscc", "rm_target_examiner_visits")
    op.drop_index("ix_rm_target_recognitions_uscc", "rm_target_recognitions")
    op.drop_table("rm_t04_center_months")
    op.drop_table("rm_attainment_firsts")
    op.drop_table("rm_attainment_marks")
    op.drop_table("rm_attainment_sums")
