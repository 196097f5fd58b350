"""The article decider: `decide(command, state, actor, now) -> events`, pure and total.

Checks run in the order a person would want to hear them: does the article exist,
may this person act, does the workflow allow it now, and finally four eyes.
"""

from __future__ import annotations

from datetime import datetime
from functools import singledispatch

from events import models as ev
from events.errors import BadInput, NotFound, PermissionDenied, RuleRefused
from events.instants import utc_iso
from workflow import commands as cmd
from workflow.article import (
    APPROVED,
    DRAFT,
    IN_REVIEW,
    PUBLISHED,
    RETRACTED,
    SCHEDULED,
    SPIKED,
    Article,
)
from workflow.lint import errors, lint_article
from workflow.roles import Actor, require


def decide(
    command: cmd.ArticleCommand, state: Article | None, actor: Actor, now: datetime
) -> list[ev.Event]:
    if isinstance(command, cmd.DraftArticle):
        return _draft(command, state, actor)
    if state is None:
        raise NotFound(f"There is no article {command.article_id}.")
    return _decide(command, state, actor, now)


def _draft(command: cmd.DraftArticle, state: Article | None, actor: Actor) -> list[ev.Event]:
    require(actor, "draft")
    if state is not None:
        raise RuleRefused(f"Article {command.article_id} already exists; revise it instead.")
    return [
        ev.ArticleDrafted(
            article_id=command.article_id,
            headline=command.headline,
            body=command.body,
            category=command.category,
            language=command.language,
            byline=command.byline or actor.name,
        )
    ]


STATE_WORDS = {
    DRAFT: "a draft",
    IN_REVIEW: "in review",
    APPROVED: "approved",
    SCHEDULED: "scheduled",
    PUBLISHED: "published",
    RETRACTED: "retracted",
    SPIKED: "spiked",
}


def _expect(state: Article, action: str, *allowed: str) -> None:
    if state.status not in allowed:
        needed = " or ".join(STATE_WORDS[status] for status in allowed)
        raise RuleRefused(
            f"Cannot {action} article {state.article_id}: it is {STATE_WORDS[state.status]}; "
            f"that is allowed only when it is {needed}."
        )


def _act(state: Article, actor: Actor, action: str, *allowed: str, role_action: str = "") -> None:
    require(actor, role_action or action)
    _expect(state, action, *allowed)


@singledispatch
def _decide(
    command: cmd.ArticleCommand, state: Article, actor: Actor, now: datetime
) -> list[ev.Event]:
    raise TypeError(f"no decision for {type(command).__name__}")


@_decide.register
def _(command: cmd.ReviseArticle, state: Article, actor: Actor, now: datetime) -> list[ev.Event]:
    _act(state, actor, "revise", DRAFT)
    changes = {
        field: value
        for field in ("headline", "body", "category", "language", "byline")
        if (value := getattr(command, field)) is not None and value != getattr(state, field)
    }
    if not changes:
        raise RuleRefused(f"This revision changes nothing in article {state.article_id}.")
    return [ev.ArticleRevised(article_id=state.article_id, **changes)]


@_decide.register
def _(command: cmd.AddPhoto, state: Article, actor: Actor, now: datetime) -> list[ev.Event]:
    _act(state, actor, "add a photo to", DRAFT, role_action="photo")
    photo = command.photo
    if photo.photo_id in state.photo_ids:
        raise RuleRefused(f"Photo {photo.file} is already in article {state.article_id}.")
    return [
        ev.PhotoAdded(
            article_id=state.article_id,
            caption=command.caption.strip(),
            credit=command.credit.strip(),
            **photo.model_dump(),
        )
    ]


@_decide.register
def _(command: cmd.RemovePhoto, state: Article, actor: Actor, now: datetime) -> list[ev.Event]:
    _act(state, actor, "remove a photo from", DRAFT, role_action="photo")
    if command.photo_id not in state.photo_ids:
        raise NotFound(f"Article {state.article_id} has no photo {command.photo_id}.")
    return [ev.PhotoRemoved(article_id=state.article_id, photo_id=command.photo_id)]


@_decide.register
def _(command: cmd.ReorderPhotos, state: Article, actor: Actor, now: datetime) -> list[ev.Event]:
    _act(state, actor, "reorder the photos of", DRAFT, role_action="photo")
    wanted, have = list(command.photo_ids), list(state.photo_ids)
    if sorted(wanted) != sorted(have):
        raise BadInput(_reorder_problem(state.article_id, wanted, have))
    if wanted == have:
        raise RuleRefused(f"The photos of article {state.article_id} are already in that order.")
    return [ev.PhotosReordered(article_id=state.article_id, photo_ids=command.photo_ids)]


@_decide.register
def _(command: cmd.SubmitArticle, state: Article, actor: Actor, now: datetime) -> list[ev.Event]:
    _act(state, actor, "submit", DRAFT)
    return [ev.ArticleSubmitted(article_id=state.article_id)]


@_decide.register
def _(command: cmd.RequestChanges, state: Article, actor: Actor, now: datetime) -> list[ev.Event]:
    _act(state, actor, "request changes on", IN_REVIEW, role_action="request-changes")
    return [ev.ChangesRequested(article_id=state.article_id, reason=command.reason)]


@_decide.register
def _(command: cmd.ApproveArticle, state: Article, actor: Actor, now: datetime) -> list[ev.Event]:
    _act(state, actor, "approve", IN_REVIEW)
    if actor.name in state.contributors:
        raise PermissionDenied(
            f"{actor.name} drafted or revised article {state.article_id}; "
            "four eyes: another editor must approve it."
        )
    found = errors(lint_article(state.headline, state.body))
    if found and command.allow_lint is None:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise RuleRefused(
            f"Lint found an error in article {state.article_id}'s {found[0].field}: "
            f"{found[0].message}{more}; fix it, or approve with --allow-lint REASON."
        )
    override = command.allow_lint if found else None
    return [ev.ArticleApproved(article_id=state.article_id, lint_override=override)]


@_decide.register
def _(command: cmd.PublishArticle, state: Article, actor: Actor, now: datetime) -> list[ev.Event]:
    _act(state, actor, "publish", APPROVED)
    if command.at is None:
        return [_published(state, now, scheduled=False)]
    if command.at <= now:
        when = command.at.strftime("%H:%M %d.%m.%Y")
        raise RuleRefused(
            f"The embargo time {when} has already passed; publish now with "
            f"`newsroom publish {state.article_id}`."
        )
    return [ev.PublicationScheduled(article_id=state.article_id, publish_at=utc_iso(command.at))]


@_decide.register
def _(command: cmd.PublishDue, state: Article, actor: Actor, now: datetime) -> list[ev.Event]:
    _expect(state, "publish", SCHEDULED)
    assert state.publish_at is not None
    due = datetime.fromisoformat(state.publish_at)
    if due > now:
        raise RuleRefused(f"Article {state.article_id} is embargoed until {state.publish_at}.")
    return [_published(state, due, scheduled=True)]


@_decide.register
def _(
    command: cmd.UnschedulePublication, state: Article, actor: Actor, now: datetime
) -> list[ev.Event]:
    _act(state, actor, "unschedule", SCHEDULED)
    assert state.publish_at is not None
    if datetime.fromisoformat(state.publish_at) <= now:
        raise RuleRefused(
            f"The embargo on article {state.article_id} has passed and it is due for "
            "publication; retract it instead, or run `newsroom tick` to publish it."
        )
    return [ev.PublicationUnscheduled(article_id=state.article_id, publish_at=state.publish_at)]


@_decide.register
def _(command: cmd.CorrectArticle, state: Article, actor: Actor, now: datetime) -> list[ev.Event]:
    _act(state, actor, "correct", PUBLISHED)
    headline = command.headline if command.headline != state.headline else None
    body = command.body if command.body != state.body else None
    return [
        ev.ArticleCorrected(
            article_id=state.article_id, note=command.note, headline=headline, body=body
        )
    ]


@_decide.register
def _(command: cmd.RetractArticle, state: Article, actor: Actor, now: datetime) -> list[ev.Event]:
    _act(state, actor, "retract", PUBLISHED, SCHEDULED)
    was = "published" if state.status == PUBLISHED else "scheduled"
    return [ev.ArticleRetracted(article_id=state.article_id, reason=command.reason, was=was)]


@_decide.register
def _(command: cmd.SpikeArticle, state: Article, actor: Actor, now: datetime) -> list[ev.Event]:
    _act(state, actor, "spike", DRAFT, IN_REVIEW)
    return [ev.ArticleSpiked(article_id=state.article_id, reason=command.reason.strip())]


def _published(state: Article, at: datetime, *, scheduled: bool) -> ev.ArticlePublished:
    return ev.ArticlePublished(
        article_id=state.article_id,
        published_at=utc_iso(at),
        headline=state.headline,
        category=state.category,
        language=state.language,
        scheduled=scheduled,
    )


def _reorder_problem(article_id: str, wanted: list[str], have: list[str]) -> str:
    unknown = [p for p in wanted if p not in have]
    twice = sorted({p for p in wanted if wanted.count(p) > 1})
    missing = [p for p in have if p not in wanted]
    if unknown:
        problem = f"article {article_id} has no photo {', '.join(unknown)}"
    elif twice:
        problem = f"photo {', '.join(twice)} is named more than once"
    else:
        problem = f"photo {', '.join(missing)} is missing"
    return f"Name every photo of article {article_id} exactly once: {problem}."
