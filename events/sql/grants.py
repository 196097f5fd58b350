"""PostgreSQL roles for a newsroom store: an owner and a writer.

The owner holds the log's tables and alone runs migrations. The writer is the login
newsroom commands use: it appends to the log, moves the head, keeps checkpoints and
hook state, and owns the projection tables it rebuilds, but it can never change or
remove an event, a tree node or a row of the delivery ledger (no UPDATE, DELETE or
TRUNCATE privilege, and the append-only triggers besides). The statements are
idempotent: run them again after an upgrade adds a table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from events.errors import BadInput, PermissionDenied

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

# What the writer may do to each table of the log's schema (see `events/sql/tables.py`).
APPEND_ONLY = ("events", "tree_nodes", "commands", "hook_deliveries")
WRITER_GRANTS: dict[str, str] = {
    **{table: "SELECT, INSERT" for table in APPEND_ONLY},
    "log_head": "SELECT, UPDATE",
    "checkpoints": "SELECT, INSERT, DELETE",  # a witness's cosignature replaces a note
    "hook_secrets": "SELECT, INSERT, UPDATE, DELETE",
    "hook_checkpoints": "SELECT, INSERT, UPDATE, DELETE",
    "hook_dead_letters": "SELECT, INSERT, UPDATE, DELETE",
    "hook_ledger_heads": "SELECT, INSERT, UPDATE",  # a chain's head moves, never goes
    "newsroom_meta": "SELECT, INSERT, DELETE",  # its own row only: see META_POLICY
    "alembic_version": "SELECT",
}
# The writer records which projection layout it built, and touches no other entry.
WRITER_META_KEY = "projections_version"


@dataclass(frozen=True)
class Roles:
    owner: str
    writer: str

    def __post_init__(self) -> None:
        for option, name in (("--owner", self.owner), ("--writer", self.writer)):
            if not ROLE_NAME.fullmatch(name):
                raise BadInput(
                    f"{option} {name!r} is not a role name newsroom makes: lower-case "
                    "letters, digits and _, at most 63, not starting with a digit."
                )
        if self.owner == self.writer:
            raise BadInput(
                "The owner and the writer must be two roles: the writer may not "
                "own what it must not change."
            )


def grant_statements(schema: str, roles: Roles, projection_tables: Iterable[str]) -> list[str]:
    """The SQL that sets the roles up on a store in `schema`, in order."""
    s, owner, writer = _quoted(schema), _quoted(roles.owner), _quoted(roles.writer)
    statements = [
        _create_role(roles.owner),
        _create_role(roles.writer),
        _refuse_strong_writer(roles),
        # The owner hands the projection tables it remakes on an upgrade to the writer.
        f"GRANT {writer} TO {owner}",
    ]
    if schema != "public":  # a shared database's public schema is not ours to give
        statements.append(f"ALTER SCHEMA {s} OWNER TO {owner}")
    statements += [f"ALTER TABLE {s}.{_quoted(t)} OWNER TO {owner}" for t in WRITER_GRANTS]
    statements += [
        f"ALTER FUNCTION {s}.newsroom_append_only() OWNER TO {owner}",
        f"ALTER FUNCTION {s}.newsroom_erasure_only() OWNER TO {owner}",
        f"ALTER FUNCTION {s}.newsroom_ledger_append_only() OWNER TO {owner}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM PUBLIC",
        f"GRANT USAGE, CREATE ON SCHEMA {s} TO {writer}",
    ]
    statements += [
        f"GRANT {what} ON {s}.{_quoted(t)} TO {writer}" for t, what in WRITER_GRANTS.items()
    ]
    statements += _meta_policy(s, writer)
    statements += [
        f"ALTER TABLE IF EXISTS {s}.{_quoted(t)} OWNER TO {writer}" for t in projection_tables
    ]
    return statements + _recorded(s, roles)


def recorded_roles(conn: Connection) -> Roles | None:
    """The roles the grants were last run for, kept in the store so that an upgrade
    run as the owner gives the writer back what it remade."""
    query = "SELECT key, value FROM newsroom_meta WHERE key IN ('owner_role', 'writer_role')"
    rows = {str(key): str(value) for key, value in conn.execute(text(query))}
    if {"owner_role", "writer_role"} <= rows.keys():
        return Roles(rows["owner_role"], rows["writer_role"])
    return None


def current_login(conn: Connection) -> str:
    return str(conn.execute(text("SELECT current_user")).scalar())


def _recorded(s: str, roles: Roles) -> list[str]:
    table = f"{s}.newsroom_meta"
    return [
        f"DELETE FROM {table} WHERE key IN ('owner_role', 'writer_role')",
        f"INSERT INTO {table} (key, value) VALUES ('owner_role', '{roles.owner}'), "
        f"('writer_role', '{roles.writer}')",
    ]


def apply_grants(conn: Connection, roles: Roles, projection_tables: Iterable[str]) -> str:
    """Run the statements on `conn` (a login allowed to create roles and give tables
    away, such as a superuser); returns the schema they were run for."""
    if conn.dialect.name != "postgresql":
        raise BadInput(SQLITE_HAS_NO_ROLES)
    refuse_writer_that_could_rewrite(conn, roles)
    schema = store_schema(conn)
    for statement in grant_statements(schema, roles, projection_tables):
        conn.execute(text(statement))
    return schema


def store_schema(conn: Connection) -> str:
    if conn.dialect.name != "postgresql":
        raise BadInput(SQLITE_HAS_NO_ROLES)
    schema = conn.execute(text("SELECT current_schema()")).scalar()
    if schema is None:
        raise BadInput("The store's search_path names no schema that exists.")
    return str(schema)


SQLITE_HAS_NO_ROLES = (
    "Roles and grants are PostgreSQL's: a SQLite store is guarded by its triggers and "
    "by who may write its file."
)


def refuse_writer_that_could_rewrite(conn: Connection, roles: Roles) -> None:
    """Before anything is made: a writer that is a superuser, bypasses row security, may
    create roles (and so join the owner) or is a member of the owner could change the log
    whatever is granted."""
    if _strong_writer(conn, roles):
        raise PermissionDenied(
            f"The role {roles.writer} is a superuser, may create roles or is a member of "
            f"{roles.owner}: as the "
            "writer it could change the log. Choose another writer; nothing was written."
        )


def _strong_writer(conn: Connection, roles: Roles) -> bool:
    found = conn.execute(
        text(
            "SELECT rolsuper OR rolbypassrls OR rolcreaterole FROM pg_roles WHERE rolname = :writer"
        ),
        {"writer": roles.writer},
    ).scalar()
    if found is None:
        return False  # made by the grants, a plain login
    owner_exists = conn.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :owner"), {"owner": roles.owner}
    ).scalar()
    member = (
        owner_exists
        and conn.execute(
            text("SELECT pg_has_role(:writer, :owner, 'USAGE')"),
            {"writer": roles.writer, "owner": roles.owner},
        ).scalar()
    )
    return bool(found or member)


def _create_role(name: str) -> str:
    return (
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
        f"'{name}') THEN CREATE ROLE {_quoted(name)} LOGIN; END IF; END $$"
    )


def _refuse_strong_writer(roles: Roles) -> str:
    writer, owner = roles.writer, roles.owner
    strong = (
        f"rolsuper OR rolbypassrls OR rolcreaterole OR pg_has_role('{writer}', '{owner}', 'USAGE')"
    )
    why = f"the writer {writer} is a superuser, may create roles or is a member of {owner}"
    return (
        f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{writer}' AND "
        f"({strong})) THEN RAISE EXCEPTION '{why}: it could change the log'; END IF; END $$"
    )


def _meta_policy(s: str, writer: str) -> list[str]:
    table = f"{s}.newsroom_meta"
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS newsroom_reads ON {table}",
        f"CREATE POLICY newsroom_reads ON {table} FOR SELECT TO {writer} USING (true)",
        f"DROP POLICY IF EXISTS newsroom_projections ON {table}",
        f"CREATE POLICY newsroom_projections ON {table} FOR ALL TO {writer} "
        f"USING (key = '{WRITER_META_KEY}') WITH CHECK (key = '{WRITER_META_KEY}')",
    ]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
