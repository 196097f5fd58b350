"""Alembic environment: always run programmatically on a connection given by `events.sql.schema`."""

from __future__ import annotations

from alembic import context

from events.sql.tables import log_metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=log_metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
