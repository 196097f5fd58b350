"""The command service on the in-memory store: load, decide, append; retries and races.

The same service the CLI runs on SQLite and PostgreSQL, with no database at all.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from events.errors import BadInput, Conflict, NotFound, PermissionDenied
from events.memory import MemoryEventStore
from workflow import commands as cmd
from workflow.schedule import publish_due
from workflow.service import Context, Newsroom

NOW = datetime(2024, 11, 14, 10, 0, tzinfo=UTC)


@pytest.fixture
def newsroom() -> Newsroom:
    newsroom = Newsroom(MemoryEventStore())
    newsroom.handle(cmd.AddStaffMember(name="umud", role="chief"), Context("umud", NOW))
    for name, role in (("aysel", "reporter"), ("kamran", "editor")):
        newsroom.handle(cmd.AddStaffMember(name=name, role=role), Context("umud", NOW))
    return newsroom


def act(newsroom: Newsroom, command: cmd.Command, actor: str, **ctx: object) -> object:
    return newsroom.handle(command, Context(actor, NOW, **ctx))  # type: ignore[arg-type]


def drafted(newsroom: Newsroom) -> None:
    draft = cmd.DraftArticle(article_id="cop29", headline="COP29 opens", category="World")
    act(newsroom, draft, "aysel")


def test_a_day_of_an_article_from_draft_to_published(newsroom: Newsroom) -> None:
    drafted(newsroom)
    act(newsroom, cmd.SubmitArticle(article_id="cop29"), "aysel")
    act(newsroom, cmd.ApproveArticle(article_id="cop29"), "kamran")
    outcome = newsroom.handle(cmd.PublishArticle(article_id="cop29"), Context("kamran", NOW))
    assert (outcome.article_id, outcome.version, outcome.status) == ("cop29", 4, "published")
    [event] = outcome.events
    assert (event.event_type, event.actor, event.metadata["role"]) == (
        "ArticlePublished",
        "kamran",
        "editor",
    )
    assert newsroom.store.head()[0] == 7  # three staff events, four of the article


def test_the_founding_chief_is_recorded_as_a_chief(newsroom: Newsroom) -> None:
    [founding] = newsroom.store.read_stream("staff")[:1]
    assert (founding.actor, founding.metadata["role"]) == ("umud", "chief")
    assert dict(newsroom.roster()) == {"umud": "chief", "aysel": "reporter", "kamran": "editor"}


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
        newsroom.handle(cmd.SubmitArticle(article_id="cop29"), Context("aysel", NOW), 1)


def test_the_same_command_id_twice_writes_once(newsroom: Newsroom) -> None:
    drafted(newsroom)
    submit = cmd.SubmitArticle(article_id="cop29")
    first = newsroom.handle(submit, Context("aysel", NOW, command_id="k1"))
    again = newsroom.handle(submit, Context("aysel", NOW, command_id="k1"))
    assert again.replayed and again.events == first.events and again.status == "in_review"
    with pytest.raises(BadInput, match="already used") as raised:
        newsroom.handle(
            cmd.SpikeArticle(article_id="cop29"), Context("kamran", NOW, command_id="k1")
        )
    assert raised.value.hint == "new-command-id"


def test_the_scheduler_publishes_what_is_due_and_leaves_the_rest(newsroom: Newsroom) -> None:
    drafted(newsroom)
    act(newsroom, cmd.SubmitArticle(article_id="cop29"), "aysel")
    act(newsroom, cmd.ApproveArticle(article_id="cop29"), "kamran")
    embargo = cmd.PublishArticle(article_id="cop29", at=NOW + timedelta(hours=1))
    act(newsroom, embargo, "kamran")
    assert publish_due(newsroom, ["cop29"], Context("kamran", NOW)) == []
    [done] = publish_due(
        newsroom, ["cop29", "nowhere"], Context("kamran", NOW + timedelta(hours=2))
    )
    assert (done.status, done.events[0].actor) == ("published", "scheduler")
    assert done.events[0].data["published_at"] == "2024-11-14T11:00:00+00:00"
    assert done.events[0].metadata["run_by"] == "kamran"


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
