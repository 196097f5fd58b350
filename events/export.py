"""The log as JSON Lines: one envelope per line, hashes included, then one closing line.

The closing line (`{"newsroom_export": {...}}`) counts the events and names the last
hash, so a file cut short, even at a line boundary, is refused on import.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from events.chain import canonical_json
from events.envelope import RecordedEvent
from events.errors import BadInput, IntegrityFailure
from events.store import RawRow
from events.verify import Problem, Verified

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
    "recorded_at",
    "salt",
    "data_digest",
    "signature",
)
FIELD_SET = frozenset(FIELDS)
# Exports written before events were signed lack the last four fields.
UNSIGNED_FIELDS = FIELDS[:11]
UNSIGNED_FIELD_SET = frozenset(UNSIGNED_FIELDS)


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
        if not isinstance(item, dict) or item.keys() not in (FIELD_SET, UNSIGNED_FIELD_SET):
            raise IntegrityFailure(f"Line {number} of the export is not an event envelope.")
        wrong = next(
            (name for name, kinds in TYPES.items() if not _is(item.get(name), kinds)), None
        )
        if wrong is not None:
            raise IntegrityFailure(f"Line {number} of the export has a malformed {wrong}.")
        yield item


# What each field must hold (`bool` is an `int` to Python, never a position to us).
TYPES: dict[str, tuple[type, ...]] = {
    **{name: (str,) for name in ("stream_id", "event_id", "event_type", "occurred_at")},
    **{name: (str,) for name in ("prev_hash", "hash")},
    **{name: (int,) for name in ("global_position", "stream_version", "schema_version")},
    "data": (dict,),
    "metadata": (dict,),
    **{name: (str, type(None)) for name in ("recorded_at", "salt", "data_digest", "signature")},
}


def _is(value: Any, kinds: tuple[type, ...]) -> bool:
    return isinstance(value, kinds) and not isinstance(value, bool)


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
        item.get("recorded_at"),
        item.get("salt"),
        item.get("data_digest"),
        item.get("signature"),
    )


def checked(result: Verified | Problem, closing: dict[str, Any]) -> Verified:
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


def open_export(path: Path) -> TextIO:
    try:
        return path.open(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror}.") from None
