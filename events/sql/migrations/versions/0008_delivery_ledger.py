"""The delivery ledger: every attempt to send an event to a publishing hook, as it ended,
in one hash chain per hook; append-only like the log.

Deliveries made before this revision are not in it: the ledger starts empty.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

LEDGER = "hook_deliveries"
REFUSAL = "the delivery ledger is append-only: its rows are never changed or removed"

# As the log's own (0007): only a migration run by the tables' owner gets past.
OWNER_MIGRATING = f"""
CREATE OR REPLACE FUNCTION newsroom_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('newsroom.migration', true) = 'on'
       AND pg_has_role(current_user,
                       (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'insufficient_privilege';
END $$
"""


def upgrade() -> None:
    op.create_table(
        LEDGER,
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("global_position", sa.BigInteger, nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("stream_id", sa.String(200), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("retry", sa.Boolean, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("code", sa.Integer),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_hook_deliveries_stream", LEDGER, ["stream_id"])
    op.create_index("ix_hook_deliveries_event", LEDGER, ["name", "global_position"])
    op.create_table(
        "hook_ledger_heads",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
    )
    for statement in append_only(op.get_bind().dialect.name):
        op.execute(sa.text(statement))


def append_only(dialect: str) -> list[str]:
    """UPDATE and DELETE refused on the ledger (on PostgreSQL TRUNCATE too)."""
    if dialect == "postgresql":
        return [
            OWNER_MIGRATING,
            f"CREATE TRIGGER {LEDGER}_append_only BEFORE UPDATE OR DELETE ON {LEDGER} "
            "FOR EACH ROW EXECUTE FUNCTION newsroom_ledger_append_only()",
            f"CREATE TRIGGER {LEDGER}_no_truncate BEFORE TRUNCATE ON {LEDGER} "
            "FOR EACH STATEMENT EXECUTE FUNCTION newsroom_ledger_append_only()",
        ]
    return [
        f"CREATE TRIGGER {LEDGER}_no_{action.lower()} BEFORE {action} ON {LEDGER} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        for action in ("UPDATE", "DELETE")
    ]


def downgrade() -> None:
    op.drop_table("hook_ledger_heads")
    op.drop_table(LEDGER)  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.text("DROP FUNCTION IF EXISTS newsroom_ledger_append_only()"))
