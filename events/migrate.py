"""Creating and upgrading a store's log schema with the Alembic migrations shipped here.

Stored events are never touched by a migration: revisions add tables and indexes.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from events.errors import BadStore
from events.tables import HEAD_REVISION, REVISIONS

MIGRATIONS = Path(__file__).parent / "migrations"


def newer_store(revision: str) -> BadStore:
    return BadStore(
        f"This store has schema revision {revision}, newer than this newsroom knows "
        f"({HEAD_REVISION}); upgrade newsroom before using it."
    )


def upgrade_log_schema(conn: Connection) -> tuple[str | None, str]:
    """Bring the log's tables to the head revision; returns the revisions before and after."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    before = MigrationContext.configure(conn).get_current_revision()
    if before is not None and before not in REVISIONS:
        raise newer_store(before)
    if before != HEAD_REVISION:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, HEAD_REVISION)
    return before, HEAD_REVISION


def downgrade_for_tests(conn: Connection, revision: str) -> None:
    """Build a store at an old revision, to prove upgrades keep every event."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, revision)
