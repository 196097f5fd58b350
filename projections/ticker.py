"""The News line: published, not retracted articles, newest first by publication time.

`ticker_change` turns one event into what it does to the News line; the same change
applies to the SQL table (`runner`) or to an in-memory fold (`fold_ticker`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from events import models as ev
from events.envelope import RecordedEvent


@dataclass(frozen=True, slots=True)
class TickerItem:
    article_id: str
    headline: str
    category: str
    language: str
    published_at: str
    position: int


@dataclass(frozen=True, slots=True)
class Show:
    item: TickerItem


@dataclass(frozen=True, slots=True)
class Rename:
    article_id: str
    headline: str


@dataclass(frozen=True, slots=True)
class Hide:
    article_id: str


TickerChange = Show | Rename | Hide


def ticker_change(record: RecordedEvent) -> TickerChange | None:
    if record.event_type not in ("ArticlePublished", "ArticleCorrected", "ArticleRetracted"):
        return None
    event = record.event()
    if isinstance(event, ev.ArticlePublished):
        return Show(
            TickerItem(
                article_id=event.article_id,
                headline=event.headline,
                category=event.category,
                language=event.language,
                published_at=event.published_at,
                position=record.global_position,
            )
        )
    if isinstance(event, ev.ArticleCorrected):
        return Rename(event.article_id, event.headline) if event.headline else None
    if isinstance(event, ev.ArticleRetracted):
        return Hide(event.article_id)
    return None


def newest_first(items: Iterable[TickerItem]) -> list[TickerItem]:
    return sorted(items, key=lambda item: (item.published_at, item.position), reverse=True)


def fold_ticker(
    records: Iterable[RecordedEvent], items: dict[str, TickerItem] | None = None
) -> dict[str, TickerItem]:
    """The News line after `records`, starting from `items` (empty by default)."""
    items = {} if items is None else items
    for record in records:
        change = ticker_change(record)
        if isinstance(change, Show):
            items[change.item.article_id] = change.item
        elif isinstance(change, Rename) and change.article_id in items:
            items[change.article_id] = replace(items[change.article_id], headline=change.headline)
        elif isinstance(change, Hide):
            items.pop(change.article_id, None)
    return items
