"""Checking the log: every link of the hash chain, every position, every stream version.

Streams through the log in batches, so it runs in constant memory except for one
small integer per stream. It works on rows as stored (`RawRow`) or on events read
back from an export (`RecordedEvent`): both carry the texts the hashes cover.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from events.chain import GENESIS_HASH, event_hash, salted_digest, sealed_hash
from events.envelope import Authored, authored_of
from events.erasures import CONFIRMED, CONTENT_FIELDS, Erasures
from events.merkle import EMPTY_ROOT, Frontier

Locate = Callable[[str], "int | None"]


class Link(Authored, Protocol):
    """What the chain covers of one event."""

    @property
    def data_json(self) -> str: ...
    @property
    def salt(self) -> str | None: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


# Checks more of each event once its link holds (signatures, the rules); the first
# problem found stops the walk.
Check = Callable[[Link], "Problem | None"]


@dataclass(frozen=True, slots=True)
class Problem:
    """The first thing wrong with the log, at a global position."""

    position: int
    # changed | missing | reordered | bad link | bad version | bad head | beyond the head
    # | not anchored | unsigned | clock set back | clock set ahead | forged signature | copied
    # | unlawful
    kind: str
    detail: str

    def sentence(self) -> str:
        return f"The log is not intact at position {self.position}: {self.kind} ({self.detail})."


@dataclass(frozen=True, slots=True)
class Verified:
    head_position: int
    head_hash: str
    events: int
    signed_from: int | None = None  # the first signed event; those before are unsigned
    last_recorded: str | None = None
    tree_root: bytes = EMPTY_ROOT  # the Merkle tree's root, recomputed over the walk


@dataclass
class _Walk:
    position: int = 0
    previous: str = GENESIS_HASH
    versions: dict[str, int] = field(default_factory=dict)
    signed_from: int | None = None
    last_recorded: str | None = None
    not_after: str | None = None
    tree: Frontier = field(default_factory=Frontier)
    erasures: Erasures = field(default_factory=Erasures)


def verify_events(
    events: Iterable[Link],
    head: tuple[int, str] | None = None,
    *,
    locate: Locate | None = None,
    anchor: tuple[int, str] | None = None,
    on_event: Callable[[int], None] | None = None,
    check: Check | None = None,
    finish: Callable[[], Problem | None] | None = None,
    not_after: str | None = None,
    erasures: Erasures | None = None,
) -> Verified | Problem:
    """Recompute the chain over `events`, the log from position 1 in position order.

    `head`: the store's own record of its last event, which must match the walk's end.
    `locate`: finds an event by hash, to tell a reordered event from a broken link.
    `anchor`: (position, hash) published earlier; the log must still hold exactly it.
    `on_event`: called with 1 per event checked (progress).
    `check`: more to prove of each event whose link holds; `finish`: the last of it, once
    every event has been given to `check` (checks still running elsewhere).
    `not_after`: the time of checking; no event can have been recorded later.
    `erasures`: what the log's confirmed redactions rewrote (`events.erasures`).
    """
    walk = _Walk(not_after=not_after, erasures=erasures or Erasures())
    for event in events:
        problem = _check_one(event, walk, locate) or (check(event) if check else None)
        if problem is not None:
            return problem
        if anchor is not None and event.global_position == anchor[0] and event.hash != anchor[1]:
            return Problem(anchor[0], "not anchored", f"its hash is {event.hash}, not {anchor[1]}")
        walk.position, walk.previous = event.global_position, event.hash
        walk.tree.append(bytes.fromhex(event.hash))
        if on_event is not None:
            on_event(1)
    late = finish() if finish is not None else None
    if late is not None:
        return late
    if head is not None and head != (walk.position, walk.previous):
        return _head_problem(head, walk)
    if anchor is not None and anchor[0] > walk.position:
        return Problem(anchor[0], "not anchored", f"the log ends at {walk.position}")
    return Verified(
        walk.position,
        walk.previous,
        walk.position,
        walk.signed_from,
        walk.last_recorded,
        walk.tree.root(),
    )


def _check_one(event: Link, walk: _Walk, locate: Locate | None) -> Problem | None:
    at, expected = event.global_position, walk.position + 1
    if at > expected:
        return Problem(expected, "missing", f"the next event present is at {at}")
    if at < expected:
        return Problem(at, "reordered", f"position {at} appears after {walk.position}")
    if event.prev_hash != walk.previous:
        return _bad_link(event, locate)
    problem = _sealed(event, walk) if event.data_digest is not None else _unsealed(event, walk)
    if problem is not None:
        return problem
    wanted = walk.versions.get(event.stream_id, 0) + 1
    if event.stream_version != wanted:
        detail = f"{event.stream_id} jumps to version {event.stream_version}, not {wanted}"
        return Problem(at, "bad version", detail)
    walk.versions[event.stream_id] = event.stream_version
    return None


def _sealed(event: Link, walk: _Walk) -> Problem | None:
    """A signed event: its data matches its digest, its link covers the signature, and
    the store's clock has not gone back."""
    at = event.global_position
    if event.recorded_at is None or event.signature is None:
        return Problem(at, "unsigned", "a signed event without its signature or store clock")
    if not _matches_digest(event, walk.erasures.expected_digest(at, event.data_digest)):
        if at in walk.erasures.digests:
            detail = "its data is not what the redaction that erased it left there"
            return Problem(at, "changed", detail)
        return Problem(at, "changed", "its data no longer matches its salted digest")
    if event.event_type == CONFIRMED and at in walk.erasures.ahead:
        return Problem(at, "unlawful", "it erases an event that comes after it")
    erased_as = walk.erasures.streams.get(at)
    if erased_as is not None and erased_as != event.stream_id:
        detail = f"a redaction of {erased_as} rewrote it, yet it belongs to {event.stream_id}"
        return Problem(at, "unlawful", detail)
    if erased_as is not None and event.event_type not in CONTENT_FIELDS:
        detail = f"a redaction rewrote it, yet a {event.event_type} holds no words to erase"
        return Problem(at, "unlawful", detail)
    if sealed_hash(event.prev_hash, at, authored_of(event), event.signature) != event.hash:
        return Problem(at, "changed", "its content no longer matches its hash")
    if walk.last_recorded is not None and event.recorded_at < walk.last_recorded:
        detail = f"recorded at {event.recorded_at}, before the event ahead of it"
        return Problem(at, "clock set back", detail)
    if walk.not_after is not None and event.recorded_at > walk.not_after:
        detail = f"recorded at {event.recorded_at}, later than the time of checking"
        return Problem(at, "clock set ahead", detail)
    walk.last_recorded = event.recorded_at
    if walk.signed_from is None:
        walk.signed_from = at
    return None


def recomputed_hash(event: Link, erased_to: str | None = None) -> str | None:
    """The hash an event's own fields give it (None: a signed event whose data no longer
    matches its digest): what a reader checks one event by, with no log around it.
    `erased_to`: the digest a confirmed erasure names for the data it left there."""
    if event.data_digest is None:
        return _recomputed(event)
    if event.signature is None or event.recorded_at is None:
        return None
    if not _matches_digest(event, erased_to or event.data_digest):
        return None
    return sealed_hash(event.prev_hash, event.global_position, authored_of(event), event.signature)


def _matches_digest(event: Link, digest: str | None) -> bool:
    """Its data and salt give the digest. A signed event always has both (erasing them is
    a later, recorded act that leaves new ones, never a silent blank)."""
    if event.salt is None or digest is None:
        return False
    try:
        return salted_digest(event.salt, event.data_json) == digest
    except ValueError:  # a salt that is not hex
        return False


def _unsealed(event: Link, walk: _Walk) -> Problem | None:
    """An event from before signing began: its hash as before, and no signed one ahead."""
    at = event.global_position
    if walk.signed_from is not None:
        detail = f"signing began at position {walk.signed_from}; every event since is signed"
        return Problem(at, "unsigned", detail)
    if _recomputed(event) != event.hash:
        return Problem(at, "changed", "its content no longer matches its hash")
    return None


def _recomputed(event: Link) -> str:
    return event_hash(
        event.prev_hash,
        global_position=event.global_position,
        stream_id=event.stream_id,
        stream_version=event.stream_version,
        event_id=event.event_id,
        event_type=event.event_type,
        schema_version=event.schema_version,
        data_json=event.data_json,
        metadata_json=event.metadata_json,
        occurred_at=event.occurred_at,
    )


def _head_problem(head: tuple[int, str], walk: _Walk) -> Problem:
    """The log's own record of its last event disagrees with the events themselves."""
    if walk.position < head[0]:
        detail = f"the log ends at {walk.position} but its head says {head[0]}"
        return Problem(walk.position + 1, "missing", detail)
    if walk.position > head[0]:
        detail = f"events run on to {walk.position} past the head at {head[0]}"
        return Problem(head[0] + 1, "beyond the head", detail)
    return Problem(head[0], "bad head", "the head records another hash for the last event")


def _bad_link(event: Link, locate: Locate | None) -> Problem:
    """An event that follows the wrong one: moved here from elsewhere, or its link forged."""
    follows = locate(event.prev_hash) if locate is not None else None
    at = event.global_position
    if follows is not None and follows + 1 != at:
        detail = f"this event follows position {follows}, so it belongs at {follows + 1}"
        return Problem(at, "reordered", detail)
    return Problem(at, "bad link", "prev_hash is not the hash of the event before")
