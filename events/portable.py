"""The log as JSON Lines: one envelope per line, hashes included, then one closing line.

The closing line (`{"newsroom_export": {...}}`) counts the events and names the last
hash, so a file cut short, even at a line boundary, is refused on import.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, update

from events.chain import canonical_json
from events.db import insert_rows
from events.envelope import RecordedEvent
from events.errors import BadInput, IntegrityFailure
from events.sql import RawRow
from events.tables import commands_table, events_table, log_head
from events.verify import Problem, Verified, verify_events

TRAILER = "newsroom_export"
FIELDS = (
    "global_position",
    "stream_id",
    "stream_version",
    "event_id",
    "event_type",
    "schema_version",
    "data",
    "metadata",
    "occurred_at",
    "prev_hash",
    "hash",
)
FIELD_SET = frozenset(FIELDS)


def export_lines(events: Iterable[RecordedEvent]) -> Iterator[str]:
    """Each event as one canonical JSON line, then the closing line."""
    count, first, last = 0, None, None
    for event in events:
        count, last = count + 1, event
        first = first or event.global_position
        yield canonical_json({name: getattr(event, name) for name in FIELDS}) + "\n"
    closing = {
        "events": count,
        "first_position": first,
        "last_position": last.global_position if last else None,
        "last_hash": last.hash if last else None,
    }
    yield canonical_json({TRAILER: closing}) + "\n"


def read_export(
    handle: TextIO, closing: dict[str, Any], on_line: Callable[[int], None] = lambda n: None
) -> Iterator[dict[str, Any]]:
    """The envelopes of an export file; `closing` receives its closing line when reached."""
    for number, line in enumerate(handle, start=1):
        on_line(len(line))
        try:
            item = json.loads(line)
        except ValueError:
            raise IntegrityFailure(
                f"Line {number} of the export is not JSON: the file is damaged or cut short."
            ) from None
        if closing:
            raise IntegrityFailure(f"Line {number} follows the export's closing line.")
        if isinstance(item, dict) and TRAILER in item:
            closing.update(item[TRAILER])
            continue
        if not isinstance(item, dict) or item.keys() != FIELD_SET:
            raise IntegrityFailure(f"Line {number} of the export is not an event envelope.")
        yield item


def raw_row(item: dict[str, Any]) -> RawRow:
    """An envelope as the log stores it: data and metadata as their canonical JSON."""
    return RawRow(
        item["global_position"],
        item["stream_id"],
        item["stream_version"],
        item["event_id"],
        item["event_type"],
        item["schema_version"],
        canonical_json(item["data"]),
        canonical_json(item["metadata"]),
        item["occurred_at"],
        item["prev_hash"],
        item["hash"],
    )


def import_into(
    conn: Connection, path: Path, batch_size: int, on_line: Callable[[int], None]
) -> Verified:
    """Check and append an export to an empty log in one pass, in the caller's transaction.

    Rows are written as they are read and checked; any problem raises before the
    caller commits, so a damaged file writes nothing. Returns the new log's head.
    """
    closing: dict[str, Any] = {}
    loader = _Loader(conn, batch_size)
    with _open(path) as handle:
        result = verify_events(loader.staged(read_export(handle, closing, on_line)))
    loader.flush(final=True)
    verified = _checked(result, closing)
    if verified.events:
        head = update(log_head).values(position=verified.head_position, hash=verified.head_hash)
        conn.execute(head)
    return verified


class _Loader:
    """Batches rows for the log and the command registry (a command's events are adjacent)."""

    def __init__(self, conn: Connection, batch_size: int):
        self.conn, self.batch_size = conn, batch_size
        self.rows: list[RawRow] = []
        self.commands: list[list[Any]] = []

    def staged(self, items: Iterable[dict[str, Any]]) -> Iterator[RawRow]:
        for item in items:
            row = raw_row(item)
            self._command(item, row)
            self.rows.append(row)
            if len(self.rows) >= self.batch_size:
                self.flush()
            yield row

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
        # The last command may go on in the next batch: it is written once complete.
        done = self.commands if final else self.commands[:-1]
        insert_rows(self.conn, commands_table, [tuple(command) for command in done])
        self.rows, self.commands = [], [] if final else self.commands[-1:]


def _checked(result: Verified | Problem, closing: dict[str, Any]) -> Verified:
    if isinstance(result, Problem):
        raise IntegrityFailure(
            f"The export does not verify at position {result.position}: "
            f"{result.kind} ({result.detail})."
        )
    if not closing:
        raise IntegrityFailure("The export has no closing line: the file was cut short.")
    expected = (closing.get("events"), closing.get("last_hash"))
    if expected != (result.events, result.head_hash if result.events else None):
        raise IntegrityFailure(
            f"The export's closing line promises {closing.get('events')} events, "
            f"the file holds {result.events}: events were removed or added."
        )
    return result


def _open(path: Path) -> TextIO:
    try:
        return path.open(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror}.") from None
