"""Delivering the log to publishing hooks: at least once, strictly in log order, resumable.

Per hook: read the events it hears past its checkpoint, send each one, and move the
checkpoint only after a success. A failing send is retried with exponential back-off
and jitter; past the limit the event becomes a dead letter and delivery goes on.
A stop request is honoured between sends, never in the middle of one.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from events.envelope import RecordedEvent
from events.instants import occurred_at_text
from events.store import LogQuery
from workflow.hooks import Hook


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """An event a hook gave up on, parked with its last error until someone retries it."""

    name: str
    global_position: int
    event_id: str
    event_type: str
    attempts: int
    error: str
    failed_at: str


class DeliveryFailed(Exception):
    """The target did not take the event: a non-zero exit, a non-2xx answer, a timeout."""


Send = Callable[[Hook, bytes, RecordedEvent], None]


class Log(Protocol):
    def read_log(self, query: LogQuery, batch_size: int = 1000) -> Iterator[RecordedEvent]: ...


class State(Protocol):
    def checkpoint(self, name: str) -> int | None: ...
    def move_checkpoint(self, name: str, position: int) -> None: ...
    def add_dead_letter(self, letter: DeadLetter, then_checkpoint: int) -> None: ...


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 5
    first_delay: float = 0.5
    factor: float = 2.0
    max_delay: float = 30.0

    def delay(self, failures: int, rng: random.Random) -> float:
        """Exponential back-off with full jitter, in seconds."""
        ceiling = min(self.max_delay, self.first_delay * self.factor ** (failures - 1))
        return rng.uniform(ceiling / 2, ceiling)


@dataclass(frozen=True, slots=True)
class Tools:
    """The delivery loop's edges, given by whoever runs it."""

    send: Send
    payload: Callable[[RecordedEvent], bytes]
    sleep: Callable[[float], None]
    now: Callable[[], datetime]
    stopping: Callable[[], bool]
    policy: RetryPolicy = RetryPolicy()
    rng: random.Random = field(default_factory=random.Random)


@dataclass(slots=True)
class Summary:
    delivered: int = 0
    dead_lettered: int = 0
    last_error: str = ""


def deliver_pending(hook: Hook, log: Log, state: State, tools: Tools) -> Summary:
    """Send every event this hook hears past its checkpoint, in order."""
    summary = Summary()
    start = state.checkpoint(hook.name)
    query = LogQuery(
        from_position=(hook.start_after if start is None else start) + 1,
        event_types=hook.event_types,
    )
    for record in log.read_log(query, batch_size=200):
        if tools.stopping():
            break
        outcome = send_with_retries(hook, record, tools)
        if outcome is None:
            state.move_checkpoint(hook.name, record.global_position)
            summary.delivered += 1
            continue
        attempts, error = outcome
        if tools.stopping():
            break  # a send cut short by a stop, or a retry not made: it goes next time
        state.add_dead_letter(_letter(hook, record, attempts, error, tools), record.global_position)
        summary.dead_lettered += 1
        summary.last_error = error
    return summary


def send_with_retries(hook: Hook, record: RecordedEvent, tools: Tools) -> tuple[int, str] | None:
    """None once sent; otherwise how many attempts were made and the last error. A payload
    that cannot be built (a photo's public copy) fails an attempt like a target that is down."""
    body: bytes | None = None
    error = ""
    for attempt in range(1, tools.policy.attempts + 1):
        try:
            body = tools.payload(record) if body is None else body
            tools.send(hook, body, record)
            return None
        except DeliveryFailed as failure:
            error = str(failure)
        if attempt == tools.policy.attempts or tools.stopping():
            return attempt, error
        tools.sleep(tools.policy.delay(attempt, tools.rng))
    return tools.policy.attempts, error


def _letter(
    hook: Hook, record: RecordedEvent, attempts: int, error: str, tools: Tools
) -> DeadLetter:
    return DeadLetter(
        name=hook.name,
        global_position=record.global_position,
        event_id=record.event_id,
        event_type=record.event_type,
        attempts=attempts,
        error=error[:2000],
        failed_at=occurred_at_text(tools.now()),
    )
