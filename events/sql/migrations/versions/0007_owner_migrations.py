"""The append-only triggers on PostgreSQL let one thing through: a migration run by the
tables' owner (`newsroom init` sets `newsroom.migration` for the length of its upgrade).

Everyone else, the writer login newsroom commands use included, is refused as before;
SQLite's triggers are unchanged (whoever owns the file owns the triggers).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

REFUSAL = "the log is append-only: its events and tree are never changed or removed"

OWNER_MIGRATING = f"""
CREATE OR REPLACE FUNCTION newsroom_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
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

EVERYONE_REFUSED = (
    "CREATE OR REPLACE FUNCTION newsroom_append_only() RETURNS trigger "
    f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.text(OWNER_MIGRATING))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.text(EVERYONE_REFUSED))
