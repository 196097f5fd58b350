"""The command service on the in-memory store: load, decide, append; retries and races.

The same service the CLI runs on SQLite and PostgreSQL, with no database at all.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from events.errors import BadInput, Conflict, NotFound, PermissionDenied
from events.memory import MemoryEventStore
from tests.support.keys import key_of, public_of
from workflow import commands as cmd
from workflow.schedule import publish_due
from workflow.service import Context, Newsroom

NOW = datetime(2024, 11, 14, 10, 0, tzinfo=UTC)
STAFF = (("aysel", "reporter"), ("kamran", "editor"), ("scheduler", "scheduler"))


class Clock:
    """The store's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def newsroom(clock: Clock) -> Newsroom:
    newsroom = Newsroom(MemoryEventStore(clock))
    founding = cmd.AddStaffMember(name="umud", role="chief", public_key=public_of("umud"))
    newsroom.handle(founding, ctx("umud"))
    for name, role in STAFF:
        member = cmd.AddStaffMember(name=name, role=role, public_key=public_of(name))  # type: ignore[arg-type]
        newsroom.handle(member, ctx("umud"))
    return newsroom


def ctx(actor: str, **options: object) -> Context:
    return Context(actor, key_of(actor), **options)  # type: ignore[arg-type]


def act(newsroom: Newsroom, command: cmd.Command, actor: str, **options: object) -> object:
    return newsroom.handle(command, ctx(actor, **options))


def drafted(newsroom: Newsroom) -> None:
    draft = cmd.DraftArticle(article_id="cop29", headline="COP29 opens", category="World")
    act(newsroom, draft, "aysel")


def test_a_day_of_an_article_from_draft_to_published(newsroom: Newsroom) -> None:
    drafted(newsroom)
    act(newsroom, cmd.SubmitArticle(article_id="cop29"), "aysel")
    act(newsroom, cmd.ApproveArticle(article_id="cop29"), "kamran")
    outcome = newsroom.handle(cmd.PublishArticle(article_id="cop29"), ctx("kamran"))
    assert (outcome.article_id, outcome.version, outcome.status) == ("cop29", 4, "published")
    [event] = outcome.events
    assert (event.event_type, event.actor, event.metadata["role"]) == (
        "ArticlePublished",
        "kamran",
        "editor",
    )
    assert newsroom.store.head()[0] == 8  # four staff events, four of the article


def test_the_founding_chief_is_recorded_as_a_chief(newsroom: Newsroom) -> None:
    [founding] = newsroom.store.read_stream("staff")[:1]
    assert (founding.actor, founding.metadata["role"]) == ("umud", "chief")
    assert dict(newsroom.roster()) == {"umud": "chief", **dict(STAFF)}


def test_a_refusal_writes_nothing(newsroom: Newsroom) -> None:
    drafted(newsroom)
    act(newsroom, cmd.SubmitArticle(article_id="cop29"), "aysel")
    head = newsroom.store.head()
    with pytest.raises(PermissionDenied, match="needs an editor"):
        act(newsroom, cmd.ApproveArticle(article_id="cop29"), "aysel")
    with pytest.raises(NotFound):
        act(newsroom, cmd.SubmitArticle(article_id="nowhere"), "aysel")
    assert newsroom.store.head() == head


def test_an_expected_version_the_article_has_left_is_a_conflict(newsroom: Newsroom) -> None:
    drafted(newsroom)
    act(newsroom, cmd.ReviseArticle(article_id="cop29", body="Baku"), "aysel")
    with pytest.raises(Conflict, match="Article cop29 is at version 2, not 1"):
        newsroom.handle(cmd.SubmitArticle(article_id="cop29"), ctx("aysel"), 1)


def test_the_same_command_id_twice_writes_once(newsroom: Newsroom) -> None:
    drafted(newsroom)
    submit = cmd.SubmitArticle(article_id="cop29")
    first = newsroom.handle(submit, ctx("aysel", command_id="k1"))
    again = newsroom.handle(submit, ctx("aysel", command_id="k1"))
    assert again.replayed and again.events == first.events and again.status == "in_review"
    with pytest.raises(BadInput, match="already used") as raised:
        newsroom.handle(cmd.SpikeArticle(article_id="cop29"), ctx("kamran", command_id="k1"))
    assert raised.value.hint == "new-command-id"


def test_the_scheduler_publishes_what_is_due_and_leaves_the_rest(
    newsroom: Newsroom, clock: Clock
) -> None:
    drafted(newsroom)
    act(newsroom, cmd.SubmitArticle(article_id="cop29"), "aysel")
    act(newsroom, cmd.ApproveArticle(article_id="cop29"), "kamran")
    embargo = cmd.PublishArticle(article_id="cop29", at=NOW + timedelta(hours=1))
    act(newsroom, embargo, "kamran")
    assert publish_due(newsroom, ["cop29"], ctx("scheduler")) == []
    clock.now = NOW + timedelta(hours=2)
    [done] = publish_due(newsroom, ["cop29", "nowhere"], ctx("scheduler"))
    assert (done.status, done.events[0].actor) == ("published", "scheduler")
    assert done.events[0].data["published_at"] == "2024-11-14T11:00:00+00:00"


def test_a_pinned_clock_lifts_no_embargo(newsroom: Newsroom) -> None:
    drafted(newsroom)
    act(newsroom, cmd.SubmitArticle(article_id="cop29"), "aysel")
    act(newsroom, cmd.ApproveArticle(article_id="cop29"), "kamran")
    act(newsroom, cmd.PublishArticle(article_id="cop29", at=NOW + timedelta(hours=1)), "kamran")
    everyone = cmd.SetPinnedClockPolicy(policy="everyone")
    act(newsroom, everyone, "umud")
    later = NOW + timedelta(days=400)
    with pytest.raises(BadInput, match="may only backdate"):
        publish_due(newsroom, ["cop29"], ctx("umud", pinned=later))
    assert newsroom.article("cop29").status == "scheduled"  # type: ignore[union-attr]


def test_an_act_signed_with_another_key_is_refused_and_writes_nothing(newsroom: Newsroom) -> None:
    head = newsroom.store.head()
    draft = cmd.DraftArticle(article_id="cop29", headline="COP29 opens", category="World")
    with pytest.raises(PermissionDenied, match="not aysel's registered key"):
        newsroom.handle(draft, Context("aysel", key_of("kamran")))
    assert newsroom.store.head() == head


def test_a_member_without_a_key_cannot_act(newsroom: Newsroom) -> None:
    act(newsroom, cmd.AddStaffMember(name="rashad", role="reporter"), "umud")
    draft = cmd.DraftArticle(article_id="cop29", headline="COP29 opens", category="World")
    with pytest.raises(PermissionDenied, match="rashad has no registered key"):
        act(newsroom, draft, "rashad")


def test_a_member_rotates_their_own_key_by_signing_with_the_old_one(newsroom: Newsroom) -> None:
    act(newsroom, cmd.ChangeStaffKey(name="aysel", public_key=public_of("aysel-2")), "aysel")
    draft = cmd.DraftArticle(article_id="cop29", headline="COP29 opens", category="World")
    with pytest.raises(PermissionDenied, match="not aysel's registered key"):
        act(newsroom, draft, "aysel")
    newsroom.handle(draft, Context("aysel", key_of("aysel-2")))
    other = cmd.ChangeStaffKey(name="kamran", public_key=public_of("x"))
    with pytest.raises(PermissionDenied, match="managing the staff needs a chief"):
        newsroom.handle(other, Context("aysel", key_of("aysel-2")))


def test_the_default_policy_lets_only_chiefs_pin_the_clock(newsroom: Newsroom) -> None:
    draft = cmd.DraftArticle(article_id="cop29", headline="COP29 opens", category="World")
    with pytest.raises(PermissionDenied, match="chiefs only"):
        act(newsroom, draft, "aysel", pinned=NOW - timedelta(days=1))
    outcome = newsroom.handle(draft, ctx("umud", pinned=NOW - timedelta(days=1)))
    [event] = outcome.events
    assert event.metadata["clock"] == "pinned"
    assert (event.occurred_at, event.recorded_at) == (
        "2024-11-13T10:00:00.000000Z",
        "2024-11-14T10:00:00.000000Z",
    )


def test_the_recorded_clock_never_goes_back(newsroom: Newsroom, clock: Clock) -> None:
    clock.now = NOW - timedelta(hours=1)
    draft = cmd.DraftArticle(article_id="cop29", headline="COP29 opens", category="World")
    outcome = newsroom.handle(draft, ctx("aysel"))
    assert outcome.events[0].recorded_at == "2024-11-14T10:00:00.000000Z"


def test_hooks_are_wired_as_events_by_a_chief(newsroom: Newsroom) -> None:
    hook = cmd.RegisterHook(
        name="site", event_types=("ArticlePublished",), target_kind="url", target="https://x.az/"
    )
    with pytest.raises(PermissionDenied):
        act(newsroom, hook, "kamran")
    act(newsroom, hook, "umud")
    assert list(newsroom.hooks()) == ["site"]
    act(newsroom, cmd.RemoveHook(name="site"), "umud")
    assert newsroom.hooks() == {}
