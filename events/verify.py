"""Checking the log: every link of the hash chain, every position, every stream version.

Streams through the log in batches, so it runs in constant memory except for one
small integer per stream.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from events.chain import GENESIS_HASH
from events.envelope import RecordedEvent
from events.sql import build_recorded


@dataclass(frozen=True, slots=True)
class Problem:
    """The first thing wrong with the log, at a global position."""

    position: int
    kind: str  # changed | missing | reordered | bad link | bad version | bad head
    detail: str

    def sentence(self) -> str:
        return f"The log is not intact at position {self.position}: {self.kind} ({self.detail})."


@dataclass(frozen=True, slots=True)
class Verified:
    head_position: int
    head_hash: str
    events: int


def verify_events(
    events: Iterable[RecordedEvent], head: tuple[int, str] | None = None
) -> Verified | Problem:
    """Recompute the chain over `events` (the whole log, in position order)."""
    expected_position, previous = 1, GENESIS_HASH
    versions: dict[str, int] = {}
    for event in events:
        problem = _check_one(event, expected_position, previous, versions)
        if problem is not None:
            return problem
        versions[event.stream_id] = event.stream_version
        expected_position, previous = event.global_position + 1, event.hash
    last = expected_position - 1
    if head is not None and head != (last, previous):
        return Problem(last + 1, "bad head", f"the log ends at {last} but its head says {head[0]}")
    return Verified(last, previous, last)


def _check_one(
    event: RecordedEvent, expected: int, previous: str, versions: dict[str, int]
) -> Problem | None:
    at = event.global_position
    if at > expected:
        return Problem(expected, "missing", f"the next event present is at {at}")
    if at < expected:
        return Problem(at, "reordered", f"position {at} appears after {expected - 1}")
    if event.prev_hash != previous:
        return Problem(at, "bad link", "prev_hash is not the hash of the event before")
    fields = {
        k: getattr(event, k) for k in RecordedEvent.__slots__ if k not in ("hash", "prev_hash")
    }
    if build_recorded(prev_hash=previous, **fields).hash != event.hash:
        return Problem(at, "changed", "its content no longer matches its hash")
    wanted = versions.get(event.stream_id, 0) + 1
    if event.stream_version != wanted:
        return Problem(
            at,
            "bad version",
            f"{event.stream_id} jumps to version {event.stream_version}, not {wanted}",
        )
    return None
