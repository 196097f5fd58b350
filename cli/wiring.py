"""Builds the store and the services from the settings; the one place things are wired."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import SQLAlchemyError

from cli.settings import Settings
from events.db import (
    check_newsroom_store,
    describe_db_error,
    display_url,
    enable_wal,
    open_engine,
    sqlite_path,
    write_transaction,
)
from events.errors import BadStore
from events.migrate import upgrade_log_schema
from events.sql import SqlEventStore
from events.tables import newsroom_meta
from projections.runner import catch_up, ensure_projection_schema
from projections.tables import PROJECTIONS_VERSION

if TYPE_CHECKING:
    from workflow.service import Newsroom


@dataclass(frozen=True)
class Session:
    settings: Settings
    engine: Engine
    store: SqlEventStore

    @cached_property
    def newsroom(self) -> Newsroom:
        # Imported on first use: read commands never load the deciders and their models.
        from workflow.service import Newsroom

        return Newsroom(self.store)


@contextmanager
def open_session(settings: Settings, *, catch_up_first: bool = True) -> Iterator[Session]:
    """A session on an existing newsroom store; database failures become one sentence."""
    engine = open_engine(settings.store_url, busy_seconds=settings.busy_seconds)
    try:
        with translated(settings):
            meta = check_newsroom_store(engine, settings.store_url)
            if meta.get("projections_version") != PROJECTIONS_VERSION:
                with write_transaction(engine) as conn:
                    ensure_projection_schema(conn)
            store = SqlEventStore(engine)
            session = Session(settings, engine, store)
            if catch_up_first:
                catch_up(engine)
            yield session
    finally:
        engine.dispose()


@contextmanager
def translated(settings: Settings) -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        raise describe_db_error(exc, settings.store_url) from None


def create_store(settings: Settings) -> str | None:
    """Create or upgrade the schema; returns the revision the store had (None: it is new)."""
    with creating_store(settings) as (before, _conn):
        return before


@contextmanager
def creating_store(settings: Settings) -> Iterator[tuple[str | None, Connection]]:
    """Create or upgrade the schema and hold its write transaction open for more work.

    Yields the revision the store had (None: it is new) and the connection. A database
    that already holds other tables is refused; if anything fails, the transaction is
    rolled back and a SQLite file this call created is removed again.
    """
    path = sqlite_path(settings.store_url)
    fresh_file = path is not None and not os.path.exists(path)
    empty_file = path is not None and not fresh_file and os.path.getsize(path) == 0
    engine = open_engine(settings.store_url, must_exist=False, busy_seconds=settings.busy_seconds)
    try:
        with translated(settings):
            _refuse_foreign_tables(engine, settings.store_url)
            enable_wal(engine)
            with write_transaction(engine) as conn:
                before, _after = upgrade_log_schema(conn)
                ensure_projection_schema(conn)
                yield before, conn
    except BaseException:
        engine.dispose()
        if path is not None and (fresh_file or empty_file):
            _undo_sqlite_file(path, keep_empty=empty_file)
        raise
    engine.dispose()


def _undo_sqlite_file(path: str, *, keep_empty: bool) -> None:
    """Leave the file as it was found: absent, or there but empty (WAL mode outlives a
    rollback, so the header it wrote must go too)."""
    for leftover in (f"{path}-wal", f"{path}-shm", *([] if keep_empty else [path])):
        with contextlib.suppress(FileNotFoundError):
            os.remove(leftover)
    if keep_empty:
        os.truncate(path, 0)


def _refuse_foreign_tables(engine: Engine, url: str) -> None:
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    if tables and newsroom_meta.name not in tables:
        raise BadStore(
            f"{display_url(url)} already holds other tables ({', '.join(sorted(tables)[:3])}); "
            "a newsroom store needs an empty database."
        )
