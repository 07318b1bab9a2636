"""Webhook event types: what each subscription asks for, the notices already stored, notifications of any type.

- `webhooks.subscriptions.event_types`: the types a subscription hears; a subscription stored before this revision
  hears `attainment.status_changed`, as it did.
- `webhooks.notices`: what the watcher has already seen, per event type and key (a period step, a restated record,
  a missing item, the last outlook per target and area): the baseline a notice is compared with, so that each is
  stored once whichever replica's pass sees it first.
- `webhooks.notifications`: `target`, `previous_status` and `status` may be null (a period step has no target, a
  missing item no previous status); `subject` names what a notification is about.

Like p_0005, every statement creates or changes only what is missing (a rebuild runs it again into its shadow
schema, and the `webhooks` tables are named with their schema, so it changes nothing there).

Revision ID: p_0009_webhook_event_types
Revises: p_0008_training_plans
Create Date: 2026-12-04
"""

from alembic import op

revision = "p_0009_webhook_event_types"
down_revision = "p_0008_training_plans"
branch_labels = None
depends_on = None

SCHEMA = "webhooks"


def upgrade() -> None:
    op.execute(
        f"ALTER TABLE {SCHEMA}.subscriptions ADD COLUMN IF NOT EXISTS event_types text[] NOT NULL "
        "DEFAULT '{attainment.status_changed}'"
    )
    op.execute(f"ALTER TABLE {SCHEMA}.notifications ALTER COLUMN target DROP NOT NULL")
    op.execute(f"ALTER TABLE {SCHEMA}.notifications ALTER COLUMN previous_status DROP NOT NULL")
    op.execute(f"ALTER TABLE {SCHEMA}.notifications ALTER COLUMN status DROP NOT NULL")
    op.execute(f"ALTER TABLE {SCHEMA}.notifications ADD COLUMN IF NOT EXISTS subject text")
    op.execute(
        f"""
        CREATE TABLE IF NOT EXISTS {SCHEMA}.notices (
            type text NOT NULL,
            key text NOT NULL,
            value text,
            year smallint NOT NULL,
            region text NOT NULL,
            seen_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT pk_webhook_notices PRIMARY KEY (type, key)
        )
        """
    )


def downgrade() -> None:
    op.execute(f"DROP TABLE IF EXISTS {SCHEMA}.notices")
    op.execute(f"ALTER TABLE {SCHEMA}.notifications DROP COLUMN IF EXISTS subject")
    op.execute(f"ALTER TABLE {SCHEMA}.subscriptions DROP COLUMN IF EXISTS event_types")
