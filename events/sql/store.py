"""The event store on SQLAlchemy Core: one code path for SQLite and PostgreSQL.

Locking: every append first locks the single `log_head` row (SQLite: the database
write lock taken by BEGIN IMMEDIATE; PostgreSQL: SELECT ... FOR UPDATE). Appenders
therefore commit one at a time, in the order they took the lock, so positions are
gapless, commit order equals position order (a reader catching up from a checkpoint
can never skip a late-committing lower position) and the hash chain has one head.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Row,
    Select,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError

from events.chain import GENESIS_HASH, canonical_json
from events.envelope import NewEvent, RecordedEvent
from events.errors import PermissionDenied
from events.instants import occurred_at_text
from events.merkle import Frontier, leaf_hash
from events.signer import Signer
from events.sql.engine import insert_rows, write_transaction
from events.sql.notify import CHANNEL
from events.sql.tables import (
    checkpoints_table,
    commands_table,
    events_table,
    log_head,
    tree_nodes,
)
from events.store import (
    AppendsUnderLock,
    CommandRecord,
    LogQuery,
    Place,
    RawRow,
    chain_events,
    later_of,
    refuse_unless_next,
)


class SqlEventStore(AppendsUnderLock):
    def __init__(self, engine: Engine):
        self.engine = engine

    @contextmanager
    def locked(self) -> Iterator[LockedLog]:
        with write_transaction(self.engine) as conn:
            yield LockedLog(conn)

    def read_stream(self, stream_id: str, to_version: int | None = None) -> list[RecordedEvent]:
        with self.engine.connect() as conn:
            return _read_stream(conn, stream_id, to_version)

    def stream_version(self, stream_id: str) -> int:
        with self.engine.connect() as conn:
            return _stream_version(conn, stream_id)

    def read_all(
        self, from_position: int = 1, to_position: int | None = None, batch_size: int = 1000
    ) -> Iterator[RecordedEvent]:
        return self.read_log(LogQuery(from_position, to_position), batch_size)

    def read_log(self, query: LogQuery, batch_size: int = 1000) -> Iterator[RecordedEvent]:
        # Keyset pages, each in its own short read: constant memory, no long transaction.
        def read(page: Select[Any]) -> Sequence[Row[Any]]:
            with self.engine.connect() as conn:
                return conn.execute(page).all()

        rows = _pages(select(events_table), query, batch_size, read)
        return (row_to_event(row) for row in rows)

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """One consistent view of the whole log, however long it takes to read."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield Snapshot(conn)

    def position_at(self, recorded_at: str) -> int:
        """The end of the log as it stood at a moment of the store's clock: just before
        the first event recorded later. A prefix, so every view sees one consistent past."""
        later = select(func.min(events_table.c.global_position)).where(
            events_table.c.recorded_at > recorded_at
        )
        with self.engine.connect() as conn:
            first_later = conn.execute(later).scalar()
            if first_later is not None:
                return int(first_later) - 1
            return int(conn.execute(select(log_head.c.position)).scalar() or 0)

    def head(self) -> tuple[int, str]:
        with self.engine.connect() as conn:
            row = conn.execute(_HEAD).first()
        return (0, GENESIS_HASH) if row is None else (int(row.position), str(row.hash))

    def keep_checkpoint(self, size: int, note: str) -> None:
        """Keep a signed checkpoint (the latest of a size wins: a witness may add to it)."""
        with write_transaction(self.engine) as conn:
            conn.execute(delete(checkpoints_table).where(checkpoints_table.c.tree_size == size))
            conn.execute(insert(checkpoints_table).values(tree_size=size, note=note))

    def latest_checkpoint(self) -> str | None:
        query = select(checkpoints_table.c.note).order_by(checkpoints_table.c.tree_size.desc())
        with self.engine.connect() as conn:
            found = conn.execute(query.limit(1)).scalar()
        return None if found is None else str(found)

    def clock(self) -> datetime:
        """The store's clock now (not held back): what a reader measures embargoes by."""
        with self.engine.connect() as conn:
            return store_clock(conn)

    def find_command(self, command_id: str) -> CommandRecord | None:
        with self.engine.connect() as conn:
            return _find_command(conn, command_id)


class Snapshot:
    """The log as of one moment, read on one connection inside one transaction."""

    def __init__(self, conn: Connection):
        self.conn = conn

    def tree(self) -> Frontier:
        return tree_of(self.conn)

    def node_at(self, level: int, index: int) -> bytes:
        return node_on(self.conn, level, index)

    def head(self) -> tuple[int, str]:
        row = self.conn.execute(_HEAD).one()
        return int(row.position), str(row.hash)

    def read_raw(self, query: LogQuery, batch_size: int = 5000) -> Iterator[RawRow]:
        """Rows exactly as stored, JSON unparsed: what the chain's hashes cover."""
        stored = {"data_json": "data", "metadata_json": "metadata"}
        columns = [events_table.c[stored.get(name, name)] for name in RawRow._fields]
        rows = _pages(select(*columns), query, batch_size, lambda p: self.conn.execute(p).all())
        return (RawRow._make(row) for row in rows)

    def locate(self, event_hash: str) -> int | None:
        query = select(events_table.c.global_position).where(events_table.c.hash == event_hash)
        found = self.conn.execute(query).scalar()
        return None if found is None else int(found)


class LockedLog:
    """The log under its write lock, inside one transaction: nobody else appends meanwhile."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.position, self.prev_hash, self.last_recorded, edge = _lock_head(conn)
        self.frontier = Frontier.parse(edge)
        # Streams read whole under this lock: their version cannot change until it ends.
        self.versions: dict[str, int] = {}
        self._recorded: datetime | None = None

    def recorded_now(self) -> datetime:
        if self._recorded is None:
            self._recorded = later_of(store_clock(self.conn), self.last_recorded)
        return self._recorded

    def log_id(self) -> str:
        """The id of the log's first event ("" while it has none): what names this log."""
        if not self.position:
            return ""
        return str(self.conn.execute(_FIRST_ID).scalar() or "")

    def read_stream(self, stream_id: str, to_version: int | None = None) -> list[RecordedEvent]:
        events = _read_stream(self.conn, stream_id, to_version)
        if to_version is None:
            self.versions[stream_id] = events[-1].stream_version if events else 0
        return events

    def rewrite(self, position: int, data_json: str, salt: str) -> None:
        # The append-only trigger lets this through only for a position a confirmed
        # redaction names (revision 0009); secure_delete zeroes the old bytes on SQLite.
        if self.conn.dialect.name == "sqlite":
            self.conn.exec_driver_sql("PRAGMA secure_delete = ON")
        try:
            self.conn.execute(_REWRITE, {"at": position, "new_data": data_json, "new_salt": salt})
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege
                raise PermissionDenied(ERASURE_NEEDS_OWNER) from None
            raise

    def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        *,
        now: datetime | None,
        command_id: str,
        command_name: str,
        signer: Signer,
        fingerprint: str | None = None,
        fresh_id: bool = False,
    ) -> list[RecordedEvent]:
        existing = None if fresh_id else _find_command(self.conn, command_id)
        actual = self.versions.get(stream_id)
        if actual is None:
            actual = _stream_version(self.conn, stream_id)
        refuse_unless_next(stream_id, expected_version, actual, existing)
        recorded_at = occurred_at_text(self.recorded_now())
        occurred_at = occurred_at_text(now) if now is not None else recorded_at
        place = Place(self.position, self.prev_hash, occurred_at, recorded_at, self.log_id())
        recorded = chain_events(events, stream_id, actual, place, signer)
        if recorded:
            nodes = [n for e in recorded for n in self.frontier.append(bytes.fromhex(e.hash))]
            _insert(self.conn, recorded, (command_id, command_name, fingerprint), self.frontier)
            if nodes:
                insert_rows(self.conn, tree_nodes, nodes)
            if self.conn.dialect.name == "postgresql":
                # Delivered at commit: hook workers waiting on LISTEN wake at once.
                self.conn.exec_driver_sql(f"NOTIFY {CHANNEL}")
            self.position, self.prev_hash = recorded[-1].global_position, recorded[-1].hash
            self.versions[stream_id] = recorded[-1].stream_version
        return recorded


# The statements every command runs, built once: composing a statement costs SQLAlchemy
# more than executing it, and a command runs about ten of them.
_STREAM = (
    select(events_table)
    .where(events_table.c.stream_id == bindparam("stream_id"))
    .order_by(events_table.c.stream_version)
)
_STREAM_UP_TO = _STREAM.where(events_table.c.stream_version <= bindparam("to_version"))
_STREAM_VERSION = select(func.max(events_table.c.stream_version)).where(
    events_table.c.stream_id == bindparam("stream_id")
)
_HEAD = select(log_head.c.position, log_head.c.hash)
_FIRST_ID = select(events_table.c.event_id).where(events_table.c.global_position == 1)
_HEAD_LOCKED = select(
    log_head.c.position, log_head.c.hash, log_head.c.recorded_at, log_head.c.frontier
).with_for_update()
_TREE = select(log_head.c.frontier)
_NODE = select(tree_nodes.c.hash).where(
    tree_nodes.c.level == bindparam("level"), tree_nodes.c.idx == bindparam("idx")
)
_LEAF = select(events_table.c.hash).where(events_table.c.global_position == bindparam("at"))
_MOVE_HEAD = update(log_head).values(
    position=bindparam("new_position"),
    hash=bindparam("new_hash"),
    recorded_at=bindparam("new_recorded_at"),
    frontier=bindparam("new_frontier"),
)
# The writer login every person shares may append rows it need not sign, a row shaped
# like a confirmation among them: on PostgreSQL only the log's owner rewrites events.
ERASURE_NEEDS_OWNER = (
    "On PostgreSQL only the log's owner may rewrite events: confirm the erasure with "
    "the owner's login (NEWSROOM_STORE naming the owner role, as for upgrades); "
    "nothing was written."
)
_INSERT_EVENTS = insert(events_table)
_REWRITE = (
    update(events_table)
    .where(events_table.c.global_position == bindparam("at"))
    .values(data=bindparam("new_data"), salt=bindparam("new_salt"))
)
_INSERT_COMMAND = insert(commands_table)
_COMMAND = select(commands_table).where(commands_table.c.command_id == bindparam("command_id"))
_COMMAND_EVENTS = (
    select(events_table)
    .where(events_table.c.global_position.between(bindparam("first"), bindparam("last")))
    .order_by(events_table.c.global_position)
)


def _pages(
    columns: Select[Any],
    query: LogQuery,
    batch_size: int,
    read: Callable[[Select[Any]], Sequence[Row[Any]]],
) -> Iterator[Row[Any]]:
    """The rows matching `query` in position order, a keyset page of `batch_size` at a time
    (the first column selected must be the global position)."""
    position = events_table.c.global_position
    conditions = _conditions(query)
    next_position = max(query.from_position, 1)
    while True:
        page = columns.where(position >= next_position, *conditions)
        rows = read(page.order_by(position).limit(batch_size))
        yield from rows
        if len(rows) < batch_size:
            return
        next_position = rows[-1][0] + 1


def _read_stream(conn: Connection, stream_id: str, to_version: int | None) -> list[RecordedEvent]:
    if to_version is None:
        rows = conn.execute(_STREAM, {"stream_id": stream_id}).all()
    else:
        rows = conn.execute(_STREAM_UP_TO, {"stream_id": stream_id, "to_version": to_version}).all()
    return [row_to_event(row) for row in rows]


def _conditions(query: LogQuery) -> list[ColumnElement[bool]]:
    c = events_table.c
    conditions: list[ColumnElement[bool]] = []
    if query.to_position is not None:
        conditions.append(c.global_position <= query.to_position)
    if query.stream_id is not None:
        conditions.append(c.stream_id == query.stream_id)
    if query.stream_prefix is not None:
        conditions.append(c.stream_id.startswith(query.stream_prefix, autoescape=True))
    if query.event_types:
        conditions.append(c.event_type.in_(query.event_types))
    if query.since is not None:
        conditions.append(c.occurred_at >= query.since)
    if query.until is not None:
        conditions.append(c.occurred_at <= query.until)
    return conditions


def _lock_head(conn: Connection) -> tuple[int, str, str | None, str | None]:
    row = conn.execute(_HEAD_LOCKED).one()
    return int(row.position), str(row.hash), row.recorded_at, row.frontier


def tree_of(conn: Connection) -> Frontier:
    """The Merkle tree's right edge as the head records it."""
    return Frontier.parse(conn.execute(_TREE).scalar())


def node_on(conn: Connection, level: int, index: int) -> bytes:
    """A perfect node of the tree: a leaf's hash from its event, one above from the nodes."""
    if level == 0:
        link = conn.execute(_LEAF, {"at": index + 1}).scalar()
        if link is None:
            raise LookupError(f"no leaf {index}")
        return leaf_hash(bytes.fromhex(link))
    found = conn.execute(_NODE, {"level": level, "idx": index}).scalar()
    if found is None:
        raise LookupError(f"no tree node {level}/{index}")
    return bytes(found)


def process_clock() -> datetime:
    """SQLite has no clock of its own: the writing process's is the store's."""
    return datetime.now(UTC)


def store_clock(conn: Connection) -> datetime:
    """PostgreSQL's `clock_timestamp()` (one clock for every writer), else the process's."""
    if conn.dialect.name == "postgresql":
        value = conn.exec_driver_sql("SELECT clock_timestamp()").scalar()
        assert isinstance(value, datetime)
        return value.astimezone(UTC)
    return process_clock()


def _stream_version(conn: Connection, stream_id: str) -> int:
    return int(conn.execute(_STREAM_VERSION, {"stream_id": stream_id}).scalar() or 0)


def _insert(
    conn: Connection,
    recorded: list[RecordedEvent],
    command: tuple[str, str, str | None],
    frontier: Frontier,
) -> None:
    conn.execute(_INSERT_EVENTS, [event_to_row(event) for event in recorded])
    last = recorded[-1]
    moved = {
        "new_position": last.global_position,
        "new_hash": last.hash,
        "new_recorded_at": last.recorded_at,
        "new_frontier": frontier.text(),
    }
    conn.execute(_MOVE_HEAD, moved)
    command_id, command_name, fingerprint = command
    conn.execute(
        _INSERT_COMMAND,
        {
            "command_id": command_id,
            "command_name": command_name,
            "stream_id": last.stream_id,
            "first_position": recorded[0].global_position,
            "last_position": last.global_position,
            "fingerprint": fingerprint,
        },
    )


def _find_command(conn: Connection, command_id: str) -> CommandRecord | None:
    row = conn.execute(_COMMAND, {"command_id": command_id}).first()
    if row is None:
        return None
    bounds = {"first": row.first_position, "last": row.last_position}
    rows = conn.execute(_COMMAND_EVENTS, bounds).all()
    return CommandRecord(
        command_id=row.command_id,
        command_name=row.command_name,
        stream_id=row.stream_id,
        events=tuple(row_to_event(r) for r in rows),
        fingerprint=row.fingerprint,
    )


def event_to_row(event: RecordedEvent) -> dict[str, Any]:
    return {
        "global_position": event.global_position,
        "stream_id": event.stream_id,
        "stream_version": event.stream_version,
        "event_id": event.event_id,
        "event_type": event.event_type,
        "schema_version": event.schema_version,
        "data": canonical_json(event.data),
        "metadata": canonical_json(event.metadata),
        "occurred_at": event.occurred_at,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
        "recorded_at": event.recorded_at,
        "salt": event.salt,
        "data_digest": event.data_digest,
        "signature": event.signature,
    }


def row_to_event(row: Row[Any]) -> RecordedEvent:
    return RecordedEvent(
        global_position=int(row.global_position),
        stream_id=row.stream_id,
        stream_version=int(row.stream_version),
        event_id=row.event_id,
        event_type=row.event_type,
        schema_version=int(row.schema_version),
        data=json.loads(row.data),
        metadata=json.loads(row.metadata),
        occurred_at=row.occurred_at,
        prev_hash=row.prev_hash,
        hash=row.hash,
        recorded_at=row.recorded_at,
        salt=row.salt,
        data_digest=row.data_digest,
        signature=row.signature,
    )
