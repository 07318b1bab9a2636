"""The webhook tables (migrations p_0005 and p_0009), in their own schema so that a rebuild of the read models keeps them."""

from sqlalchemy import Column, DateTime, Integer, MetaData, SmallInteger, Table, Text
from sqlalchemy.dialects.postgresql import ARRAY, UUID

SCHEMA = "webhooks"
metadata = MetaData(schema=SCHEMA)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("url", Text, nullable=False),
    Column("secret", Text, nullable=False),
    Column("targets", ARRAY(Text)),  # None: every target
    Column("regions", ARRAY(Text)),  # None: the province and every division
    Column("event_types", ARRAY(Text), nullable=False),  # the notification types it hears (event_types.EVENT_TYPES)
    Column("description", Text),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# the last status seen of each target in each area, per year; the first one seen is a baseline
statuses = Table(
    "statuses",
    metadata,
    Column("year", SmallInteger, primary_key=True),
    Column("target", Text, primary_key=True),
    Column("region", Text, primary_key=True),
    Column("status", Text, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),  # the webhook-id header: the same on every attempt
    Column("subscription_id", UUID(as_uuid=True), nullable=False),
    Column("type", Text, nullable=False),
    Column("year", SmallInteger, nullable=False),
    Column("target", Text),  # None: a notice about no single target (a period step, a restatement, most missing items)
    Column("region", Text, nullable=False),
    Column("previous_status", Text),  # the status (an outlook's likely_status) before; None where nothing changed from one
    Column("status", Text),  # the status after, a period's state after its step, a missing item's state
    Column("subject", Text),  # what it is about, for operators ("420100/2019-03", "wh-1 2026-11")
    Column("payload", Text, nullable=False),
    Column("state", Text, nullable=False),  # pending, delivered, failed
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_attempt_at", DateTime(timezone=True)),
    Column("last_status_code", Integer),
    Column("last_error", Text),
    Column("delivered_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# what the watcher has already noticed, per notification type and key (event_types.Notice.key): a period step, a
# restated record, a missing item, the last likely_status of each target and area; a notice whose key is stored is
# never stored again, whichever replica's pass sees it first
notices = Table(
    "notices",
    metadata,
    Column("type", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("value", Text),
    Column("year", SmallInteger, nullable=False),
    Column("region", Text, nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)
