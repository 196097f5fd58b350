"""Builds the store and the services from the settings; the one place things are wired."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, inspect
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
from workflow.service import Newsroom


@dataclass(frozen=True, slots=True)
class Session:
    settings: Settings
    engine: Engine
    store: SqlEventStore
    newsroom: Newsroom


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
            session = Session(settings, engine, store, Newsroom(store))
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
    """Create or upgrade the schema; returns the revision the store had (None: it is new).

    A database that already holds other tables is refused, and a SQLite file this
    call created is removed again if creating the schema fails.
    """
    path = sqlite_path(settings.store_url)
    fresh_file = path is not None and not os.path.exists(path)
    engine = open_engine(settings.store_url, must_exist=False, busy_seconds=settings.busy_seconds)
    try:
        with translated(settings):
            _refuse_foreign_tables(engine, settings.store_url)
            enable_wal(engine)
            with write_transaction(engine) as conn:
                before, _after = upgrade_log_schema(conn)
                ensure_projection_schema(conn)
    except BaseException:
        engine.dispose()
        if fresh_file and path is not None:
            for leftover in (path, f"{path}-wal", f"{path}-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(leftover)
        raise
    engine.dispose()
    return before


def _refuse_foreign_tables(engine: Engine, url: str) -> None:
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    if tables and newsroom_meta.name not in tables:
        raise BadStore(
            f"{display_url(url)} already holds other tables ({', '.join(sorted(tables)[:3])}); "
            "a newsroom store needs an empty database."
        )
