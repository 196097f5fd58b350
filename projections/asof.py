"""Projections built in memory from a slice of the log: the past, as it was then.

Nothing here reads today's projection tables; the same pure folds that feed them
run over the events up to a moment or a position.
"""

from __future__ import annotations

from collections.abc import Iterable

from events.envelope import RecordedEvent
from projections.article import ArticleView, apply_article
from projections.ticker import TickerItem, fold_ticker, newest_first

TICKER_EVENT_TYPES = ("ArticlePublished", "ArticleCorrected", "ArticleRetracted")


def fold_article(records: Iterable[RecordedEvent]) -> ArticleView | None:
    """One article's view from its own stream's events."""
    view: ArticleView | None = None
    for record in records:
        view = apply_article(view, record)
    return view


def fold_articles(records: Iterable[RecordedEvent]) -> dict[str, ArticleView]:
    """Every article's view from the article streams' events, in log order."""
    views: dict[str, ArticleView] = {}
    for record in records:
        article_id = record.stream_id.removeprefix("article:")
        view = apply_article(views.get(article_id), record)
        if view is not None:
            views[article_id] = view
    return views


def ticker_items(records: Iterable[RecordedEvent]) -> list[TickerItem]:
    """The News line after `records` (only the ticker's event types matter), newest first."""
    return newest_first(fold_ticker(records).values())
