"""Hooks at work: the real targets wired to the delivery loop, signals, and the worker.

SIGTERM or SIGINT asks every loop to stop between sends, never in the middle of one.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

import structlog

from delivery.addresses import Network
from delivery.deliver import (
    RetryPolicy,
    Summary,
    Tools,
    deliver_pending,
    noting,
    send_with_retries,
)
from delivery.ledger import DEAD_LETTERED, DELIVERED, attempt_of
from delivery.programs import ProgramRules
from delivery.state import HookState
from delivery.targets import NatsPublisher, WebPoster, sender
from delivery.webhooks import keys
from events.envelope import RecordedEvent
from events.store import EventStore
from workflow.hooks import Hook

log = structlog.get_logger()


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


class StopFlag:
    """Set by SIGTERM or SIGINT: finish the delivery in flight, then stop."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def __call__(self) -> bool:
        return self.event.is_set()

    def sleep(self, seconds: float) -> None:
        """A back-off pause that a stop request cuts short."""
        self.event.wait(seconds)


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
    """The loop's edges: one NATS connection and one web poster for the whole run."""
    nats = NatsPublisher(delivery.nats_url, delivery.timeout)
    web = WebPoster(delivery.timeout, delivery.allow_networks)
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


def deliver_all(
    hooks: Mapping[str, Hook], store: EventStore, state: HookState, tools: Tools
) -> dict[str, Summary]:
    """One pass over every hook; a hook's failure never stops the others."""
    results = {}
    for hook in hooks.values():
        if tools.stopping():
            break
        started = time.perf_counter()
        summary = deliver_pending(hook, store, state, tools)
        results[hook.name] = summary
        if summary.delivered or summary.dead_lettered:
            log.info(
                "hooks.delivered",
                hook=hook.name,
                delivered=summary.delivered,
                dead_lettered=summary.dead_lettered,
                last_error=summary.last_error or None,
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
            )
    return results


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
    one_pass: Callable[[], None], wait: Callable[[float], None], stopping: StopFlag, poll: float
) -> None:
    """The scheduler and every hook, pass after pass, until a stop request."""
    while not stopping():
        one_pass()
        wait(poll)
