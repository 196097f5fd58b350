"""Lanes with fakes: each hook in a thread of its own, stop requests, the send deadline.

A fake delivery blocks until the test lets it go, as a target that hangs would.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

from delivery.deadline import DeadlineLoop, SendCutShort
from delivery.deliver import DeliveryFailed, RetryPolicy, Summary, Tools, deliver_pending
from delivery.lanes import Lanes
from delivery.stopping import StopFlag
from delivery.worker import deliver_all
from events import models as ev
from events.envelope import Metadata, NewEvent, RecordedEvent
from events.memory import MemoryEventStore
from tests.support.contract import SIGNER
from tests.unit.test_delivery import FakeState
from workflow.hooks import Hook

STUCK = Hook("stuck", ("ArticleDrafted",), "url", "https://stuck.example/", False, 0)
HEALTHY = Hook("healthy", ("ArticleDrafted",), "url", "https://ok.example/", False, 0)
HEALTHY_ON_SUBMIT = Hook("site", ("ArticleSubmitted",), "url", "https://ok.example/", False, 0)


@contextmanager
def fake_tools(stop: StopFlag) -> Iterator[Tools]:
    yield Tools(
        send=lambda hook, body, record: None,
        payload=lambda record: b"",
        sleep=stop.sleep,
        now=lambda: datetime.now(UTC),
        stopping=stop,
    )


class Targets:
    """`stuck` hangs until released (or its lane is stopped); the others deliver one."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.delivered: dict[str, float] = {}
        self.stopped_while_stuck = False

    def deliver(self, hook: Hook, tools: Tools) -> Summary:
        if hook.name == "stuck":
            while not self.release.is_set():
                if tools.stopping():
                    self.stopped_while_stuck = True
                    return Summary()
                time.sleep(0.01)
        self.delivered.setdefault(hook.name, time.monotonic())
        return Summary(delivered=1)


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    until = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < until, "timed out"
        time.sleep(0.01)


def test_a_hanging_hook_does_not_hold_up_another_in_one_pass() -> None:
    """`stuck` hangs until `healthy` has delivered (or 5 s pass): one after the other,
    `healthy` would come only after the release, which the test then sees."""
    targets, stopping = Targets(), StopFlag()

    def release_once_healthy_delivered() -> None:
        until = time.monotonic() + 5.0
        while "healthy" not in targets.delivered and time.monotonic() < until:
            time.sleep(0.01)
        targets.release.set()

    releasing = threading.Thread(target=release_once_healthy_delivered, daemon=True)
    releasing.start()
    totals = deliver_all(
        {"stuck": STUCK, "healthy": HEALTHY}, fake_tools, targets.deliver, stopping, 1.0
    )
    releasing.join()
    assert targets.delivered["healthy"] < targets.delivered["stuck"]  # healthy went first
    assert {name: s.delivered for name, s in totals.items()} == {"stuck": 1, "healthy": 1}


def test_a_stop_request_ends_a_pass_with_a_hook_still_hanging() -> None:
    targets, stopping = Targets(), StopFlag()
    threading.Timer(0.2, stopping.event.set).start()
    started = time.monotonic()
    deliver_all({"stuck": STUCK}, fake_tools, targets.deliver, stopping, 1.0)
    assert time.monotonic() - started < 0.6
    assert targets.stopped_while_stuck


def test_a_hook_wired_meanwhile_gets_a_lane_and_a_removed_one_is_stopped() -> None:
    targets, stopping = Targets(), StopFlag()
    lanes = Lanes(fake_tools, targets.deliver, stopping)
    lanes.sync({"stuck": STUCK})
    lanes.sync({"stuck": STUCK, "healthy": HEALTHY})
    wait_for(lambda: "healthy" in targets.delivered)
    lanes.sync({"healthy": HEALTHY})
    wait_for(lambda: targets.stopped_while_stuck)
    assert list(lanes.totals()) == ["healthy"]
    lanes.stop(1.0)


def test_a_failure_that_is_not_a_failed_delivery_stops_the_pass_and_is_raised() -> None:
    def broken(hook: Hook, tools: Tools) -> Summary:
        raise RuntimeError("the store is gone")

    with pytest.raises(RuntimeError, match="the store is gone"):
        deliver_all({"healthy": HEALTHY}, fake_tools, broken, StopFlag(), 1.0)


def test_a_lanes_pause_ends_soon_after_the_runs_stop_request() -> None:
    run = StopFlag()
    lane = run.child()
    threading.Timer(0.1, run.event.set).start()
    started = time.monotonic()
    lane.sleep(30)
    assert time.monotonic() - started < 0.5


def test_a_send_that_never_answers_fails_at_the_deadline() -> None:
    loop = DeadlineLoop(0.3)
    started = time.monotonic()
    with pytest.raises(DeliveryFailed, match=r"bus: no answer within 0\.3 s"):
        loop.run(asyncio.sleep(60), "bus")
    assert time.monotonic() - started < 0.6
    loop.close()


def test_a_stop_request_cuts_a_send_in_flight_short() -> None:
    stop = StopFlag()
    loop = DeadlineLoop(30, stop)
    threading.Timer(0.1, stop.event.set).start()
    started = time.monotonic()
    with pytest.raises(SendCutShort, match="cut short by a stop request"):
        loop.run(asyncio.sleep(60), "site")
    assert time.monotonic() - started < 0.5
    loop.close()


def submitted() -> MemoryEventStore:
    store, meta = MemoryEventStore(), Metadata("aysel", "c1", "c1", "c1")
    drafted = ev.ArticleDrafted(
        article_id="a1", headline="H", body="", category="W", language="en", byline="a"
    )
    events = [NewEvent(drafted, meta), NewEvent(ev.ArticleSubmitted(article_id="a1"), meta)]
    now = datetime.now(UTC)
    store.append("a1", events, 0, now=now, command_id="c1", command_name="T", signer=SIGNER)
    return store


def test_a_send_cut_short_by_a_stop_is_not_a_dead_letter_even_on_its_last_attempt() -> None:
    stop, state = StopFlag(), FakeState()

    def send(hook: Hook, body: bytes, record: RecordedEvent) -> None:
        stop.event.set()
        raise SendCutShort("site: cut short by a stop request")

    tools = Tools(
        send=send,
        payload=lambda record: b"",
        sleep=stop.sleep,
        now=lambda: datetime.now(UTC),
        stopping=stop,
        policy=RetryPolicy(attempts=1),
    )
    deliver_pending(HEALTHY_ON_SUBMIT, submitted(), state, tools)
    assert state.letters == [] and state.checkpoints == {}  # it goes again next time
