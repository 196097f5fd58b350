"""Who got what, folded from the ledger, the dead letters and the checkpoints in memory."""

from __future__ import annotations

from datetime import UTC, datetime

from delivery.deliver import DeadLetter
from delivery.deliveries import who_got_what
from delivery.ledger import DEAD_LETTERED, DELIVERED, FIRST_LINK, Attempt, Entry, chained
from events import models as ev
from events.envelope import Metadata, NewEvent, RecordedEvent
from events.memory import MemoryEventStore
from tests.support.contract import SIGNER
from workflow.hooks import Hook

NOW = datetime(2024, 11, 14, 10, 0, tzinfo=UTC)
WHEN = "2024-11-14T06:00:00.000000Z"


def article() -> list[RecordedEvent]:
    """Positions 1-3 of article snow: drafted, submitted, then drafted again elsewhere."""
    store = MemoryEventStore()
    meta = Metadata("aysel", "c1", "c1", "c1")
    drafted = ev.ArticleDrafted(
        article_id="snow", headline="H", body="", category="W", language="en", byline="a"
    )
    events = [NewEvent(drafted, meta), NewEvent(ev.ArticleSubmitted(article_id="snow"), meta)]
    store.append("snow", events, 0, now=NOW, command_id="c1", command_name="T", signer=SIGNER)
    return list(store.read_all())


def hook(name: str, start_after: int = 0) -> Hook:
    return Hook(name, ("ArticleDrafted", "ArticleSubmitted"), "exec", "true", False, start_after)


def entry(record: RecordedEvent, name: str, outcome: str, seq: int = 1) -> Entry:
    tried = Attempt(
        name,
        record.global_position,
        record.event_id,
        record.event_type,
        record.stream_id,
        outcome,
        0 if outcome == DELIVERED else 3,
    )
    return chained(tried, seq, seq, WHEN, FIRST_LINK)


def test_each_event_a_hook_hears_is_delivered_failing_pending_or_unrecorded() -> None:
    drafted, submitted = article()
    letter = DeadLetter("bus", 2, submitted.event_id, submitted.event_type, 5, "down", WHEN)
    found = who_got_what(
        [drafted, submitted],
        {"archive": hook("archive"), "bus": hook("bus")},
        [entry(drafted, "archive", DELIVERED), entry(submitted, "bus", DEAD_LETTERED)],
        [letter],
        {"archive": 1, "bus": 2},
    )
    assert [(d.hook, d.version, d.status, d.code) for d in found] == [
        ("archive", 1, "delivered", 0),
        ("archive", 2, "pending", None),
        ("bus", 1, "unrecorded", None),  # passed before the ledger began
        ("bus", 2, "failing", 3),
    ]


def test_a_hook_wired_later_hears_nothing_before_it_and_a_removed_one_keeps_its_past() -> None:
    drafted, submitted = article()
    found = who_got_what(
        [drafted, submitted],
        {"late": hook("late", start_after=1)},
        [entry(drafted, "gone", DELIVERED)],
        [],
        {"late": None},
    )
    assert [(d.hook, d.version, d.status, d.wired) for d in found] == [
        ("gone", 1, "delivered", False),
        ("late", 2, "pending", True),
    ]
