"""Loading an export into an empty log: checked as it is read, written in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, update
from sqlalchemy.exc import IntegrityError

from events.erasures import Erasures
from events.errors import IntegrityFailure
from events.export import ExportLines, checked, open_export, raw_row, read_export
from events.merkle import Frontier
from events.sql.engine import insert_rows
from events.sql.tables import commands_table, events_table, log_head, tree_nodes
from events.store import RawRow
from events.verify import Check, Problem, Verified, verify_events


def import_into(
    conn: Connection,
    path: Path,
    batch_size: int,
    on_line: Callable[[int], None],
    check: Check | None = None,
    finish: Callable[[], Problem | None] | None = None,
    erasures: Erasures | None = None,
) -> Verified:
    """Check and append an export to an empty log in one pass, in the caller's transaction.

    Rows are written as they are read and checked; any problem raises before the
    caller commits, so a damaged file writes nothing. Returns the new log's head.
    """
    closing: dict[str, Any] = {}
    lines = ExportLines()
    loader = _Loader(conn, batch_size)
    try:
        with open_export(path) as handle:
            staged = loader.staged(read_export(handle, closing, on_line, lines))
            result = verify_events(staged, check=check, finish=finish, erasures=erasures)
        if isinstance(result, Problem):  # its rows, the bad one among them, stay unwritten
            checked(result, closing, lines)
        loader.flush(final=True)
    except IntegrityError:
        # Only a repeat gets this far: an event id or a command id the file gave before.
        raise IntegrityFailure(
            f"The export repeats an event or a command it already holds (by line {lines.read}):"
            " the file is damaged."
        ) from None
    verified = checked(result, closing, lines)
    if verified.events:
        head = update(log_head).values(
            position=verified.head_position,
            hash=verified.head_hash,
            recorded_at=verified.last_recorded,
            frontier=loader.frontier.text(),
        )
        conn.execute(head)
    return verified


class _Loader:
    """Batches rows for the log and the command registry (a command's events are adjacent)."""

    def __init__(self, conn: Connection, batch_size: int):
        self.conn, self.batch_size = conn, batch_size
        self.rows: list[RawRow] = []
        self.commands: list[list[Any]] = []
        self.frontier = Frontier()  # the Merkle tree, grown as the log is
        self.nodes: list[tuple[int, int, bytes]] = []

    def staged(self, items: Iterable[dict[str, Any]]) -> Iterator[RawRow]:
        for item in items:
            row = raw_row(item)
            self._command(item, row)
            self.rows.append(row)
            yield row
            # Checked now (the walk has moved on from it), so its hash is a hash.
            self.nodes += self.frontier.append(bytes.fromhex(row.hash))
            if len(self.rows) >= self.batch_size:
                self.flush()

    def _command(self, item: dict[str, Any], row: RawRow) -> None:
        command_id = str(item["metadata"].get("command_id"))
        current = self.commands[-1] if self.commands else None
        if current is not None and current[0] == command_id:
            current[4] = row.global_position
            return
        position = row.global_position
        self.commands.append([command_id, row.event_type, row.stream_id, position, position, None])

    def flush(self, *, final: bool = False) -> None:
        insert_rows(self.conn, events_table, self.rows)
        insert_rows(self.conn, tree_nodes, self.nodes)
        self.nodes = []
        # The last command may go on in the next batch: it is written once complete.
        done = self.commands if final else self.commands[:-1]
        insert_rows(self.conn, commands_table, [tuple(command) for command in done])
        self.rows, self.commands = [], [] if final else self.commands[-1:]
