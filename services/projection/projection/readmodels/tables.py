"""Read-model tables. Each fact keeps when it was recorded (and retracted), so any `known_at` can be answered."""

from sqlalchemy import Column, Date, DateTime, Index, Integer, MetaData, Table, Text

metadata = MetaData()

assistance_centers = Table(
    "rm_assistance_centers",
    metadata,
    Column("center_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("region", Text, nullable=False),
    Column("registered_on", Date, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("closed_on", Date),
    Column("closed_at", DateTime(timezone=True)),
)

onsite_services = Table(
    "rm_onsite_services",
    metadata,
    Column("service_id", Text, primary_key=True),
    Column("center_id", Text, nullable=False),
    Column("region", Text, nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("enterprises", Integer, nullable=False),
    Column("private_enterprises", Integer, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("retracted_at", DateTime(timezone=True)),
    Index("ix_rm_onsite_services_center_day", "center_id", "occurred_on"),
)
