"""A store's log schema: checked on open, created and upgraded with the Alembic migrations.

Stored events are never touched by a migration: revisions add tables and indexes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

from events.errors import BadStore
from events.sql.engine import describe_db_error, display_url
from events.sql.tables import HEAD_REVISION, REVISIONS, newsroom_meta

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def newer_store(revision: str) -> BadStore:
    return BadStore(
        f"This store has schema revision {revision}, newer than this newsroom knows "
        f"({HEAD_REVISION}); upgrade newsroom before using it."
    )


def upgrade_log_schema(conn: Connection, to: str = HEAD_REVISION) -> tuple[str | None, str]:
    """Bring the log's tables to a revision (the head); returns the revisions before and after.

    An older `to` builds a store as an old newsroom left it, to prove upgrades keep events.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    before = MigrationContext.configure(conn).get_current_revision()
    if before is not None and before not in REVISIONS:
        raise newer_store(before)
    if before != to:
        with _migrating(conn):
            command.upgrade(alembic_config(conn), to)
    return before, to


@contextmanager
def _migrating(conn: Connection) -> Iterator[None]:
    """Mark the transaction as a migration: on PostgreSQL the append-only triggers let
    the tables' owner (and no one else) through while it runs (revision 0007)."""
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        conn.execute(text("SELECT set_config('newsroom.migration', 'on', true)"))
    yield  # a failure rolls the transaction back, and the mark with it
    if postgres:
        conn.execute(text("SELECT set_config('newsroom.migration', 'off', true)"))


def alembic_config(conn: Connection | None = None) -> Config:
    """The shipped migrations, run programmatically on `conn` (see `migrations/env.py`)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def check_newsroom_store(engine: Engine, url: str) -> dict[str, str]:
    """Refuse a database that is not a newsroom store or is not at this code's schema.

    Returns the store's `newsroom_meta` entries.
    """
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if not {newsroom_meta.name, "alembic_version"} <= tables:
                raise _not_a_store(url, tables)
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            meta = {str(k): str(v) for k, v in conn.execute(select(newsroom_meta))}
    except SQLAlchemyError as exc:
        raise describe_db_error(exc, url) from exc
    if revision == HEAD_REVISION:
        return meta
    if revision in REVISIONS:
        raise BadStore(
            f"{display_url(url)} has an older schema (revision {revision}).", hint="upgrade-store"
        )
    raise newer_store(str(revision))


def _not_a_store(url: str, tables: set[str]) -> BadStore:
    if tables:
        where = display_url(url)
        return BadStore(
            f"{where} is not a newsroom store: it holds other tables ({_some(tables)})."
        )
    return BadStore(f"{display_url(url)} is not a newsroom store yet.", hint="init")


def refuse_foreign_tables(engine: Engine) -> None:
    """A database that holds other tables is not a newsroom store and never becomes one."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    if tables and newsroom_meta.name not in tables:
        url = engine.url.render_as_string(hide_password=True)
        raise BadStore(
            f"{url} already holds other tables ({_some(tables)}); "
            "a newsroom store needs an empty database."
        )


def _some(tables: set[str]) -> str:
    return ", ".join(sorted(tables)[:3])
