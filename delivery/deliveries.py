"""Who got what: for one article, each hook that hears its events, and how each event
fared there, from the delivery ledger, the dead letters and the checkpoints.

A hook delivered an event if the ledger holds its delivery; it is failing while the
event is one of its dead letters; pending while the event lies past its checkpoint;
"unrecorded" if the hook went past it before the ledger began (schema 0008).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from delivery.deliver import DeadLetter
from delivery.ledger import DELIVERED, Entry
from delivery.ledger_store import entries_for_stream
from delivery.state import HookState
from events.envelope import RecordedEvent
from workflow.hooks import Hook

RETRACTION = "ArticleRetracted"
FAILING, PENDING, UNRECORDED = "failing", "pending", "unrecorded"
COUNTED = (DELIVERED, FAILING, PENDING)  # what `deliveries` sums up


@dataclass(frozen=True, slots=True)
class Delivery:
    """One event of the article at one hook."""

    hook: str
    global_position: int
    version: int
    event_type: str
    event_id: str
    retraction_notice: bool
    status: str  # delivered | failing | pending | unrecorded | a removed hook's last outcome
    at: str | None  # when it was delivered, or last tried
    attempts: int
    code: int | None  # the receiver's HTTP status or the program's exit code
    error: str
    retry: bool  # delivered (or last tried) by `hooks retry`
    wired: bool  # the hook is wired still


def deliveries_of(
    state: HookState, hooks: Mapping[str, Hook], events: Sequence[RecordedEvent]
) -> list[Delivery]:
    """What the store says of an article's events (its stream, oldest first)."""
    if not events:
        return []
    entries = entries_for_stream(state.engine, events[0].stream_id)
    checkpoints = {name: state.checkpoint(name) for name in hooks}
    return who_got_what(events, hooks, entries, state.dead_letters(), checkpoints)


def who_got_what(
    events: Sequence[RecordedEvent],
    hooks: Mapping[str, Hook],
    entries: Sequence[Entry],
    letters: Sequence[DeadLetter],
    checkpoints: Mapping[str, int | None],
) -> list[Delivery]:
    """Hook by hook, event by event: every event a wired hook hears, and every one the
    ledger has an attempt at (a hook since removed, or wired to hear other events)."""
    tries: dict[tuple[str, int], list[Entry]] = {}
    for entry in entries:
        tries.setdefault((entry.name, entry.global_position), []).append(entry)
    parked = {(letter.name, letter.global_position): letter for letter in letters}
    at = {event.global_position: event for event in events}
    pairs = set(tries) | {
        (hook.name, event.global_position)
        for hook in hooks.values()
        for event in events
        if event.event_type in hook.event_types and event.global_position > hook.start_after
    }
    return [
        _fared(
            at[position],
            tries.get((name, position), []),
            parked.get((name, position)),
            name,
            _reached(hooks.get(name), checkpoints.get(name)),
        )
        for name, position in sorted(pairs)
        if position in at
    ]


def _reached(hook: Hook | None, checkpoint: int | None) -> int | None:
    """How far a wired hook has gone (None: it is not wired)."""
    if hook is None:
        return None
    return hook.start_after if checkpoint is None else checkpoint


def _fared(
    event: RecordedEvent,
    tries: list[Entry],
    letter: DeadLetter | None,
    name: str,
    reached: int | None,
) -> Delivery:
    delivered = [entry for entry in tries if entry.outcome == DELIVERED]
    last = delivered[-1] if delivered else (tries[-1] if tries else None)
    if delivered:
        status = DELIVERED
    elif letter is not None:
        status = FAILING
    elif reached is not None and event.global_position > reached:
        status = PENDING
    else:
        status = last.outcome if last is not None else UNRECORDED
    error = "" if delivered else (letter.error if letter else (last.error if last else ""))
    return Delivery(
        hook=name,
        global_position=event.global_position,
        version=event.stream_version,
        event_type=event.event_type,
        event_id=event.event_id,
        retraction_notice=event.event_type == RETRACTION,
        status=status,
        at=last.recorded_at if last else (letter.failed_at if letter else None),
        attempts=last.attempt if last else (letter.attempts if letter else 0),
        code=last.code if last else None,
        error=error,
        retry=last.retry if last else False,
        wired=reached is not None,
    )
