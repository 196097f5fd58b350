"""The ticker: published, not retracted articles, newest first by publication time.

Readers know it as the "News line". `ticker_change` turns one event into what it does
to the ticker; the same change applies to the SQL table (`sql.runner`) or to an
in-memory fold (`fold_ticker`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from projections.facts import Fact

# What readers see: the ticker's title, how many headlines it shows, and the link to
# all of them (Azerbaijani "All", in every edition, as the seed page has it).
TICKER_LABEL = "News line"
TICKER_SIZE = 40
ALL_LINK = "Hamısı"
ALL_LINK_LANGUAGE = "az"


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
    headline: str | None
    category: str | None = None  # a correction may move the article to another section


@dataclass(frozen=True, slots=True)
class Hide:
    article_id: str


TickerChange = Show | Rename | Hide


def ticker_change(fact: Fact) -> TickerChange | None:
    event_type, data = fact.event_type, fact.data
    if event_type == "ArticlePublished":
        return Show(
            TickerItem(
                article_id=data["article_id"],
                headline=data["headline"],
                category=data["category"],
                language=data["language"],
                published_at=data["published_at"],
                position=fact.position,
            )
        )
    if event_type == "ArticleCorrected":
        headline, category = data.get("headline"), data.get("category")
        return Rename(data["article_id"], headline, category) if headline or category else None
    if event_type == "ArticleRetracted":
        return Hide(data["article_id"])
    return None


def _renamed(item: TickerItem, change: Rename) -> TickerItem:
    return replace(
        item,
        headline=change.headline or item.headline,
        category=change.category or item.category,
    )


def newest_first(items: Iterable[TickerItem]) -> list[TickerItem]:
    return sorted(items, key=lambda item: (item.published_at, item.position), reverse=True)


def fold_ticker(
    facts: Iterable[Fact], items: dict[str, TickerItem] | None = None
) -> dict[str, TickerItem]:
    """The ticker after `facts`, starting from `items` (empty by default)."""
    items = {} if items is None else items
    for fact in facts:
        change = ticker_change(fact)
        if isinstance(change, Show):
            items[change.item.article_id] = change.item
        elif isinstance(change, Rename) and change.article_id in items:
            items[change.article_id] = _renamed(items[change.article_id], change)
        elif isinstance(change, Hide):
            items.pop(change.article_id, None)
    return items
