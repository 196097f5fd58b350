"""Running publishing hooks and the worker: the wiring of `workflow.delivery` to real targets.

Imported lazily by `cli.hooking`, so `newsroom --help` never loads the database stack.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import structlog

from cli.settings import Settings
from cli.wiring import Session, open_session
from events.chain import canonical_json
from events.envelope import RecordedEvent
from events.hookstate import HookState
from projections.asof import fold_article
from projections.ninjs import NINJS_TYPES, ninjs
from workflow.delivery import RetryPolicy, Summary, Tools, deliver_pending
from workflow.hooks import Hook
from workflow.targets import NatsPublisher, WebPoster, sender

DEFAULT_NATS_URL = "nats://127.0.0.1:4222"
log = structlog.get_logger()


class StopFlag:
    """Set by SIGTERM or SIGINT: finish the delivery in flight, then stop."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def __call__(self) -> bool:
        return self.event.is_set()

    def wait(self, seconds: float) -> bool:
        return self.event.wait(seconds)

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


def payload_builder(session: Session) -> Callable[[RecordedEvent], bytes]:
    """The envelope, plus a ninjs document for publications, corrections and retractions."""
    media_base = (
        os.environ.get("NEWSROOM_MEDIA_URL") or session.settings.media_dir.resolve().as_uri()
    )

    def build(record: RecordedEvent) -> bytes:
        body: dict[str, Any] = record.as_dict()
        if record.event_type in NINJS_TYPES:
            history = session.store.read_stream(record.stream_id, to_version=record.stream_version)
            view = fold_article(history)
            if view is not None:
                body["ninjs"] = ninjs(view, record, media_base)
        return canonical_json(body).encode()

    return build


@contextmanager
def delivery_tools(session: Session, stopping: StopFlag) -> Iterator[tuple[Tools, HookState]]:
    state = HookState(session.engine)
    settings = session.settings
    timeout = settings.hook_timeout
    nats = NatsPublisher(os.environ.get("NEWSROOM_NATS_URL") or DEFAULT_NATS_URL, timeout)
    web = WebPoster(timeout)
    tools = Tools(
        send=sender(state.secret, nats, web, timeout),
        payload=payload_builder(session),
        sleep=stopping.sleep,
        now=settings.now,
        stopping=stopping,
        policy=RetryPolicy(attempts=settings.hook_attempts, first_delay=settings.hook_backoff),
    )
    try:
        yield tools, state
    finally:
        nats.close()
        web.close()


@contextmanager
def delivering(settings: Settings) -> Iterator[tuple[Session, Tools, HookState, StopFlag]]:
    """A session ready to deliver, that SIGTERM or SIGINT asks to stop between sends."""
    with (
        stop_on_signals() as stopping,
        open_session(settings) as session,
        delivery_tools(session, stopping) as (tools, state),
    ):
        yield session, tools, state, stopping


def deliver_all(session: Session, tools: Tools, state: HookState) -> dict[str, Summary]:
    """One pass over every hook; a hook's failure never stops the others."""
    results = {}
    for hook in session.newsroom.hooks().values():
        if tools.stopping():
            break
        started = time.perf_counter()
        summary = deliver_pending(hook, session.store, state, tools)
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
    session: Session, hook: Hook, tools: Tools, state: HookState
) -> tuple[int, int]:
    """Redeliver a hook's dead letters in order; (delivered, still dead)."""
    from workflow.delivery import send_with_retries

    delivered = still_dead = 0
    for letter in state.dead_letters(hook.name):
        [record] = list(session.store.read_all(letter.global_position, letter.global_position))
        outcome = send_with_retries(hook, record, tools)
        if outcome is None:
            state.forget_dead_letter(hook.name, letter.global_position)
            delivered += 1
        else:
            still_dead += 1
    return delivered, still_dead


@contextmanager
def news_waiter(session: Session, stopping: StopFlag) -> Iterator[Callable[[float], None]]:
    """`wait(seconds)`: until news, a stop request, or the seconds pass.

    PostgreSQL: one connection LISTENs for the whole run, so a NOTIFY sent while we
    were delivering is still waiting for us and wakes the next `wait` at once.
    SQLite: no notifications; `wait` is the poll interval.
    """
    if session.engine.dialect.name != "postgresql":
        yield stopping.sleep
        return
    raw: Any = session.engine.raw_connection()
    connection = raw.driver_connection
    connection.autocommit = True
    connection.execute("LISTEN newsroom_log")

    def wait(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not stopping() and time.monotonic() < deadline:
            if any(True for _ in connection.notifies(timeout=min(0.5, seconds), stop_after=1)):
                return

    try:
        yield wait
    finally:
        connection.execute("UNLISTEN *")
        connection.autocommit = False
        raw.close()
