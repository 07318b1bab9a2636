"""What the projection records about its own progress, beside the read models, in the same database."""

from sqlalchemy import BigInteger, Column, DateTime, Integer, MetaData, PrimaryKeyConstraint, Table, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import UUID

metadata = MetaData()

# one row per applied event, written in the same transaction as the read-model change it caused
applied_events = Table(
    "projection_applied_events",
    metadata,
    Column("source", Text, nullable=False),
    Column("stream_id", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("type", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("source", "stream_id", "version"),
    UniqueConstraint("source", "position", name="uq_projection_applied_position"),
)

# per source: every position up to here is applied (positions are dense, so this is exact)
source_cursors = Table(
    "projection_source_cursors",
    metadata,
    Column("source", Text, primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("head", BigInteger, nullable=False, server_default="0"),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
