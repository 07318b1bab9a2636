"""Read-model tables for the yearly targets T09a, T09b, T11, T19, T20 and T22a/b.

One table per kind of record a target counts. Each row is one record with the business date it counts on
(`occurred_on`), the region it belongs to, when it was recorded (`recorded_at`) and, once retracted, when the
retraction was recorded (`retracted_at`): a report as known at `known_at` keeps the rows with
`recorded_at <= known_at` and not `retracted_at <= known_at`. Whether an enterprise was private is taken from
the event that recorded it (its ownership at that time).

Every table is indexed on `occurred_on` (the province: every region) and on `(region, occurred_on)` (one
division), the two ways the attainment queries select rows.
"""

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, Index, Integer, MetaData, Table, Text

metadata = MetaData()


def _bitemporal() -> list[Column]:
    return [
        Column("recorded_at", DateTime(timezone=True), nullable=False),
        Column("retracted_at", DateTime(timezone=True)),
    ]


def _indexes(name: str) -> list[Index]:
    return [Index(f"ix_{name}_day", "occurred_on"), Index(f"ix_{name}_region_day", "region", "occurred_on")]


# T09b: measure-9 pledge-financing projects, dated by registration
pledge_projects = Table(
    "rm_target_pledge_projects",
    metadata,
    Column("record_id", Text, primary_key=True),  # project_id
    Column("region", Text, nullable=False),
    Column("occurred_on", Date, nullable=False),  # registered_on
    Column("uscc", Text, nullable=False),
    Column("private", Boolean, nullable=False),
    Column("amount_cny", BigInteger, nullable=False),
    *_bitemporal(),
    *_indexes("rm_target_pledge_projects"),
)

# T09a: measure-9 matchmaking events
matchmaking_events = Table(
    "rm_target_matchmaking_events",
    metadata,
    Column("record_id", Text, primary_key=True),  # event_id
    Column("region", Text, nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("enterprises", Integer, nullable=False),
    Column("private_enterprises", Integer, nullable=False),
    *_bitemporal(),
    *_indexes("rm_target_matchmaking_events"),
)

# T11: measure-11 demonstration recognitions (every level; T11 reads the national ones)
recognitions = Table(
    "rm_target_recognitions",
    metadata,
    Column("record_id", Text, primary_key=True),  # recognition_id
    Column("region", Text, nullable=False),
    Column("occurred_on", Date, nullable=False),  # recognized_on
    Column("level", Text, nullable=False),
    Column("uscc", Text, nullable=False),
    Column("private", Boolean, nullable=False),
    *_bitemporal(),
    *_indexes("rm_target_recognitions"),
    Index("ix_rm_target_recognitions_uscc", "uscc"),  # an enterprise's first recognition (attainment summaries)
)

# T19: measure-19 policy briefings (every topic and audience; T19 reads fee-reduction ones for private enterprises)
briefings = Table(
    "rm_target_briefings",
    metadata,
    Column("record_id", Text, primary_key=True),  # briefing_id
    Column("region", Text, nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("topic", Text, nullable=False),
    Column("audience", Text, nullable=False),
    Column("attendance", Integer, nullable=False),
    *_bitemporal(),
    *_indexes("rm_target_briefings"),
)

# T20: measure-20 examiner and attorney visits
examiner_visits = Table(
    "rm_target_examiner_visits",
    metadata,
    Column("record_id", Text, primary_key=True),  # visit_id
    Column("region", Text, nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("uscc", Text, nullable=False),
    Column("private", Boolean, nullable=False),
    Column("examiners", Integer, nullable=False),
    Column("attorneys", Integer, nullable=False),
    Column("person_times", Integer, nullable=False),
    *_bitemporal(),
    *_indexes("rm_target_examiner_visits"),
    Index("ix_rm_target_examiner_visits_uscc", "uscc"),  # an enterprise's first visit (attainment summaries)
)

# T22a/T22b: measure-22 trainings that were held, dated by completion; recorded_at is when the completion was
trainings = Table(
    "rm_target_trainings",
    metadata,
    Column("record_id", Text, primary_key=True),  # training_id
    Column("region", Text, nullable=False),
    Column("occurred_on", Date, nullable=False),  # completed_on
    Column("format", Text, nullable=False),
    Column("audience", Text, nullable=False),
    Column("partner", Text),
    Column("person_times", Integer, nullable=False),
    *_bitemporal(),
    *_indexes("rm_target_trainings"),
)

TARGET_TABLES = [pledge_projects, matchmaking_events, recognitions, briefings, examiner_visits, trainings]
