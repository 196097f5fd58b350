"""Builds the store and the services from the settings; the one place things are wired."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from cli.settings import Settings
from events.db import (
    check_newsroom_store,
    describe_db_error,
    enable_wal,
    open_engine,
    write_transaction,
)
from events.schema import create_log_schema
from events.sql import SqlEventStore
from projections.runner import catch_up, create_projection_schema
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
    engine = open_engine(settings.store_url)
    try:
        with translated(settings):
            check_newsroom_store(engine, settings.store_url)
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


def create_store(settings: Settings) -> tuple[Engine, bool]:
    """Create the schema if missing; True when the store is new."""
    engine = open_engine(settings.store_url, must_exist=False)
    with translated(settings):
        enable_wal(engine)
        with write_transaction(engine) as conn:
            created = create_log_schema(conn)
            create_projection_schema(conn)
    return engine, created
