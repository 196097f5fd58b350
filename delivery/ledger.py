"""The delivery ledger's rows: one per attempt to send an event to a hook, as it ended.

Each hook has a chain of its own: a row's hash is SHA-256 of the hash before it (64 zeros
for the hook's first) and the canonical JSON of its fields, so a row changed, removed
or moved is found by `verify` even if whoever did it got past the database's triggers.
One chain per hook, not one for the ledger: hooks delivering at once never wait for
each other's rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from events.chain import GENESIS_HASH, canonical_json, link_hash
from events.envelope import RecordedEvent
from workflow.hooks import Hook

DELIVERED = "delivered"
FAILED = "failed"  # an attempt that will be tried again
DEAD_LETTERED = "dead-lettered"  # the last attempt: the event waits for `hooks retry`
OUTCOMES = (DELIVERED, FAILED, DEAD_LETTERED)
LEDGER_TAG = "newsroom-delivery/1"
ERROR_LIMIT = 500

# `scheme://user:password@` in a receiver's words: the password never reaches the ledger.
_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s/:@]*:)[^\s/@]*@")


@dataclass(frozen=True, slots=True)
class Attempt:
    """How one attempt ended, before the ledger numbers and chains it."""

    name: str
    global_position: int
    event_id: str
    event_type: str
    stream_id: str
    outcome: str
    code: int | None = None
    error: str = ""
    retry: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    """A row of the ledger, as stored."""

    name: str
    seq: int
    global_position: int
    event_id: str
    event_type: str
    stream_id: str
    attempt: int
    retry: bool
    outcome: str
    code: int | None
    error: str
    recorded_at: str
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class Logged:
    """The log's own event at a row's position: what the row must name."""

    event_id: str
    event_type: str
    stream_id: str


def attempt_of(
    hook: Hook,
    record: RecordedEvent,
    outcome: str,
    code: int | None = None,
    error: str = "",
    *,
    retry: bool = False,
) -> Attempt:
    return Attempt(
        name=hook.name,
        global_position=record.global_position,
        event_id=record.event_id,
        event_type=record.event_type,
        stream_id=record.stream_id,
        outcome=outcome,
        code=code,
        error=one_line(error),
        retry=retry,
    )


def one_line(error: str) -> str:
    """An error as the ledger keeps it: one line, bounded, with no password in a URL."""
    flat = " ".join(error.split())
    return _PASSWORD.sub(r"\1***@", flat)[:ERROR_LIMIT]


def chained(attempt: Attempt, seq: int, number: int, recorded_at: str, prev_hash: str) -> Entry:
    """The attempt as the `seq`th row of its hook's chain, its `number`th for this event."""
    unlinked = Entry(
        name=attempt.name,
        seq=seq,
        global_position=attempt.global_position,
        event_id=attempt.event_id,
        event_type=attempt.event_type,
        stream_id=attempt.stream_id,
        attempt=number,
        retry=attempt.retry,
        outcome=attempt.outcome,
        code=attempt.code,
        error=attempt.error,
        recorded_at=recorded_at,
        prev_hash=prev_hash,
        hash="",
    )
    return replace(unlinked, hash=entry_hash(unlinked))


def entry_hash(entry: Entry) -> str:
    """What a row's hash must be: its fields, and the hash of the row before it."""
    fields = [
        LEDGER_TAG,
        entry.name,
        entry.seq,
        entry.global_position,
        entry.event_id,
        entry.event_type,
        entry.stream_id,
        entry.attempt,
        entry.retry,
        entry.outcome,
        entry.code,
        entry.error,
        entry.recorded_at,
    ]
    return link_hash(entry.prev_hash, canonical_json(fields))


FIRST_LINK = GENESIS_HASH
