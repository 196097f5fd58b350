"""Hooks at work: the real targets wired to the delivery loop, signals, and the worker.

Every hook delivers in its own thread (`delivery.lanes`), the scheduler in another.
SIGTERM or SIGINT asks every lane to stop: pauses between attempts end at once, a send
in flight is cut short (or bounded by the deadline), and a send cut short is not
checkpointed, so it goes out again next time.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from delivery.addresses import Network
from delivery.deliver import (
    RetryPolicy,
    Summary,
    Tools,
    deliver_pending,
    noting,
    send_with_retries,
)
from delivery.lanes import Lane, Lanes, OpenTools, OpenWork
from delivery.ledger import DEAD_LETTERED, DELIVERED, attempt_of
from delivery.programs import ProgramRules
from delivery.state import HookState
from delivery.stopping import StopFlag
from delivery.targets import NatsPublisher, WebPoster, sender
from delivery.webhooks import keys
from events.envelope import RecordedEvent
from events.store import EventStore
from workflow.hooks import Hook

__all__ = ["StopFlag"]

STOP_MARGIN_SECONDS = 1.0  # beyond the deadline, for lanes to close their connections


@dataclass(frozen=True, slots=True)
class Delivery:
    """How hard to try: attempts per event, the first back-off, the deadline per send;
    and where to: the NATS server, the inner networks webhooks may reach after all, the
    operator's rules for hook programs."""

    attempts: int
    backoff: float
    timeout: float
    nats_url: str
    allow_networks: tuple[Network, ...] = ()
    programs: ProgramRules = field(default_factory=ProgramRules)


@contextmanager
def stop_on_signals() -> Iterator[StopFlag]:
    flag = StopFlag()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    for sig in previous:
        signal.signal(sig, lambda *_: flag.event.set())
    try:
        yield flag
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def delivery_tools(
    delivery: Delivery,
    state: HookState,
    payload: Callable[[RecordedEvent], bytes],
    now: Callable[[], datetime],
    stopping: StopFlag,
) -> Iterator[Tools]:
    """One lane's edges: its own NATS connection and web poster (an event loop is never
    shared between threads), its own random source, its own stop flag."""
    nats = NatsPublisher(delivery.nats_url, delivery.timeout, stopping)
    web = WebPoster(delivery.timeout, delivery.allow_networks, stopping=stopping)
    try:
        yield Tools(
            send=sender(
                lambda name: keys(state.secret(name)),
                nats,
                web,
                delivery.timeout,
                delivery.programs,
            ),
            payload=payload,
            sleep=stopping.sleep,
            now=now,
            stopping=stopping,
            policy=RetryPolicy(attempts=delivery.attempts, first_delay=delivery.backoff),
        )
    finally:
        nats.close()
        web.close()


def grace(delivery: Delivery) -> float:
    """How long a stop may take: a send in flight, then closing its connection."""
    return delivery.timeout + STOP_MARGIN_SECONDS


def delivering_to(store: EventStore, state: HookState) -> Callable[[Hook, Tools], Summary]:
    return lambda hook, tools: deliver_pending(hook, store, state, tools)


def deliver_all(
    hooks: Mapping[str, Hook],
    open_tools: OpenTools,
    deliver: Callable[[Hook, Tools], Summary],
    stopping: StopFlag,
    stop_within: float,
) -> dict[str, Summary]:
    """One pass over every hook, all at once; a hook's failure never stops the others."""
    lanes = Lanes(open_tools, deliver, stopping)
    lanes.sync(hooks, once=True)
    lanes.finish(stop_within)
    lanes.raise_failure()
    return lanes.totals()


def retry_dead_letters(
    store: EventStore, hook: Hook, tools: Tools, state: HookState
) -> tuple[int, int]:
    """Redeliver a hook's dead letters in order; (delivered, still dead). Each attempt is
    in the ledger, marked as a retry."""
    delivered = still_dead = 0
    for letter in state.dead_letters(hook.name):
        [record] = list(store.read_all(letter.global_position, letter.global_position))
        tried = send_with_retries(hook, record, tools, noting(hook, record, state, retry=True))
        if tried.sent:
            sent = attempt_of(hook, record, DELIVERED, tried.code, retry=True)
            state.forget_dead_letter(hook.name, letter.global_position, sent)
            delivered += 1
        else:
            last = attempt_of(hook, record, DEAD_LETTERED, tried.code, tried.error, retry=True)
            state.record_attempt(last)
            still_dead += 1
    return delivered, still_dead


def run_worker(
    lanes: Lanes,
    hooks: Callable[[], Mapping[str, Hook]],
    wait: Callable[[float], None],
    poll: float,
    stop_within: float,
    also: OpenWork | None = None,
) -> None:
    """Every hook in its lane (and `also`, the scheduler, in its own), woken after each
    append or `poll` seconds, until a stop request; hooks wired meanwhile get a lane."""
    if also is not None:
        lanes.add(Lane("scheduler", also, lanes.stopping))
    try:
        while not lanes.stopping():
            lanes.sync(hooks())
            lanes.wake()
            wait(poll)
    finally:
        lanes.stop(stop_within)
    lanes.raise_failure()
