"""The article decider: its state, `evolve`, and `decide(command, state, actor, when)`.

Pure and total. Checks run in the order a person would want to hear them: does the
article exist, may this person act, does the workflow allow it now, and last four eyes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from events import models as ev
from events.catalog import (
    APPROVED,
    CORRECTABLE_FIELDS,
    DRAFT,
    IN_REVIEW,
    PHOTO_WORDS,
    PUBLISHED,
    REVISABLE_FIELDS,
    ROLES_FOR_WORK,
    SCHEDULED,
    STATUS_AFTER,
    STATUS_WORDS,
    RetractedFrom,
    article_stream,
)
from events.errors import BadInput, NotFound, PermissionDenied, RuleRefused
from events.instants import NEWSROOM_FORMAT, utc_iso
from events.photo import PHOTO_FIELDS, Photo
from workflow import commands as cmd
from workflow.decider import Decider, When
from workflow.lint import lint_errors
from workflow.roles import Actor, require

Changes = dict[str, Any]
PHOTOS_MAX = 100  # on one article: a gallery's worth, and a bound on its stream


@dataclass(frozen=True, slots=True)
class Article:
    """What a decision about an article needs to know, and nothing more."""

    article_id: str
    version: int
    status: str
    headline: str
    body: str
    category: str
    language: str
    byline: str
    photo_ids: tuple[str, ...] = ()
    contributors: frozenset[str] = frozenset()
    publish_at: str | None = None
    urgency: int | None = None
    writer: str | None = None  # who it is assigned to for writing, last assigned
    reviewer: str | None = None  # and for review
    submitted_by: str | None = None  # who sent it to review last: only they may withdraw it
    # Each photo's caption, credit and alt text: an edit that changes none is refused.
    photo_words: dict[str, dict[str, str]] = field(default_factory=dict)


def evolve(state: Article | None, event: ev.Event, actor: str) -> Article | None:
    """The state after one more event; `actor` is who caused it (for four eyes)."""
    if isinstance(event, ev.ArticleDrafted):
        return _drafted(event, actor)
    if state is None:
        return None
    changes = _CHANGES.get(event.event_type, _no_change)(event, state, actor)
    if (status := STATUS_AFTER.get(event.event_type)) is not None:
        changes["status"] = status
    return replace(state, **changes, version=state.version + 1)


def _drafted(event: ev.ArticleDrafted, actor: str) -> Article:
    return Article(
        article_id=event.article_id,
        version=1,
        status=DRAFT,
        headline=event.headline,
        body=event.body,
        category=event.category,
        language=event.language,
        byline=event.byline,
        contributors=frozenset({actor}),
        urgency=event.urgency,
    )


def _no_change(event: Any, state: Article, actor: str) -> Changes:
    return {}


def _revised(event: ev.ArticleRevised, state: Article, actor: str) -> Changes:
    fields = REVISABLE_FIELDS
    changes = {name: value for name in fields if (value := getattr(event, name)) is not None}
    return changes | {"contributors": state.contributors | {actor}}


def _photos(photo_ids: tuple[str, ...], state: Article, actor: str) -> Changes:
    return {"photo_ids": photo_ids, "contributors": state.contributors | {actor}}


def _corrected(event: ev.ArticleCorrected, state: Article, actor: str) -> Changes:
    fields = CORRECTABLE_FIELDS
    changes = {name: value for name in fields if (value := getattr(event, name)) is not None}
    # Whoever changed the published text is one of its authors now.
    return changes | ({"contributors": state.contributors | {actor}} if changes else {})


_ASSIGNEE = {"writing": "writer", "review": "reviewer"}  # the field naming each assignee
_CHANGES: dict[str, Callable[[Any, Article, str], Changes]] = {
    "ArticleRevised": _revised,
    "PhotoAdded": lambda e, s, a: _photo_words(e, s, a) | {"photo_ids": (*s.photo_ids, e.photo_id)},
    "PhotoRemoved": lambda e, s, a: _photos(tuple(p for p in s.photo_ids if p != e.photo_id), s, a),
    "PhotosReordered": lambda e, s, a: _photos(e.photo_ids, s, a),
    "PublicationScheduled": lambda e, s, a: {"publish_at": e.publish_at},
    "PublicationUnscheduled": lambda e, s, a: {"publish_at": None},
    "ArticlePublished": lambda e, s, a: {"publish_at": None},
    "ArticleCorrected": _corrected,
    "ArticleRetracted": lambda e, s, a: {"publish_at": None},
    "ArticleAssigned": lambda e, s, a: {_ASSIGNEE[e.work]: e.assignee},
    "ArticleSubmitted": lambda e, s, a: {"submitted_by": a},
    "PhotoEdited": lambda e, s, a: _photo_words(e, s, a),
}


def _photo_words(event: ev.PhotoAdded | ev.PhotoEdited, state: Article, actor: str) -> Changes:
    given = {name: value for name in PHOTO_WORDS if (value := getattr(event, name)) is not None}
    words = state.photo_words.get(event.photo_id, {}) | given
    changes = _photos(state.photo_ids, state, actor)
    return changes | {"photo_words": state.photo_words | {event.photo_id: words}}


def decide(
    command: cmd.ArticleCommand, state: Article | None, actor: Actor, when: When
) -> list[ev.Event]:
    if isinstance(command, cmd.DraftArticle):
        return _draft(command, state, actor)
    if state is None:
        raise NotFound(f"There is no article {command.article_id}.")
    decision = _DECISIONS.get(type(command))
    if decision is None:
        raise TypeError(f"no decision for {type(command).__name__}")
    return decision(command, state, actor, when)


def _draft(command: cmd.DraftArticle, state: Article | None, actor: Actor) -> list[ev.Event]:
    require(actor, "draft")
    if state is not None:
        raise RuleRefused(f"Article {command.article_id} already exists.", hint="revise")
    return [
        ev.ArticleDrafted(
            article_id=command.article_id,
            headline=command.headline,
            body=command.body,
            category=command.category,
            language=command.language,
            byline=command.byline or actor.name,
            urgency=command.urgency,
        )
    ]


def _expect(state: Article, action: str, *allowed: str) -> None:
    if state.status not in allowed:
        words = [STATUS_WORDS[status] for status in allowed]
        needed = " or ".join([", ".join(words[:-1]), words[-1]] if len(words) > 2 else words)
        raise RuleRefused(
            f"Cannot {action} article {state.article_id}: it is {STATUS_WORDS[state.status]}; "
            f"that is allowed only when it is {needed}."
        )


def _act(state: Article, actor: Actor, action: str, *allowed: str, role_action: str = "") -> None:
    require(actor, role_action or action)
    _expect(state, action, *allowed)


def _revise(command: cmd.ReviseArticle, state: Article, actor: Actor, when: When) -> list[ev.Event]:
    _act(state, actor, "revise", DRAFT)
    changes = {
        field: value
        for field in REVISABLE_FIELDS
        if (value := getattr(command, field)) is not None and value != getattr(state, field)
    }
    if not changes:
        raise RuleRefused(f"This revision changes nothing in article {state.article_id}.")
    return [ev.ArticleRevised(article_id=state.article_id, **changes)]


def _add_photo(command: cmd.AddPhoto, state: Article, actor: Actor, when: When) -> list[ev.Event]:
    _act(state, actor, "add a photo to", DRAFT, role_action="photo")
    photo = command.photo
    if photo.photo_id in state.photo_ids:
        raise RuleRefused(f"Photo {photo.file} is already in article {state.article_id}.")
    words = {name: getattr(photo, name).strip() for name in PHOTO_WORDS}
    facts = {name: getattr(photo, name) for name in PHOTO_FIELDS}
    return [ev.PhotoAdded(article_id=state.article_id, **(facts | words))]


def _edit_photo(command: cmd.EditPhoto, state: Article, actor: Actor, when: When) -> list[ev.Event]:
    _act(state, actor, "edit a photo of", DRAFT, role_action="photo")
    if command.photo_id not in state.photo_ids:
        raise NotFound(f"Article {state.article_id} has no photo {command.photo_id}.")
    have = state.photo_words.get(command.photo_id, {})
    changes = {
        name: value.strip()
        for name in PHOTO_WORDS
        if (value := getattr(command, name)) is not None and value.strip() != have.get(name, "")
    }
    if not changes:
        raise RuleRefused(f"This edit changes nothing in photo {command.photo_id}.")
    return [ev.PhotoEdited(article_id=state.article_id, photo_id=command.photo_id, **changes)]


def refuse_more_photos(state: Article | None) -> None:
    """Refuse a photo past `PHOTOS_MAX`. Asked at the edge before a photo is added, not in
    `decide`: `verify` and `import` decide every old act again, and a limit that came later
    must not make an old log's 101st photo unlawful."""
    if state is not None and len(state.photo_ids) >= PHOTOS_MAX:
        raise RuleRefused(
            f"Article {state.article_id} has {len(state.photo_ids)} photos, the most an "
            "article may have; remove one before adding another."
        )


def _remove_photo(
    command: cmd.RemovePhoto, state: Article, actor: Actor, when: When
) -> list[ev.Event]:
    _act(state, actor, "remove a photo from", DRAFT, role_action="photo")
    if command.photo_id not in state.photo_ids:
        raise NotFound(f"Article {state.article_id} has no photo {command.photo_id}.")
    return [ev.PhotoRemoved(article_id=state.article_id, photo_id=command.photo_id)]


def _reorder(
    command: cmd.ReorderPhotos, state: Article, actor: Actor, when: When
) -> list[ev.Event]:
    _act(state, actor, "reorder the photos of", DRAFT, role_action="photo")
    wanted, have = list(command.photo_ids), list(state.photo_ids)
    if sorted(wanted) != sorted(have):
        raise BadInput(_reorder_problem(state.article_id, wanted, have))
    if wanted == have:
        raise RuleRefused(f"The photos of article {state.article_id} are already in that order.")
    return [ev.PhotosReordered(article_id=state.article_id, photo_ids=command.photo_ids)]


def _submit(command: cmd.SubmitArticle, state: Article, actor: Actor, when: When) -> list[ev.Event]:
    _act(state, actor, "submit", DRAFT)
    return [ev.ArticleSubmitted(article_id=state.article_id)]


def _request_changes(
    command: cmd.RequestChanges, state: Article, actor: Actor, when: When
) -> list[ev.Event]:
    # An approved article may still go back: a fact checked after approval turns out wrong.
    _act(state, actor, "request changes on", IN_REVIEW, APPROVED, role_action="request-changes")
    return [ev.ChangesRequested(article_id=state.article_id, reason=command.reason)]


def _approve(
    command: cmd.ApproveArticle, state: Article, actor: Actor, when: When
) -> list[ev.Event]:
    _act(state, actor, "approve", IN_REVIEW)
    if actor.name in state.contributors:
        raise PermissionDenied(
            f"{actor.name} drafted or revised article {state.article_id}; "
            "four eyes: another editor must approve it."
        )
    override = _lint_gate(state.article_id, state.headline, state.body, command.allow_lint)
    return [ev.ArticleApproved(article_id=state.article_id, lint_override=override)]


def _lint_gate(
    article_id: str, headline: str, body: str, allowed: str | None, hint: str = "allow-lint"
) -> str | None:
    """Refuse text that lint finds an error in, unless allowed with a reason (returned)."""
    found = lint_errors(headline, body)
    if found and allowed is None:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise RuleRefused(
            f"Lint found an error in article {article_id}'s {found[0].field}: "
            f"{found[0].message}{more}.",
            hint=hint,
        )
    return allowed if found else None


def _publish(
    command: cmd.PublishArticle, state: Article, actor: Actor, when: When
) -> list[ev.Event]:
    _act(state, actor, "publish", APPROVED)
    if command.at is None:
        return [_published(state, when.effective, scheduled=False)]
    if command.at <= when.effective:
        embargo = command.at.strftime(NEWSROOM_FORMAT)
        raise RuleRefused(
            f"The embargo time {embargo} has already passed.",
            hint="publish-now",
            article_id=state.article_id,
        )
    return [ev.PublicationScheduled(article_id=state.article_id, publish_at=utc_iso(command.at))]


def _publish_due(
    command: cmd.PublishDue, state: Article, actor: Actor, when: When
) -> list[ev.Event]:
    require(actor, "publish-due")
    _expect(state, "publish", SCHEDULED)
    assert state.publish_at is not None
    due = datetime.fromisoformat(state.publish_at)
    if due > when.recorded:
        raise RuleRefused(f"Article {state.article_id} is embargoed until {state.publish_at}.")
    return [_published(state, due, scheduled=True)]


def _unschedule(
    command: cmd.UnschedulePublication, state: Article, actor: Actor, when: When
) -> list[ev.Event]:
    _act(state, actor, "unschedule", SCHEDULED)
    assert state.publish_at is not None
    if datetime.fromisoformat(state.publish_at) <= when.recorded:
        raise RuleRefused(
            f"The embargo on article {state.article_id} has passed and it is due for publication.",
            hint="retract-or-publish-due",
        )
    return [ev.PublicationUnscheduled(article_id=state.article_id, publish_at=state.publish_at)]


def _correct(
    command: cmd.CorrectArticle, state: Article, actor: Actor, when: When
) -> list[ev.Event]:
    _act(state, actor, "correct", PUBLISHED)
    changes = {
        name: value
        for name in CORRECTABLE_FIELDS
        if (value := getattr(command, name)) is not None and value != getattr(state, name)
    }
    headline, body = changes.get("headline"), changes.get("body")
    # A byline or a section is what readers trust as much as the words: four eyes too.
    if changes and actor.name in state.contributors:
        raise PermissionDenied(
            f"{actor.name} drafted, revised or corrected article {state.article_id}; "
            "four eyes: another editor must correct its text."
        )
    # Only the new text is linted: what was approved before stays as it was approved.
    override = _lint_gate(
        state.article_id, headline or "", body or "", command.allow_lint, "allow-lint-correct"
    )
    corrected = ev.ArticleCorrected(
        article_id=state.article_id, note=command.note, lint_override=override, **changes
    )
    return [corrected]


def _retract(
    command: cmd.RetractArticle, state: Article, actor: Actor, when: When
) -> list[ev.Event]:
    _act(state, actor, "retract", PUBLISHED, SCHEDULED)
    was: RetractedFrom = "published" if state.status == PUBLISHED else "scheduled"
    return [ev.ArticleRetracted(article_id=state.article_id, reason=command.reason, was=was)]


def _spike(command: cmd.SpikeArticle, state: Article, actor: Actor, when: When) -> list[ev.Event]:
    _act(state, actor, "spike", DRAFT, IN_REVIEW, APPROVED)
    return [ev.ArticleSpiked(article_id=state.article_id, reason=command.reason.strip())]


# Who may be given each kind of work, and in which statuses it still waits to be done.
_ASSIGNABLE = {"writing": (DRAFT,), "review": (DRAFT, IN_REVIEW)}


def _assign(command: cmd.AssignArticle, state: Article, actor: Actor, when: When) -> list[ev.Event]:
    _act(
        state,
        actor,
        f"assign the {command.work} of",
        *_ASSIGNABLE[command.work],
        role_action="assign",
    )
    name, role = command.assignee, command.assignee_role
    if role is None:
        raise NotFound(f"{name} is not on the staff of this newsroom.", hint="add-staff", name=name)
    if role not in ROLES_FOR_WORK[command.work]:
        able = " or ".join(f"{r}s" for r in ROLES_FOR_WORK[command.work])
        raise RuleRefused(f"{name} is {_a(role)}; only {able} can be assigned {command.work}.")
    if command.work == "review" and name in state.contributors:
        raise PermissionDenied(
            f"{name} drafted or revised article {state.article_id}; "
            "four eyes: assign its review to another editor."
        )
    if getattr(state, _ASSIGNEE[command.work]) == name:
        raise RuleRefused(
            f"Article {state.article_id} is already assigned to {name} for {command.work}."
        )
    assigned = ev.ArticleAssigned(
        article_id=state.article_id, assignee=name, work=command.work, assignee_role=role
    )
    return [assigned]


def _a(role: str) -> str:
    return f"an {role}" if role[0] in "aeiou" else f"a {role}"


def _withdraw(
    command: cmd.WithdrawArticle, state: Article, actor: Actor, when: When
) -> list[ev.Event]:
    _act(state, actor, "withdraw", IN_REVIEW)
    if actor.name != state.submitted_by:
        raise PermissionDenied(
            f"{state.submitted_by} submitted article {state.article_id}; only they can "
            "withdraw it (an editor sends it back with request-changes)."
        )
    return [ev.ArticleWithdrawn(article_id=state.article_id, reason=command.reason.strip())]


def _note(command: cmd.AddNote, state: Article, actor: Actor, when: When) -> list[ev.Event]:
    # In any state: a note changes nothing readers see, and makes nobody an author.
    require(actor, "note")
    return [ev.NoteAdded(article_id=state.article_id, text=command.text)]


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


_DECISIONS: dict[
    type[cmd.ArticleCommand], Callable[[Any, Article, Actor, When], list[ev.Event]]
] = {
    cmd.ReviseArticle: _revise,
    cmd.AddPhoto: _add_photo,
    cmd.RemovePhoto: _remove_photo,
    cmd.ReorderPhotos: _reorder,
    cmd.SubmitArticle: _submit,
    cmd.RequestChanges: _request_changes,
    cmd.ApproveArticle: _approve,
    cmd.PublishArticle: _publish,
    cmd.PublishDue: _publish_due,
    cmd.UnschedulePublication: _unschedule,
    cmd.CorrectArticle: _correct,
    cmd.RetractArticle: _retract,
    cmd.SpikeArticle: _spike,
    cmd.AssignArticle: _assign,
    cmd.WithdrawArticle: _withdraw,
    cmd.EditPhoto: _edit_photo,
    cmd.AddNote: _note,
}


# The command each kind of event is decided by: `verify` decides it again to check it.
_COMMAND_OF: dict[str, Callable[[Any], cmd.ArticleCommand]] = {
    "ArticleDrafted": lambda e: cmd.DraftArticle(
        article_id=e.article_id,
        headline=e.headline,
        body=e.body,
        category=e.category,
        language=e.language,
        byline=e.byline,
        urgency=e.urgency,
    ),
    "ArticleRevised": lambda e: cmd.ReviseArticle(
        article_id=e.article_id,
        **{name: value for name in REVISABLE_FIELDS if (value := getattr(e, name)) is not None},
    ),
    "PhotoAdded": lambda e: cmd.AddPhoto(
        article_id=e.article_id, photo=Photo(**{name: getattr(e, name) for name in PHOTO_FIELDS})
    ),
    "PhotoRemoved": lambda e: cmd.RemovePhoto(article_id=e.article_id, photo_id=e.photo_id),
    "PhotosReordered": lambda e: cmd.ReorderPhotos(article_id=e.article_id, photo_ids=e.photo_ids),
    "ArticleSubmitted": lambda e: cmd.SubmitArticle(article_id=e.article_id),
    "ChangesRequested": lambda e: cmd.RequestChanges(article_id=e.article_id, reason=e.reason),
    "ArticleApproved": lambda e: cmd.ApproveArticle(
        article_id=e.article_id, allow_lint=e.lint_override
    ),
    "PublicationScheduled": lambda e: cmd.PublishArticle(
        article_id=e.article_id, at=datetime.fromisoformat(e.publish_at)
    ),
    "ArticlePublished": lambda e: (
        cmd.PublishDue(article_id=e.article_id)
        if e.scheduled
        else cmd.PublishArticle(article_id=e.article_id)
    ),
    "PublicationUnscheduled": lambda e: cmd.UnschedulePublication(article_id=e.article_id),
    "ArticleCorrected": lambda e: cmd.CorrectArticle(
        article_id=e.article_id,
        note=e.note,
        allow_lint=e.lint_override,
        **{name: value for name in CORRECTABLE_FIELDS if (value := getattr(e, name)) is not None},
    ),
    "ArticleRetracted": lambda e: cmd.RetractArticle(article_id=e.article_id, reason=e.reason),
    "ArticleSpiked": lambda e: cmd.SpikeArticle(article_id=e.article_id, reason=e.reason),
    "ArticleAssigned": lambda e: cmd.AssignArticle(
        article_id=e.article_id, assignee=e.assignee, work=e.work, assignee_role=e.assignee_role
    ),
    "ArticleWithdrawn": lambda e: cmd.WithdrawArticle(article_id=e.article_id, reason=e.reason),
    "NoteAdded": lambda e: cmd.AddNote(article_id=e.article_id, text=e.text),
    "PhotoEdited": lambda e: cmd.EditPhoto(
        article_id=e.article_id,
        photo_id=e.photo_id,
        **{name: value for name in PHOTO_WORDS if (value := getattr(e, name)) is not None},
    ),
}


def command_of(events: Sequence[ev.Event], state: Article | None) -> cmd.ArticleCommand:
    """The command that decided `events`: every article command decides one event."""
    [event] = events
    return _COMMAND_OF[event.event_type](event)


def _status(state: Article | None) -> str:
    return state.status if state is not None else "none"


ARTICLE: Decider[cmd.ArticleCommand, Article | None] = Decider(
    initial=None,
    evolve=evolve,
    decide=decide,
    stream=lambda command: article_stream(command.article_id),
    subject=lambda command: f"Article {command.article_id}",
    status=_status,
    command_of=command_of,
)
