"""The log as JSON Lines: one envelope per line, hashes included, then one closing line.

The closing line (`{"newsroom_export": {...}}`) counts the events and names the last
hash, so a file cut short, even at a line boundary, is refused on import.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from events.chain import canonical_json
from events.envelope import RecordedEvent
from events.erasures import CONFIRMED
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


class ExportLines:
    """Which line of the file each event was read from, to name it in a refusal.

    Lines follow positions one for one in a sound file; only the points where that
    offset changes are kept, so a file of millions of events costs a few integers.
    """

    def __init__(self) -> None:
        self.read = 0  # lines read so far
        self.line = 0  # the line of the event being checked
        self.position: int | None = None  # and its position
        self.closing_line = 0
        self._starts: list[int] = []  # positions where the offset changes
        self._offsets: list[int] = []  # line - position from there on

    def note(self, line: int, position: int) -> None:
        """The event at `position` was read from `line`; the one before was accepted."""
        if self.position is not None:
            offset = self.line - self.position
            if not self._offsets or self._offsets[-1] != offset:
                self._starts.append(self.position)
                self._offsets.append(offset)
        self.line, self.position = line, position

    def line_of(self, position: int) -> int:
        """The line of an event already accepted, else the line being checked."""
        if self.position is None or position >= self.position or not self._starts:
            return self.line
        if position < self._starts[0]:
            return self.line
        index = bisect.bisect_right(self._starts, position) - 1
        return position + self._offsets[index]


def read_export(
    handle: BinaryIO,
    closing: dict[str, Any],
    on_line: Callable[[int], None] = lambda n: None,
    lines: ExportLines | None = None,
) -> Iterator[dict[str, Any]]:
    """The envelopes of an export file; `closing` receives its closing line when reached.

    Anything but a sound export is `IntegrityFailure` naming the line: bytes that are
    not UTF-8, a line that is not JSON or not an envelope, a field of the wrong type,
    a line cut off before its end, anything after the closing line.
    """
    lines = lines if lines is not None else ExportLines()
    for number, raw in enumerate(handle, start=1):
        lines.read = number
        on_line(len(raw))
        item = _parsed(number, raw)
        if closing:
            raise IntegrityFailure(f"Line {number} follows the export's closing line.")
        if not raw.endswith(b"\n"):
            raise IntegrityFailure(
                f"Line {number} of the export stops before its end: the file was cut short."
            )
        if isinstance(item, dict) and TRAILER in item:
            if not isinstance(item[TRAILER], dict) or not item[TRAILER] or len(item) != 1:
                raise IntegrityFailure(f"Line {number} of the export is not a closing line.")
            closing.update(item[TRAILER])
            lines.closing_line = number
            continue
        if not isinstance(item, dict) or item.keys() not in (FIELD_SET, UNSIGNED_FIELD_SET):
            raise IntegrityFailure(f"Line {number} of the export is not an event envelope.")
        wrong = next(
            (name for name, kinds in TYPES.items() if not _is(item.get(name), kinds)), None
        )
        if wrong is not None:
            raise IntegrityFailure(f"Line {number} of the export has a malformed {wrong}.")
        lines.note(number, item["global_position"])
        yield item


def _parsed(number: int, raw: bytes) -> Any:
    """One line's JSON, from bytes that must be UTF-8 and text that must be Unicode."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise IntegrityFailure(
            f"Line {number} of the export is not UTF-8 text: the file is damaged."
        ) from None
    try:
        item = json.loads(text)
    except (ValueError, RecursionError):
        raise IntegrityFailure(
            f"Line {number} of the export is not JSON: the file is damaged or cut short."
        ) from None
    # JSON may spell half a surrogate pair (\ud800), which no UTF-8 text can hold: newsroom
    # writes text as it is, so only a line with such an escape needs a closer look.
    if "\\ud" in text.lower():
        try:
            canonical_json(item).encode("utf-8")
        except UnicodeEncodeError:
            raise IntegrityFailure(
                f"Line {number} of the export holds text that is not valid Unicode."
            ) from None
    return item


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


def checked(
    result: Verified | Problem, closing: dict[str, Any], lines: ExportLines | None = None
) -> Verified:
    lines = lines if lines is not None else ExportLines()
    if isinstance(result, Problem):
        raise IntegrityFailure(refusal(result, lines))
    if not closing:
        raise IntegrityFailure(
            f"The export has no closing line after line {lines.read}: the file was cut short."
        )
    expected = (closing.get("events"), closing.get("last_hash"))
    if expected != (result.events, result.head_hash if result.events else None):
        raise IntegrityFailure(
            f"The export's closing line (line {lines.closing_line}) promises "
            f"{closing.get('events')} events, the file holds {result.events}: events were "
            "removed or added."
        )
    return result


def refusal(problem: Problem, lines: ExportLines) -> str:
    """What is wrong with the export, at the line of the event it is wrong with."""
    return (
        f"Line {lines.line_of(problem.position)} of the export does not verify at position "
        f"{problem.position}: {problem.kind} ({problem.detail})."
    )


CONFIRMED_BYTES = f'"{CONFIRMED}"'.encode()  # a line that may be one, before parsing it


def confirmations_in(path: Path) -> list[tuple[int, str]]:
    """The erasures an export carries (position, data as stored), read before the file is
    checked: each erased event comes before its confirmation. A damaged line is left to
    the checking pass, which names it."""
    found = []
    with open_export(path) as handle:
        for raw in handle:
            if CONFIRMED_BYTES not in raw:
                continue
            try:
                item = json.loads(raw)
                if item["event_type"] == CONFIRMED:
                    found.append((int(item["global_position"]), canonical_json(item["data"])))
            except (ValueError, KeyError, TypeError):
                continue
    return found


def open_export(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror}.") from None
