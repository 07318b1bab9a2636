"""Status webhooks: subscriptions, the last status seen per target and region, and the notifications to send.

The tables live in their own schema `webhooks`, not in `public`: they are the projection's own records, not
read models, and a rebuild (projection.rebuild) swaps every table the migrations create in its shadow schema.
A rebuild runs these migrations again into that shadow schema, so every statement here creates only what is
missing; the shadow copy then holds no webhook table, and the live ones are left alone.

Revision ID: p_0005
Revises: p_0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, UUID

revision = "p_0005"
down_revision = "p_0004"
branch_labels = None
depends_on = None

SCHEMA = "webhooks"


def upgrade() -> None:
    op.execute(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"')
    op.create_table(
        "subscriptions",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("secret", sa.Text, nullable=False),
        sa.Column("targets", ARRAY(sa.Text)),
        sa.Column("regions", ARRAY(sa.Text)),
        sa.Column("description", sa.Text),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=SCHEMA,
        if_not_exists=True,
    )
    op.create_table(
        "statuses",
        sa.Column("year", sa.SmallInteger, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("year", "target", "region", name="pk_webhook_statuses"),
        schema=SCHEMA,
        if_not_exists=True,
    )
    op.create_table(
        "notifications",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "subscription_id", UUID(as_uuid=True),
            sa.ForeignKey(f"{SCHEMA}.subscriptions.id", ondelete="CASCADE"), nullable=False,
        ),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("year", sa.SmallInteger, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("previous_status", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),  # the exact body sent on every attempt
        sa.Column("state", sa.Text, nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True)),
        sa.Column("last_status_code", sa.Integer),
        sa.Column("last_error", sa.Text),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("state IN ('pending', 'delivered', 'failed')", name="ck_webhook_notifications_state"),
        schema=SCHEMA,
        if_not_exists=True,
    )
    op.create_index(
        "ix_webhook_notifications_due", "notifications", ["next_attempt_at"], schema=SCHEMA,
        postgresql_where=sa.text("state = 'pending'"), if_not_exists=True,
    )
    op.create_index(
        "ix_webhook_notifications_subscription", "notifications", ["subscription_id", "created_at"], schema=SCHEMA,
        if_not_exists=True,
    )


def downgrade() -> None:
    op.execute(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE')
