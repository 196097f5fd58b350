"""Checking the log: every link of the hash chain, every position, every stream version.

Streams through the log in batches, so it runs in constant memory except for one
small integer per stream.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from events.chain import GENESIS_HASH
from events.envelope import RecordedEvent
from events.sql import build_recorded

Locate = Callable[[str], "int | None"]


@dataclass(frozen=True, slots=True)
class Problem:
    """The first thing wrong with the log, at a global position."""

    position: int
    kind: str  # changed | missing | reordered | bad link | bad version | bad head | not anchored
    detail: str

    def sentence(self) -> str:
        return f"The log is not intact at position {self.position}: {self.kind} ({self.detail})."


@dataclass(frozen=True, slots=True)
class Verified:
    head_position: int
    head_hash: str
    events: int


@dataclass
class _Walk:
    position: int = 0
    previous: str = GENESIS_HASH
    versions: dict[str, int] | None = None


def verify_events(
    events: Iterable[RecordedEvent],
    head: tuple[int, str] | None = None,
    *,
    locate: Locate | None = None,
    anchor: tuple[int, str] | None = None,
    on_event: Callable[[RecordedEvent], None] | None = None,
) -> Verified | Problem:
    """Recompute the chain over `events`, the log from position 1 in position order.

    `head`: the store's own record of its last event, which must match the walk's end.
    `locate`: finds an event by hash, to tell a reordered event from a broken link.
    `anchor`: (position, hash) published earlier; the log must still hold exactly it.
    """
    walk = _Walk(versions={})
    for event in events:
        problem = _check_one(event, walk, locate)
        if problem is not None:
            return problem
        if anchor is not None and event.global_position == anchor[0] and event.hash != anchor[1]:
            return Problem(anchor[0], "not anchored", f"its hash is {event.hash}, not {anchor[1]}")
        walk.position, walk.previous = event.global_position, event.hash
        if on_event is not None:
            on_event(event)
    if head is not None and head != (walk.position, walk.previous):
        return Problem(
            walk.position + 1,
            "missing",
            f"the log ends at {walk.position} but its head says {head[0]}",
        )
    if anchor is not None and anchor[0] > walk.position:
        return Problem(anchor[0], "not anchored", f"the log ends at {walk.position}")
    return Verified(walk.position, walk.previous, walk.position)


def _check_one(event: RecordedEvent, walk: _Walk, locate: Locate | None) -> Problem | None:
    at, expected = event.global_position, walk.position + 1
    if at > expected:
        return Problem(expected, "missing", f"the next event present is at {at}")
    if at < expected:
        return Problem(at, "reordered", f"position {at} appears after {walk.position}")
    if event.prev_hash != walk.previous:
        return _bad_link(event, locate)
    fields = {
        k: getattr(event, k) for k in RecordedEvent.__slots__ if k not in ("hash", "prev_hash")
    }
    if build_recorded(prev_hash=walk.previous, **fields).hash != event.hash:
        return Problem(at, "changed", "its content no longer matches its hash")
    assert walk.versions is not None
    wanted = walk.versions.get(event.stream_id, 0) + 1
    if event.stream_version != wanted:
        detail = f"{event.stream_id} jumps to version {event.stream_version}, not {wanted}"
        return Problem(at, "bad version", detail)
    walk.versions[event.stream_id] = event.stream_version
    return None


def _bad_link(event: RecordedEvent, locate: Locate | None) -> Problem:
    """An event that follows the wrong one: moved here from elsewhere, or its link forged."""
    follows = locate(event.prev_hash) if locate is not None else None
    at = event.global_position
    if follows is not None and follows + 1 != at:
        return Problem(
            at,
            "reordered",
            f"this event follows position {follows}, so it belongs at {follows + 1}",
        )
    return Problem(at, "bad link", "prev_hash is not the hash of the event before")
