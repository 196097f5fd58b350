"""The article decider alone: given events, when a command, then events or a refusal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from events import models as ev
from events.catalog import STATUS_WORDS
from events.errors import BadInput, NotFound, PermissionDenied, RuleRefused
from events.photo import Photo
from workflow import commands as cmd
from workflow.article import ARTICLE, Article, decide
from workflow.decider import When
from workflow.roles import Actor

fold = ARTICLE.fold
T = datetime(2024, 11, 14, 14, 8, tzinfo=UTC)
NOW = When.at(T)
A = "cop29"
REPORTER = Actor("aysel", "reporter")
EDITOR = Actor("kamran", "editor")
OTHER_EDITOR = Actor("leyla", "editor")
CHIEF = Actor("umud", "chief")

DRAFTED = (
    ev.ArticleDrafted(
        article_id=A,
        headline="Baku hosts COP29",
        body="Text",
        category="Society",
        language="en",
        byline="aysel",
    ),
    "aysel",
)
PHOTO = ev.PhotoAdded(
    article_id=A,
    photo_id="p1",
    file="a.jpg",
    sha256="ab" * 32,
    size=10,
    width=4,
    height=3,
    media_type="image/jpeg",
)
SUBMITTED = (ev.ArticleSubmitted(article_id=A), "aysel")
APPROVED = (ev.ArticleApproved(article_id=A), "kamran")
SCHEDULED = (
    ev.PublicationScheduled(article_id=A, publish_at="2024-11-14T15:00:00+00:00"),
    "kamran",
)
PUBLISHED = (
    ev.ArticlePublished(
        article_id=A,
        published_at="2024-11-14T14:08:00+00:00",
        headline="Baku hosts COP29",
        category="Society",
        language="en",
    ),
    "kamran",
)
RETRACTED = (ev.ArticleRetracted(article_id=A, reason="wrong", was="published"), "umud")
SPIKED = (ev.ArticleSpiked(article_id=A), "kamran")

HISTORIES = {
    "draft": [DRAFTED],
    "in_review": [DRAFTED, SUBMITTED],
    "approved": [DRAFTED, SUBMITTED, APPROVED],
    "scheduled": [DRAFTED, SUBMITTED, APPROVED, SCHEDULED],
    "published": [DRAFTED, SUBMITTED, APPROVED, PUBLISHED],
    "retracted": [DRAFTED, SUBMITTED, APPROVED, PUBLISHED, RETRACTED],
    "spiked": [DRAFTED, SPIKED],
}


def given(status: str, *more: tuple[ev.Event, str]) -> Article:
    state = fold([*HISTORIES[status], *more])
    assert state is not None and (more or state.status == status)
    return state


# The README's workflow table: which states each action accepts.
TABLE = {
    "revise": (cmd.ReviseArticle(article_id=A, headline="New"), {"draft"}),
    "photo": (cmd.RemovePhoto(article_id=A, photo_id="p1"), {"draft"}),
    "submit": (cmd.SubmitArticle(article_id=A), {"draft"}),
    "request-changes": (
        cmd.RequestChanges(article_id=A, reason="Source?"),
        {"in_review", "approved"},
    ),
    "approve": (cmd.ApproveArticle(article_id=A), {"in_review"}),
    "publish": (cmd.PublishArticle(article_id=A), {"approved"}),
    "schedule": (cmd.PublishArticle(article_id=A, at=T + timedelta(hours=1)), {"approved"}),
    "unschedule": (cmd.UnschedulePublication(article_id=A), {"scheduled"}),
    "correct": (cmd.CorrectArticle(article_id=A, note="Fixed a name", body="Fixed"), {"published"}),
    "retract": (cmd.RetractArticle(article_id=A, reason="Wrong"), {"published", "scheduled"}),
    "spike": (cmd.SpikeArticle(article_id=A), {"draft", "in_review", "approved"}),
}


@pytest.mark.parametrize("action", sorted(TABLE))
@pytest.mark.parametrize("status", sorted(HISTORIES))
def test_each_action_is_accepted_exactly_in_the_states_of_the_table(
    action: str, status: str
) -> None:
    command, accepted = TABLE[action]
    state = given(status, (PHOTO, "aysel")) if status == "draft" else given(status)
    actor = Actor("leyla", "chief")
    if status in accepted:
        assert decide(command, state, actor, NOW)
    else:
        with pytest.raises(RuleRefused, match=f"it is {STATUS_WORDS[status]};"):
            decide(command, state, actor, NOW)


def test_drafting_records_the_byline_of_the_reporter_by_default() -> None:
    command = cmd.DraftArticle(article_id=A, headline=" Baku hosts COP29 ", category="Society")
    [event] = decide(command, None, REPORTER, NOW)
    assert event == ev.ArticleDrafted(
        article_id=A,
        headline="Baku hosts COP29",
        body="",
        category="Society",
        language="en",
        byline="aysel",
    )


def test_drafting_an_existing_article_is_refused() -> None:
    with pytest.raises(RuleRefused, match="already exists"):
        decide(
            cmd.DraftArticle(article_id=A, headline="Again", category="X"),
            given("draft"),
            REPORTER,
            NOW,
        )


def test_a_command_on_a_missing_article_is_not_found() -> None:
    with pytest.raises(NotFound, match="no article cop29"):
        decide(cmd.SubmitArticle(article_id=A), None, REPORTER, NOW)


def test_revision_records_only_what_changed() -> None:
    command = cmd.ReviseArticle(
        article_id=A, headline="Baku hosts COP29", body="New text", category="Society"
    )
    assert decide(command, given("draft"), REPORTER, NOW) == [
        ev.ArticleRevised(article_id=A, body="New text")
    ]


def test_a_revision_that_changes_nothing_is_refused() -> None:
    with pytest.raises(RuleRefused, match="changes nothing"):
        decide(
            cmd.ReviseArticle(article_id=A, headline="Baku hosts COP29"),
            given("draft"),
            REPORTER,
            NOW,
        )


@pytest.mark.parametrize("author", [DRAFTED[1], "kamran"])
def test_four_eyes_nobody_approves_what_they_drafted_or_revised(author: str) -> None:
    revised = (ev.ArticleRevised(article_id=A, body="Edited"), "kamran")
    state = fold([DRAFTED, revised, SUBMITTED])
    assert state is not None
    with pytest.raises(PermissionDenied, match="four eyes"):
        decide(cmd.ApproveArticle(article_id=A), state, Actor(author, "chief"), NOW)
    assert decide(cmd.ApproveArticle(article_id=A), state, OTHER_EDITOR, NOW) == [
        ev.ArticleApproved(article_id=A)
    ]


def test_adding_a_photo_makes_you_a_contributor_too() -> None:
    state = fold([DRAFTED, (PHOTO, "kamran"), SUBMITTED])
    assert state is not None
    with pytest.raises(PermissionDenied, match="four eyes"):
        decide(cmd.ApproveArticle(article_id=A), state, EDITOR, NOW)


@pytest.mark.parametrize(
    ("actor", "command"),
    [
        (REPORTER, cmd.ApproveArticle(article_id=A)),
        (REPORTER, cmd.RequestChanges(article_id=A, reason="x")),
        (EDITOR, cmd.RetractArticle(article_id=A, reason="x")),
        (Actor("stranger", None), cmd.SubmitArticle(article_id=A)),
    ],
)
def test_roles_limit_what_a_person_may_do(actor: Actor, command: cmd.ArticleCommand) -> None:
    state = given("in_review") if not isinstance(command, cmd.SubmitArticle) else given("draft")
    with pytest.raises(PermissionDenied):
        decide(command, state, actor, NOW)


def test_publishing_now_carries_what_went_out() -> None:
    [event] = decide(cmd.PublishArticle(article_id=A), given("approved"), EDITOR, NOW)
    assert event == ev.ArticlePublished(
        article_id=A,
        published_at="2024-11-14T14:08:00+00:00",
        headline="Baku hosts COP29",
        category="Society",
        language="en",
    )


def test_an_embargo_must_lie_in_the_future() -> None:
    with pytest.raises(RuleRefused, match="already passed"):
        decide(cmd.PublishArticle(article_id=A, at=T), given("approved"), EDITOR, NOW)


def test_the_scheduler_publishes_at_the_embargo_time_once_due() -> None:
    state = given("scheduled")
    with pytest.raises(RuleRefused, match="embargoed until"):
        decide(cmd.PublishDue(article_id=A), state, Actor("scheduler", "scheduler"), NOW)
    later = T + timedelta(hours=2)
    [event] = decide(
        cmd.PublishDue(article_id=A), state, Actor("scheduler", "scheduler"), When.at(later)
    )
    assert isinstance(event, ev.ArticlePublished)
    assert (event.published_at, event.scheduled) == ("2024-11-14T15:00:00+00:00", True)


def test_unscheduling_returns_to_approved() -> None:
    [event] = decide(cmd.UnschedulePublication(article_id=A), given("scheduled"), EDITOR, NOW)
    state = fold([*HISTORIES["scheduled"], (event, "kamran")])
    assert state is not None and (state.status, state.publish_at) == ("approved", None)


def test_a_correction_keeps_only_real_changes_and_its_note() -> None:
    command = cmd.CorrectArticle(
        article_id=A, note="Name fixed", headline="Baku hosts COP29", body="Fixed"
    )
    assert decide(command, given("published"), EDITOR, NOW) == [
        ev.ArticleCorrected(article_id=A, note="Name fixed", body="Fixed")
    ]


def test_retraction_remembers_what_the_article_was() -> None:
    [event] = decide(
        cmd.RetractArticle(article_id=A, reason="Embargo broken"), given("scheduled"), CHIEF, NOW
    )
    assert event == ev.ArticleRetracted(article_id=A, reason="Embargo broken", was="scheduled")


def test_photo_order_must_name_every_photo_once() -> None:
    second = PHOTO.model_copy(update={"photo_id": "p2"})
    state = fold([DRAFTED, (PHOTO, "aysel"), (second, "aysel")])
    assert state is not None
    with pytest.raises(BadInput, match="exactly once"):
        decide(cmd.ReorderPhotos(article_id=A, photo_ids=("p2",)), state, REPORTER, NOW)
    [event] = decide(cmd.ReorderPhotos(article_id=A, photo_ids=("p2", "p1")), state, REPORTER, NOW)
    assert fold([DRAFTED, (PHOTO, "aysel"), (second, "aysel"), (event, "aysel")]).photo_ids == (
        "p2",
        "p1",
    )  # type: ignore[union-attr]


def test_the_same_photo_cannot_be_added_twice() -> None:
    facts = Photo(**PHOTO.model_dump(exclude={"article_id", "event_type"}))
    with pytest.raises(RuleRefused, match="already in"):
        decide(
            cmd.AddPhoto(article_id=A, photo=facts), given("draft", (PHOTO, "aysel")), REPORTER, NOW
        )


def test_invalid_commands_are_bad_input() -> None:
    with pytest.raises(BadInput, match="headline must not be empty"):
        cmd.build(cmd.DraftArticle, article_id=A, headline="   ", category="Society")
    with pytest.raises(BadInput, match="article_id"):
        cmd.build(cmd.SubmitArticle, article_id="Not An Id")
    with pytest.raises(BadInput, match="reason must not be empty"):
        cmd.build(cmd.RetractArticle, article_id=A, reason=" ")


def test_whoever_changed_the_published_text_cannot_correct_it_again() -> None:
    fix = cmd.CorrectArticle(article_id=A, note="Spelling", headline="COP29 opens in Baku")
    [corrected] = decide(fix, given("published"), EDITOR, NOW)
    state = given("published", (corrected, EDITOR.name))
    again = cmd.CorrectArticle(article_id=A, note="Second thought", body="More.")
    with pytest.raises(PermissionDenied, match="another editor must correct its text"):
        decide(again, state, EDITOR, NOW)
    assert decide(again, state, OTHER_EDITOR, NOW)[0].body == "More."  # type: ignore[union-attr]
    note_only = cmd.CorrectArticle(article_id=A, note="The photo shows Nizami Street.")
    assert decide(note_only, state, EDITOR, NOW)[0].headline is None  # type: ignore[union-attr]


def test_corrected_text_is_linted_and_an_override_is_recorded() -> None:
    dirty = cmd.CorrectArticle(article_id=A, note="Spelling", headline="COP29 opens in Bаku")
    with pytest.raises(RuleRefused, match="Lint found an error") as raised:
        decide(dirty, given("published"), EDITOR, NOW)
    assert raised.value.hint == "allow-lint-correct"
    allowed = dirty.model_copy(update={"allow_lint": "The agency's spelling"})
    [event] = decide(allowed, given("published"), EDITOR, NOW)
    assert event.lint_override == "The agency's spelling"  # type: ignore[union-attr]
