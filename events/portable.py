"""The log as JSON Lines: one envelope per line, hashes included, then one closing line.

The closing line (`{"newsroom_export": {...}}`) counts the events and names the last
hash, so a file cut short, even at a line boundary, is refused on import.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, insert, update

from events.chain import canonical_json
from events.envelope import RecordedEvent
from events.errors import BadInput, IntegrityFailure
from events.sql import event_to_row
from events.tables import commands_table, events_table, log_head
from events.verify import Problem, verify_events

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
) -> Iterator[RecordedEvent]:
    """The events of an export file; `closing` receives its closing line when reached."""
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
        yield _event(item, number)


def _event(item: Any, number: int) -> RecordedEvent:
    if not isinstance(item, dict) or set(item) != set(FIELDS):
        raise IntegrityFailure(f"Line {number} of the export is not an event envelope.")
    return RecordedEvent(**item)


def check_export(path: Path, on_line: Callable[[int], None] = lambda n: None) -> int:
    """Verify a whole export before anything is written; the number of events in it."""
    closing: dict[str, Any] = {}
    with _open(path) as handle:
        result = verify_events(read_export(handle, closing, on_line))
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
    return result.events


def import_into(
    conn: Connection, path: Path, batch_size: int, on_batch: Callable[[int], None]
) -> int:
    """Append a verified export to an empty log, in batches, inside the caller's transaction."""
    closing: dict[str, Any] = {}
    count = 0
    with _open(path) as handle:
        events = read_export(handle, closing)
        while batch := _take(events, batch_size):
            conn.execute(insert(events_table), [event_to_row(e) for e in batch])
            conn.execute(insert(commands_table), _commands(batch))
            last = batch[-1]
            conn.execute(update(log_head).values(position=last.global_position, hash=last.hash))
            count += len(batch)
            on_batch(len(batch))
    return count


def _take(events: Iterator[RecordedEvent], size: int) -> list[RecordedEvent]:
    batch = []
    for event in events:
        batch.append(event)
        if len(batch) == size:
            break
    return batch


def _commands(batch: list[RecordedEvent]) -> list[dict[str, Any]]:
    """The command registry, rebuilt from the events' metadata (a command's events are adjacent)."""
    rows: dict[str, dict[str, Any]] = {}
    for event in batch:
        command_id = str(event.metadata.get("command_id"))
        row = rows.setdefault(
            command_id,
            {
                "command_id": command_id,
                "command_name": event.event_type,
                "stream_id": event.stream_id,
                "first_position": event.global_position,
                "fingerprint": None,
            },
        )
        row["last_position"] = event.global_position
    return list(rows.values())


def _open(path: Path) -> TextIO:
    try:
        return path.open(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror}.") from None
