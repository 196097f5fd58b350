"""Opening a store: the engine, SQLite's locking set-up, and plain-words database errors.

A SQLite store that can only be read (a snapshot on a read-only disk, a file or folder
this login may not write, or a URL asking for it with `?mode=ro`) is opened read-only,
so that reads work and nothing, not even SQLite's lock files, is written.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from events.errors import BadStore, Conflict, NewsroomError, PermissionDenied
from events.private import create_private_file

DEFAULT_BUSY_SECONDS = 30.0
DEFAULT_IDLE_SECONDS = 60.0
WRITE_OPTION = "newsroom_write"


def sqlite_path(url: str) -> str | None:
    """The file behind a SQLite URL, or None for other backends and in-memory stores."""
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if parsed.query.get("uri") == "true" and database.startswith("file:"):
        database = database.removeprefix("file:")
        if parsed.query.get("mode") == "memory":
            return None
    return None if database in ("", ":memory:") else database


def open_engine(
    url: str,
    *,
    must_exist: bool = True,
    busy_seconds: float = DEFAULT_BUSY_SECONDS,
    statement_seconds: float = 0.0,
    idle_seconds: float = DEFAULT_IDLE_SECONDS,
) -> Engine:
    """An engine for `url`. With `must_exist`, a missing SQLite file is an error, never created.

    `busy_seconds`: how long a writer waits for another writer's lock (SQLite's busy
    timeout, PostgreSQL's lock_timeout). On PostgreSQL, `statement_seconds` limits each
    statement and `idle_seconds` a transaction left idle; 0 means no limit.
    """
    backend = _parse(url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BadStore(f"A newsroom store is SQLite or PostgreSQL, not {backend} ({url}).")
    path = sqlite_path(url)
    if backend == "sqlite" and path is None:
        raise BadStore(
            f"{url} is a store in memory, gone as soon as the command ends; name a file "
            "(sqlite:///newsroom.db) or a PostgreSQL database."
        )
    if path is not None:
        _refuse_unusable_path(path, must_exist)
        _create_private(path)
    connect_to = read_only_url(path) if path is not None and can_only_read(url) else url
    try:
        engine = create_engine(connect_to, **_engine_options(url, busy_seconds))
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise BadStore(f"Cannot open store {url!r}: {exc}.") from exc
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, int(busy_seconds * 1000))
    else:
        _limit_postgresql(engine, busy_seconds, statement_seconds, idle_seconds)
    return engine


def _refuse_unusable_path(path: str, must_exist: bool) -> None:
    where = os.path.abspath(path)
    if os.path.isdir(path):
        raise BadStore(f"{where} is a folder, not a newsroom store: name a file in it.")
    if os.path.exists(path):
        return
    if must_exist:
        raise BadStore(f"No newsroom store at {where}.", hint="create-store")
    if not os.path.isdir(os.path.dirname(where)):
        raise BadStore(
            f"Cannot create a store at {where}: there is no folder {os.path.dirname(where)}."
        )


def _create_private(path: str) -> None:
    """A new store file is made 0600 before SQLite makes it 0644 (less the umask): its
    -wal and -shm files take the store file's mode, so all three stay private."""
    with contextlib.suppress(FileExistsError):
        if not os.path.exists(path):
            create_private_file(path)


def can_only_read(url: str) -> bool:
    """A SQLite store that exists and that this process cannot write (or that the URL
    opens read-only); False for PostgreSQL, whose refusals are found by trying."""
    path = sqlite_path(url)
    if path is None or not os.path.isfile(path):
        return False
    query = _parse(url).query
    if query.get("mode") == "ro" or query.get("immutable") == "1":
        return True
    folder = os.path.dirname(os.path.abspath(path))
    # WAL needs its -wal and -shm files: made in the folder, or there already to write.
    companions = [f"{path}-wal", f"{path}-shm"]
    writable_companions = all(os.access(p, os.W_OK) for p in companions)
    return not (os.access(path, os.W_OK) and (os.access(folder, os.W_OK) or writable_companions))


def read_only_url(path: str) -> URL:
    """SQLite's read-only URI for the file. A WAL store is read through its -shm file
    when there is one or SQLite may make one; in a folder nobody may write, as the
    snapshot it must be (`immutable`: no locks, no file needed beside the store)."""
    shm, wal = f"{path}-shm", f"{path}-wal"
    where = os.path.abspath(path)
    query = {"mode": "ro", "uri": "true"}
    if not os.path.exists(shm) and not os.access(os.path.dirname(where), os.W_OK):
        if os.path.exists(wal) and os.path.getsize(wal) > 0:
            raise BadStore(
                f"The store {where} can only be read, and its last changes are in {wal}, "
                f"which SQLite reads only with {shm} beside it: copy the store with both "
                "files to a folder you can write, and read the copy."
            )
        query["immutable"] = "1"
    return URL.create("sqlite", database="file:" + quote(where), query=query)


def opened_read_only(engine: Engine) -> bool:
    """The engine reads a store it may not write (see `open_engine`)."""
    return engine.dialect.name == "sqlite" and engine.url.query.get("mode") == "ro"


def write_if_allowed(action: Callable[[], object]) -> bool:
    """Run `action`, which writes; False, with nothing written, if the store refused it
    because this login may only read it (a read-only file, a standby, a reader's role)."""
    try:
        action()
    except SQLAlchemyError as exc:
        if not _refuses_writes(exc):
            raise
        return False
    return True


def _refuses_writes(exc: SQLAlchemyError) -> bool:
    text = str(getattr(exc, "orig", None) or exc).lower()
    return any(words in text for words in ("readonly", "read-only", "permission denied"))


def _parse(url: str) -> Any:
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise BadStore(f"{url!r} is not a store URL (try sqlite:///newsroom.db).") from exc


def _engine_options(url: str, busy_seconds: float) -> dict[str, Any]:
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite":
        return {"connect_args": {"timeout": busy_seconds}}
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        return {"connect_args": {"connect_timeout": 10}}
    return {}


def _configure_sqlite(engine: Engine, busy_ms: int) -> None:
    """WAL so readers never block the writer; BEGIN IMMEDIATE so writers queue, not fail."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return  # VACUUM and checkpoints, which no transaction may hold
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE_OPTION, False) else "BEGIN")


def _limit_postgresql(
    engine: Engine, lock_seconds: float, statement_seconds: float, idle_seconds: float
) -> None:
    """Every session waits for a lock at most `lock_seconds` (a writer behind a stuck one
    gives up with a conflict, as on SQLite), and a transaction left idle by a crashed or
    hung newsroom process is ended by the server instead of holding the log head."""
    limits = {
        "lock_timeout": lock_seconds,
        "statement_timeout": statement_seconds,
        "idle_in_transaction_session_timeout": idle_seconds,
    }
    # SET takes no parameters; the values are numbers of milliseconds, never text.
    sql = "; ".join(f"SET {name} = {int(seconds * 1000)}" for name, seconds in limits.items())

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(sql)
        dbapi_connection.commit()  # session settings, kept past this first transaction


def enable_wal(engine: Engine) -> None:
    """Switch a SQLite file to WAL; the mode is stored in the file, so once is enough."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA journal_mode = WAL")  # type: ignore[union-attr]
    finally:
        raw.close()


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the store's write lock from its first statement."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn


def insert_rows(conn: Connection, table: Table, rows: Sequence[Sequence[object]]) -> None:
    """Many rows in the table's column order, straight to the driver's executemany.

    Imports and replays write millions of rows; SQLAlchemy's per-row parameter
    processing would cost more than reading and checking them.
    """
    if not rows:
        return
    quote = conn.dialect.identifier_preparer
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(quote.quote(column.name) for column in table.columns)
    markers = ", ".join(marker for _ in table.columns)
    sql = f"INSERT INTO {quote.format_table(table)} ({names}) VALUES ({markers})"
    conn.exec_driver_sql(sql, list(rows))


@contextmanager
def translated(url: str) -> Iterator[None]:
    """Database failures inside become one plain sentence (`describe_db_error`)."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise describe_db_error(exc, url) from None


def display_url(url: str) -> str:
    """The URL without its password, fit for an error message."""
    try:
        return str(make_url(url).render_as_string(hide_password=True))
    except ArgumentError:
        return url


def describe_db_error(exc: BaseException, url: str) -> NewsroomError:
    """One sentence for a database failure; `Conflict` for a lock that did not clear."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    lowered = text.lower()
    where = display_url(url)
    # SQLite's busy timeout; PostgreSQL's lock_timeout ("canceling statement due to lock
    # timeout") and NOWAIT ("could not obtain lock").
    if any(
        sign in lowered for sign in ("database is locked", "could not obtain lock", "lock timeout")
    ):
        return Conflict(f"The store {where} stayed locked by another writer; try again.")
    if "readonly" in lowered or "read-only" in lowered:
        return read_only_store(url)
    if "permission denied" in lowered or "must be owner" in lowered or "append-only" in lowered:
        return PermissionDenied(f"The store {where} refused this login: {text}.")
    if "no schema has been selected" in lowered:
        return BadStore(
            f"The store {where} names no schema that exists: create the schema in its "
            "search_path first (CREATE SCHEMA …)."
        )
    if "not a database" in lowered or "malformed" in lowered:
        return BadStore(f"{where} is not a usable newsroom store: {text}.")
    if lowered.startswith("connection failed") or "could not connect" in lowered:
        return BadStore(f"Cannot connect to the store {where}: {_cause(text)}.")
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return BadStore(f"Lost the connection to the store {where}: {text}.")
    return BadStore(f"The store {where} failed: {text}.")


def read_only_store(url: str) -> BadStore:
    """The refusal of a command that must write, on a store that can only be read."""
    where = display_url(url)
    if sqlite_path(url) is not None:
        return BadStore(
            f"The store {where} or its folder is read-only, and newsroom must write there "
            "(SQLite keeps its lock files beside the store); nothing was written."
        )
    return BadStore(
        f"The store {where} is read-only for this login (a standby, or read-only "
        "transactions), and this command must write; nothing was written."
    )


def _cause(text: str) -> str:
    """`connection failed: connection to server at "h", port 1 failed: FATAL:  x` -> `x`."""
    cause = text.rsplit(" failed: ", 1)[-1]
    return cause.removeprefix("FATAL:").strip().rstrip(".")
