"""Signed events: each event's store clock, salted data digest and SSHSIG signature.

Events from before keep their hashes and stay unsigned; they count as recorded when
they say they occurred (the store kept no clock of its own for them).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as events:
        events.add_column(sa.Column("recorded_at", sa.String(32)))
        events.add_column(sa.Column("salt", sa.String(32)))
        events.add_column(sa.Column("data_digest", sa.String(64)))
        events.add_column(sa.Column("signature", sa.Text))
    op.execute("UPDATE events SET recorded_at = occurred_at")
    op.create_index("ix_events_recorded_at", "events", ["recorded_at"])
    with op.batch_alter_table("log_head") as head:
        head.add_column(sa.Column("recorded_at", sa.String(32)))
    op.execute("UPDATE log_head SET recorded_at = (SELECT max(recorded_at) FROM events)")


def downgrade() -> None:
    op.drop_index("ix_events_recorded_at", "events")
    with op.batch_alter_table("log_head") as head:
        head.drop_column("recorded_at")
    with op.batch_alter_table("events") as events:
        for name in ("signature", "data_digest", "salt", "recorded_at"):
            events.drop_column(name)
