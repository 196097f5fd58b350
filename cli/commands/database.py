"""`newsroom db …`: the database a PostgreSQL store lives in, its owner and writer roles."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from cli.commands import db_app
from cli.options import Settings, settings
from events.errors import BadInput
from events.inert import inert

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from events.sql.grants import Roles

OwnerOption = Annotated[
    str,
    typer.Option(help="The role that owns the log's tables and alone runs migrations."),
]
WriterOption = Annotated[
    str,
    typer.Option(help="The login newsroom commands use: appends, never changes the log."),
]


@db_app.command("grants")
def grants(
    owner: OwnerOption = "newsroom_owner",
    writer: WriterOption = "newsroom_writer",
    apply: Annotated[
        bool, typer.Option("--apply", help="Run them now (as a login that may create roles).")
    ] = False,
) -> None:
    """Print the SQL that makes the owner and writer roles of a PostgreSQL store."""
    from cli import render
    from events.sql.grants import Roles, grant_statements, store_schema

    current = settings()
    roles = Roles(owner, writer)
    with _store_connection(current) as conn:
        schema = setup_roles(conn, roles) if apply else store_schema(conn)
    statements = grant_statements(schema, roles, projection_tables())
    data = {"schema": schema, "owner": owner, "writer": writer, "applied": apply}
    if current.json:
        render.print_json({**data, "statements": statements})
    elif apply:
        print(inert(f"{writer} now appends to the store in schema {schema}; {owner} owns its log."))
    else:
        print(inert(_script(schema, roles, statements), lines=True))


def checked_roles(current: Settings, owner: str, writer: str | None) -> Roles | None:
    """`init --writer`: the roles, refused before anything is made if they cannot be."""
    from events.sql.engine import open_engine, sqlite_path, translated
    from events.sql.grants import SQLITE_HAS_NO_ROLES, Roles, refuse_writer_that_could_rewrite

    if writer is None:
        return None
    if sqlite_path(current.store_url) is not None:
        raise BadInput(f"--writer: {SQLITE_HAS_NO_ROLES}")
    roles = Roles(owner, writer)
    engine = open_engine(current.store_url, must_exist=False, busy_seconds=current.busy_seconds)
    try:
        with translated(current.store_url), engine.connect() as conn:
            refuse_writer_that_could_rewrite(conn, roles)
    finally:
        engine.dispose()
    return roles


def set_up_roles(current: Settings, roles: Roles | None) -> Roles | None:
    """Apply the grants on a PostgreSQL store: for `roles`, or else again for the roles
    recorded there (an upgrade run as the owner may have remade projection tables),
    unless this login is the writer itself; returns the roles applied."""
    from events.sql.engine import sqlite_path
    from events.sql.grants import current_login, recorded_roles

    if sqlite_path(current.store_url) is not None:
        return None
    with _store_connection(current) as conn:
        roles = roles or recorded_roles(conn)
        if roles is None or current_login(conn) == roles.writer:
            return None
        setup_roles(conn, roles)
    return roles


def setup_roles(conn: Connection, roles: Roles) -> str:
    from events.sql.grants import apply_grants

    return apply_grants(conn, roles, projection_tables())


def projection_tables() -> list[str]:
    from projections.sql.tables import projection_metadata

    return [table.name for table in projection_metadata.sorted_tables]


def _script(schema: str, roles: Roles, statements: list[str]) -> str:
    header = [
        f"-- Roles of the newsroom store in schema {schema}: {roles.owner} owns the log and",
        f"-- runs migrations (`newsroom init`); newsroom commands log in as {roles.writer}.",
        "-- Run as a superuser, and again after an upgrade; the roles log in with no",
        "-- password until you give them one (ALTER ROLE … PASSWORD …).",
        "BEGIN;",
    ]
    return "\n".join([*header, *(f"{statement};" for statement in statements), "COMMIT;"])


@contextmanager
def _store_connection(current: Settings) -> Iterator[Connection]:
    """One transaction on an existing newsroom store: all the grants, or none."""
    from events.sql.engine import open_engine, translated
    from events.sql.schema import check_newsroom_store

    engine = open_engine(current.store_url, busy_seconds=current.busy_seconds)
    try:
        with translated(current.store_url):
            check_newsroom_store(engine, current.store_url)
            with engine.begin() as conn:
                yield conn
    finally:
        engine.dispose()
