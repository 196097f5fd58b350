"""Erasure by court order: the log's rows may be rewritten in one way only.

An event's `data` and `salt` may change when a `RedactionConfirmed` later in the log
names its position, every other column staying as it was; on PostgreSQL the new data
and salt must also give the salted digest the confirmation names. Everything else is
refused as before. The chain and the signatures cover the old salted digests, which
no UPDATE may touch, so they still verify.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

REFUSAL = "the log is append-only: its events and tree are never changed or removed"
# Every column but the two an erasure rewrites.
KEPT = (
    "global_position",
    "stream_id",
    "stream_version",
    "event_id",
    "event_type",
    "schema_version",
    "metadata",
    "occurred_at",
    "prev_hash",
    "hash",
    "recorded_at",
    "data_digest",
    "signature",
)

SQLITE_ERASURE_ONLY = f"""
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
WHEN NOT ({" AND ".join(f"NEW.{c} IS OLD.{c}" for c in KEPT)}
    AND OLD.data_digest IS NOT NULL
    AND EXISTS (
        SELECT 1 FROM events AS confirmed
        WHERE confirmed.event_type = 'RedactionConfirmed'
          AND confirmed.global_position > OLD.global_position
          AND json_type(confirmed.data, '$.rewritten."' || OLD.global_position || '"')
              IS NOT NULL))
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END
"""
SQLITE_REFUSED = (
    f"CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
)

POSTGRES_ERASURE_ONLY = f"""
CREATE OR REPLACE FUNCTION newsroom_erasure_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('newsroom.migration', true) = 'on'
       AND pg_has_role(current_user,
                       (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        RETURN NEW;
    END IF;
    IF ({" AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in KEPT)})
       AND OLD.data_digest IS NOT NULL
       AND EXISTS (
           SELECT 1 FROM events AS confirmed
           WHERE confirmed.event_type = 'RedactionConfirmed'
             AND confirmed.global_position > OLD.global_position
             AND confirmed.data::jsonb -> 'rewritten' ->> OLD.global_position::text
                 = encode(sha256(decode(NEW.salt, 'hex') || convert_to(NEW.data, 'UTF8')), 'hex'))
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'insufficient_privilege';
END $$
"""


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        op.execute(sa.text(POSTGRES_ERASURE_ONLY))
        op.execute(sa.text("DROP TRIGGER IF EXISTS events_append_only ON events"))
        op.execute(
            sa.text(
                "CREATE TRIGGER events_append_only BEFORE DELETE ON events "
                "FOR EACH ROW EXECUTE FUNCTION newsroom_append_only()"
            )
        )
        op.execute(
            sa.text(
                "CREATE TRIGGER events_erasure_only BEFORE UPDATE ON events "
                "FOR EACH ROW EXECUTE FUNCTION newsroom_erasure_only()"
            )
        )
        return
    op.execute(sa.text("DROP TRIGGER IF EXISTS events_no_update"))
    op.execute(sa.text(SQLITE_ERASURE_ONLY))


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        op.execute(sa.text("DROP TRIGGER IF EXISTS events_erasure_only ON events"))
        op.execute(sa.text("DROP TRIGGER IF EXISTS events_append_only ON events"))
        op.execute(
            sa.text(
                "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
                "FOR EACH ROW EXECUTE FUNCTION newsroom_append_only()"
            )
        )
        op.execute(sa.text("DROP FUNCTION IF EXISTS newsroom_erasure_only()"))
        return
    op.execute(sa.text("DROP TRIGGER IF EXISTS events_no_update"))
    op.execute(sa.text(SQLITE_REFUSED))
