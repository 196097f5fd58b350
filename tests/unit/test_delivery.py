"""The delivery loop with fakes: a log in memory, a target that fails when told to, state
in a dict. At least once, in log order, resumable; back-off, dead letters, stop requests.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import pytest

from delivery.deliver import (
    DeadLetter,
    DeliveryFailed,
    RetryPolicy,
    Tools,
    deliver_pending,
)
from delivery.ledger import Attempt
from events import models as ev
from events.envelope import Metadata, NewEvent, RecordedEvent
from events.memory import MemoryEventStore
from tests.support.contract import SIGNER
from workflow.hooks import Hook

NOW = datetime(2024, 11, 14, 10, 0, tzinfo=UTC)
HOOK = Hook("site", ("ArticleSubmitted",), "url", "https://example.az/", False, 0)


@dataclass
class FakeState:
    checkpoints: dict[str, int] = field(default_factory=dict)
    letters: list[DeadLetter] = field(default_factory=list)
    ledger: list[Attempt] = field(default_factory=list)

    def checkpoint(self, name: str) -> int | None:
        return self.checkpoints.get(name)

    def move_checkpoint(self, name: str, position: int, sent: Attempt | None = None) -> None:
        self.ledger += [sent] if sent else []
        self.checkpoints[name] = position

    def add_dead_letter(
        self, letter: DeadLetter, then_checkpoint: int, last: Attempt | None = None
    ) -> None:
        self.ledger += [last] if last else []
        self.letters.append(letter)
        self.checkpoints[letter.name] = then_checkpoint

    def record_attempt(self, attempt: Attempt) -> None:
        self.ledger.append(attempt)

    def outcomes(self) -> list[tuple[int, str, int | None]]:
        return [(a.global_position, a.outcome, a.code) for a in self.ledger]


@dataclass
class FakeTarget:
    """Takes events, but fails `failures[position]` times at first for each one."""

    failures: dict[int, int] = field(default_factory=dict)
    received: list[int] = field(default_factory=list)
    pauses: list[float] = field(default_factory=list)
    stop_after: int | None = None
    refusal: dict[str, Any] = field(default_factory=dict)  # how each failure is raised

    def send(self, hook: Hook, body: bytes, record: RecordedEvent) -> int:
        if self.failures.get(record.global_position, 0) > 0:
            self.failures[record.global_position] -= 1
            raised = {"code": 503, **self.refusal}
            raise DeliveryFailed(f"HTTP {raised['code']} for {record.global_position}", **raised)
        self.received.append(record.global_position)
        return 202

    def stopping(self) -> bool:
        return self.stop_after is not None and len(self.received) >= self.stop_after

    def tools(self, attempts: int = 3) -> Tools:
        return Tools(
            send=self.send,
            payload=lambda record: record.event_id.encode(),
            sleep=self.pauses.append,
            now=lambda: NOW,
            stopping=self.stopping,
            policy=RetryPolicy(attempts=attempts, first_delay=1.0, max_delay=30.0),
            rng=random.Random(7),
        )


@pytest.fixture
def log() -> MemoryEventStore:
    """Positions 1-6: submissions of a1, a2, a3, each after a draft (which the hook ignores)."""
    store = MemoryEventStore()
    for n, article_id in enumerate(("a1", "a2", "a3")):
        meta = Metadata("aysel", f"c{n}", f"c{n}", f"c{n}")
        drafted = ev.ArticleDrafted(
            article_id=article_id, headline="H", body="", category="W", language="en", byline="a"
        )
        events = [
            NewEvent(drafted, meta),
            NewEvent(ev.ArticleSubmitted(article_id=article_id), meta),
        ]
        store.append(
            article_id, events, 0, now=NOW, command_id=f"c{n}", command_name="T", signer=SIGNER
        )
    return store


def test_every_event_the_hook_hears_goes_out_in_log_order(log: MemoryEventStore) -> None:
    target, state = FakeTarget(), FakeState()
    summary = deliver_pending(HOOK, log, state, target.tools())
    assert (target.received, summary.delivered, state.checkpoints) == ([2, 4, 6], 3, {"site": 6})


def test_a_second_run_resumes_after_the_checkpoint(log: MemoryEventStore) -> None:
    target, state = FakeTarget(), FakeState(checkpoints={"site": 4})
    deliver_pending(HOOK, log, state, target.tools())
    assert target.received == [6]


def test_a_failing_send_is_retried_with_growing_pauses(log: MemoryEventStore) -> None:
    target, state = FakeTarget(failures={4: 2}), FakeState()
    deliver_pending(HOOK, log, state, target.tools(attempts=3))
    assert target.received == [2, 4, 6] and state.letters == []
    first, second = target.pauses
    assert 0.5 <= first <= 1.0 and 1.0 <= second <= 2.0  # full jitter under a doubling ceiling


def test_a_permanent_refusal_is_a_dead_letter_at_the_first_attempt(
    log: MemoryEventStore,
) -> None:
    target = FakeTarget(failures={4: 99}, refusal={"code": 410, "permanent": True})
    state = FakeState()
    deliver_pending(HOOK, log, state, target.tools(attempts=5))
    [letter] = state.letters
    assert (letter.global_position, letter.attempts) == (4, 1) and target.pauses == []
    assert target.received == [2, 6]


@pytest.mark.parametrize(("asked", "paused"), [(20.0, 20.0), (0.0, None), (9999.0, 300.0)])
def test_the_pause_is_what_the_receiver_asked_for_within_bounds(
    log: MemoryEventStore, asked: float, paused: float | None
) -> None:
    """`Retry-After` lengthens the back-off, never shortens it, and 300 s at most."""
    target = FakeTarget(failures={4: 1}, refusal={"code": 429, "retry_after": asked})
    deliver_pending(HOOK, log, FakeState(), target.tools(attempts=3))
    [pause] = target.pauses
    if paused is None:
        assert 0.5 <= pause <= 1.0  # the back-off's own
    else:
        assert pause == paused


def test_past_the_limit_an_event_is_a_dead_letter_and_delivery_goes_on(
    log: MemoryEventStore,
) -> None:
    target, state = FakeTarget(failures={4: 99}), FakeState()
    summary = deliver_pending(HOOK, log, state, target.tools(attempts=3))
    assert target.received == [2, 6] and state.checkpoints == {"site": 6}
    [letter] = state.letters
    assert (letter.global_position, letter.attempts, letter.error) == (4, 3, "HTTP 503 for 4")
    assert letter.failed_at == "2024-11-14T10:00:00.000000Z"
    assert (summary.dead_lettered, summary.last_error) == (1, "HTTP 503 for 4")


def test_a_stop_request_is_honoured_between_sends(log: MemoryEventStore) -> None:
    target, state = FakeTarget(stop_after=1), FakeState()
    deliver_pending(HOOK, log, state, target.tools())
    assert target.received == [2] and state.checkpoints == {"site": 2}


def test_a_new_hook_starts_after_the_position_it_was_wired_at(log: MemoryEventStore) -> None:
    target, late = FakeTarget(), Hook("late", ("ArticleSubmitted",), "url", "x", False, 3)
    deliver_pending(late, log, FakeState(), target.tools())
    assert target.received == [4, 6]


def test_every_attempt_is_kept_as_it_ends_with_the_receivers_code(log: MemoryEventStore) -> None:
    target, state = FakeTarget(failures={4: 1, 6: 99}), FakeState()
    deliver_pending(HOOK, log, state, target.tools(attempts=2))
    assert state.outcomes() == [
        (2, "delivered", 202),
        (4, "failed", 503),
        (4, "delivered", 202),
        (6, "failed", 503),
        (6, "dead-lettered", 503),
    ]
    assert state.ledger[-1].error == "HTTP 503 for 6"


def test_a_stop_while_waiting_to_retry_keeps_the_failure_and_no_dead_letter(
    log: MemoryEventStore,
) -> None:
    target, state = FakeTarget(failures={2: 99}), FakeState()
    answers = iter([False])  # asked to stop once the first attempt has failed
    tools = replace(target.tools(attempts=3), stopping=lambda: next(answers, True))
    deliver_pending(HOOK, log, state, tools)
    assert state.outcomes() == [(2, "failed", 503)] and state.letters == []
