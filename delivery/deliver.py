"""Delivering the log to publishing hooks: at least once, strictly in log order, resumable.

Per hook: read the events it hears past its checkpoint, send each one, and move the
checkpoint only after a success. A failing send is retried with exponential back-off
and jitter; past the limit the event becomes a dead letter and delivery goes on.
A stop request is honoured between sends, never in the middle of one. Every attempt
is kept in the delivery ledger as it ends (`delivery.ledger`): a delivery in the same
transaction as the checkpoint it moves, the last failure with its dead letter.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from delivery.ledger import DEAD_LETTERED, DELIVERED, FAILED, Attempt, attempt_of
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
    """The target did not take the event: a non-zero exit, a non-2xx answer, a timeout.

    `code` is the receiver's status code or the program's exit code; None when there
    was none (a timeout, a program that could not start, a refusal before sending)."""

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        permanent: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        # Trying again cannot help (the receiver refused this event, the hook's secret
        # cannot be had): a dead letter at once, for `hooks retry` once it is fixed.
        self.permanent = permanent
        self.retry_after = retry_after  # the receiver's own `Retry-After`, in seconds


# Returns what the receiver answered: its HTTP status, 0 from a program, None from NATS.
Send = Callable[[Hook, bytes, RecordedEvent], int | None]


class Log(Protocol):
    def read_log(self, query: LogQuery, batch_size: int = 1000) -> Iterator[RecordedEvent]: ...


class State(Protocol):
    def checkpoint(self, name: str) -> int | None: ...
    def move_checkpoint(self, name: str, position: int, sent: Attempt | None = None) -> None: ...
    def add_dead_letter(
        self, letter: DeadLetter, then_checkpoint: int, last: Attempt | None = None
    ) -> None: ...
    def record_attempt(self, attempt: Attempt) -> None: ...


RETRY_AFTER_MAX = 300.0  # a receiver that asks for longer gets a dead letter instead


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

    def pause(self, failures: int, rng: random.Random, asked: float | None = None) -> float:
        """The back-off, or longer when the receiver asked for it (`Retry-After`), up to
        `RETRY_AFTER_MAX`: a stop request still cuts the pause short."""
        backoff = self.delay(failures, rng)
        return backoff if asked is None else max(backoff, min(asked, RETRY_AFTER_MAX))


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
        tried = send_with_retries(hook, record, tools, noting(hook, record, state))
        if tried.sent:
            sent = attempt_of(hook, record, DELIVERED, tried.code)
            state.move_checkpoint(hook.name, record.global_position, sent)
            summary.delivered += 1
            continue
        if tools.stopping():
            # A send cut short by a stop, or a retry not made: it goes next time.
            state.record_attempt(attempt_of(hook, record, FAILED, tried.code, tried.error))
            break
        last = attempt_of(hook, record, DEAD_LETTERED, tried.code, tried.error)
        letter = _letter(hook, record, tried.attempts, tried.error, tools)
        state.add_dead_letter(letter, record.global_position, last)
        summary.dead_lettered += 1
        summary.last_error = tried.error
    return summary


@dataclass(frozen=True, slots=True)
class Tried:
    """How sending one event ended: sent or not, after how many attempts, with the last
    attempt's code and error."""

    sent: bool
    attempts: int
    code: int | None = None
    error: str = ""


def noting(
    hook: Hook, record: RecordedEvent, state: State, *, retry: bool = False
) -> Callable[[Tried], None]:
    """Keeps each failed attempt that will be tried again in the ledger, as it ends."""

    def failed(tried: Tried) -> None:
        state.record_attempt(attempt_of(hook, record, FAILED, tried.code, tried.error, retry=retry))

    return failed


def send_with_retries(
    hook: Hook,
    record: RecordedEvent,
    tools: Tools,
    failed: Callable[[Tried], None] = lambda _tried: None,
) -> Tried:
    """Send until it is taken or the attempts run out. Each failure but the last is given
    to `failed`; the last one's fate (a dead letter, or a stop) is the caller's. A payload
    that cannot be built (a photo's public copy) fails an attempt like a target that is down."""
    body: bytes | None = None
    tried = Tried(sent=False, attempts=0)
    for attempt in range(1, tools.policy.attempts + 1):
        wait: float | None = None
        try:
            body = tools.payload(record) if body is None else body
            return Tried(sent=True, attempts=attempt, code=tools.send(hook, body, record))
        except DeliveryFailed as failure:
            tried = Tried(sent=False, attempts=attempt, code=failure.code, error=str(failure))
            if failure.permanent:
                return tried
            wait = failure.retry_after
        if attempt == tools.policy.attempts or tools.stopping():
            return tried
        failed(tried)
        tools.sleep(tools.policy.pause(attempt, tools.rng, wait))
    return tried


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
