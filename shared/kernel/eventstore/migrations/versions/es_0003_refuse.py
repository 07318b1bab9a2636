"""A function the write statement calls to refuse itself, so that one statement is a whole command's write.

A command's write is one statement run on its own (no BEGIN, no COMMIT): when a stream it read or writes has
moved, or another request has kept the same Idempotency-Key, the statement calls `eventstore_refuse` and
PostgreSQL undoes everything it did.

Revision ID: es_0003
Revises: es_0002
Create Date: 2026-11-25
"""

from alembic import op

revision = "es_0003"
down_revision = "es_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE OR REPLACE FUNCTION eventstore_refuse(reason text) RETURNS int LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '%', reason USING ERRCODE = 'ES409';
        END
        $$
        """
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION eventstore_refuse(text)")
