"""The delivery ledger in the store: appended under each hook's head row, read whole.

Appending locks the hook's row in `hook_ledger_heads` (SQLite: the write lock every
write transaction takes; PostgreSQL: SELECT … FOR UPDATE), so two processes delivering
to one hook (`hooks run` and `hooks retry`) chain their rows one after the other, and
hooks on threads of their own never wait for each other. Whoever appends does it first
in its transaction, before the checkpoint or the dead letter: one lock order for all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Engine, Row, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from delivery.ledger import FIRST_LINK, Attempt, Entry, Logged, chained
from events.instants import occurred_at_text
from events.sql.store import store_clock
from events.sql.tables import events_table, hook_deliveries, hook_ledger_heads, log_head
from events.store import later_of

ledger, heads = hook_deliveries, hook_ledger_heads

_LOCK_HEAD = (
    select(heads.c.seq, heads.c.hash, heads.c.recorded_at)
    .where(heads.c.name == bindparam("name"))
    .with_for_update()
)
_LAST_ATTEMPT = select(func.max(ledger.c.attempt)).where(
    ledger.c.name == bindparam("name"), ledger.c.global_position == bindparam("position")
)
_LOG_CLOCK = select(log_head.c.recorded_at)


def append_attempt(conn: Connection, attempt: Attempt) -> Entry:
    """Number, time and chain the attempt as the next row of its hook's chain."""
    seq, prev_hash, last = _locked_head(conn, attempt.name)
    bounds = {"name": attempt.name, "position": attempt.global_position}
    number = 1 + int(conn.execute(_LAST_ATTEMPT, bounds).scalar() or 0)
    # The store's clock, as the log takes it, and never before the log's last event (so
    # never before the hook was wired) nor this hook's last row.
    held = max(last, str(conn.execute(_LOG_CLOCK).scalar() or ""))
    recorded_at = occurred_at_text(later_of(store_clock(conn), held or None))
    entry = chained(attempt, seq + 1, number, recorded_at, prev_hash)
    conn.execute(insert(ledger).values(**_row(entry)))
    moved = {"seq": entry.seq, "hash": entry.hash, "recorded_at": recorded_at}
    conn.execute(update(heads).where(heads.c.name == attempt.name).values(**moved))
    return entry


def _locked_head(conn: Connection, name: str) -> tuple[int, str, str]:
    """The hook's chain head, locked; made first if the hook has none (two first appends
    at once: one makes it, the other waits for its lock)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    first = {"name": name, "seq": 0, "hash": FIRST_LINK, "recorded_at": ""}
    conn.execute(dialect.insert(heads).values(**first).on_conflict_do_nothing())
    row = conn.execute(_LOCK_HEAD, {"name": name}).one()
    return int(row.seq), str(row.hash), str(row.recorded_at)


def _row(entry: Entry) -> dict[str, Any]:
    return {field: getattr(entry, field) for field in Entry.__slots__}


def entry_of(row: Row[Any]) -> Entry:
    fields = {name: row._mapping[name] for name in Entry.__slots__}
    code = fields["code"]
    return Entry(
        **{**fields, "retry": bool(fields["retry"]), "code": None if code is None else int(code)}
    )


def entries_for_stream(engine: Engine, stream_id: str) -> list[Entry]:
    """Every attempt at an event of one stream, hook by hook, in each chain's order."""
    query = (
        select(ledger).where(ledger.c.stream_id == stream_id).order_by(ledger.c.name, ledger.c.seq)
    )
    with engine.connect() as conn:
        return [entry_of(row) for row in conn.execute(query)]


def checked_rows(conn: Connection, batch: int = 5000) -> Iterator[tuple[Entry, Logged | None]]:
    """Every row, hook by hook in chain order, beside the log's event at its position:
    one streamed query, joined on the log's primary key."""
    c = events_table.c
    query = (
        select(
            ledger,
            c.event_id.label("log_id"),
            c.event_type.label("log_type"),
            c.stream_id.label("log_stream"),
        )
        .select_from(ledger.outerjoin(events_table, c.global_position == ledger.c.global_position))
        .order_by(ledger.c.name, ledger.c.seq)
        .execution_options(yield_per=batch)
    )
    for row in conn.execute(query):
        logged = None if row.log_id is None else Logged(row.log_id, row.log_type, row.log_stream)
        yield entry_of(row), logged


def chain_heads(conn: Connection) -> dict[str, tuple[int, str]]:
    """Each hook's chain head as the store records it: its last row and that row's hash."""
    return {str(r.name): (int(r.seq), str(r.hash)) for r in conn.execute(select(heads))}


def registrations(conn: Connection) -> dict[str, str]:
    """Each hook name ever wired in the log, with when it was first ("" before 0005)."""
    c = events_table.c
    query = (
        select(c.data, c.recorded_at)
        .where(c.event_type == "HookRegistered")
        .order_by(c.global_position)
    )
    wired: dict[str, str] = {}
    for data, recorded_at in conn.execute(query):
        wired.setdefault(str(json.loads(data).get("name")), recorded_at or "")
    return wired
