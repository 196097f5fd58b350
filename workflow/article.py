"""The article as the write side sees it: its state, `evolve` and the transitions it allows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import singledispatch
from typing import Any

from events import models as ev

DRAFT = "draft"
IN_REVIEW = "in_review"
APPROVED = "approved"
SCHEDULED = "scheduled"
PUBLISHED = "published"
RETRACTED = "retracted"
SPIKED = "spiked"
Changes = dict[str, Any]


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


def evolve(state: Article | None, event: ev.Event, actor: str) -> Article | None:
    """The state after one more event; `actor` is who caused it (for four eyes)."""
    if isinstance(event, ev.ArticleDrafted):
        return _drafted(event, actor)
    if state is None:
        return None
    return replace(state, **_apply(event, state, actor), version=state.version + 1)


def fold(history: Iterable[tuple[ev.Event, str]]) -> Article | None:
    state: Article | None = None
    for event, actor in history:
        state = evolve(state, event, actor)
    return state


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
    )


@singledispatch
def _apply(event: ev.Event, state: Article, actor: str) -> Changes:
    """What one event changes, as field values: one `replace` per event, not two."""
    return {}


@_apply.register
def _(event: ev.ArticleRevised, state: Article, actor: str) -> Changes:
    return dict(
        headline=event.headline if event.headline is not None else state.headline,
        body=event.body if event.body is not None else state.body,
        category=event.category if event.category is not None else state.category,
        language=event.language if event.language is not None else state.language,
        byline=event.byline if event.byline is not None else state.byline,
        contributors=state.contributors | {actor},
    )


@_apply.register
def _(event: ev.PhotoAdded, state: Article, actor: str) -> Changes:
    return dict(
        photo_ids=(*state.photo_ids, event.photo_id),
        contributors=state.contributors | {actor},
    )


@_apply.register
def _(event: ev.PhotoRemoved, state: Article, actor: str) -> Changes:
    kept = tuple(p for p in state.photo_ids if p != event.photo_id)
    return dict(photo_ids=kept, contributors=state.contributors | {actor})


@_apply.register
def _(event: ev.PhotosReordered, state: Article, actor: str) -> Changes:
    return dict(photo_ids=event.photo_ids, contributors=state.contributors | {actor})


@_apply.register
def _(event: ev.ArticleSubmitted, state: Article, actor: str) -> Changes:
    return dict(status=IN_REVIEW)


@_apply.register
def _(event: ev.ChangesRequested, state: Article, actor: str) -> Changes:
    return dict(status=DRAFT)


@_apply.register
def _(event: ev.ArticleApproved, state: Article, actor: str) -> Changes:
    return dict(status=APPROVED)


@_apply.register
def _(event: ev.PublicationScheduled, state: Article, actor: str) -> Changes:
    return dict(status=SCHEDULED, publish_at=event.publish_at)


@_apply.register
def _(event: ev.PublicationUnscheduled, state: Article, actor: str) -> Changes:
    return dict(status=APPROVED, publish_at=None)


@_apply.register
def _(event: ev.ArticlePublished, state: Article, actor: str) -> Changes:
    return dict(status=PUBLISHED, publish_at=None)


@_apply.register
def _(event: ev.ArticleCorrected, state: Article, actor: str) -> Changes:
    return dict(
        headline=event.headline if event.headline is not None else state.headline,
        body=event.body if event.body is not None else state.body,
    )


@_apply.register
def _(event: ev.ArticleRetracted, state: Article, actor: str) -> Changes:
    return dict(status=RETRACTED, publish_at=None)


@_apply.register
def _(event: ev.ArticleSpiked, state: Article, actor: str) -> Changes:
    return dict(status=SPIKED)
