"""Projections built in memory from a slice of the log: the past, as it was then.

Nothing here reads today's projection tables; the same pure folds that feed them
run over the events up to a moment or a position.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from events.store import LogQuery
from projections.article import ArticleView, fold_docs, fold_view
from projections.facts import Recorded, facts_of
from projections.ticker import TickerItem, fold_ticker, newest_first

TICKER_EVENT_TYPES = ("ArticlePublished", "ArticleCorrected", "ArticleRetracted")


@dataclass(frozen=True, slots=True)
class AsOf:
    """The log up to a position: every past view is a prefix of the log."""

    position: int | None = None
    label: str = ""

    def narrow(self, query: LogQuery) -> LogQuery:
        return replace(query, to_position=self.position)

    def holds(self, record: Recorded) -> bool:
        return self.position is None or record.global_position <= self.position


def fold_article(records: Iterable[Recorded]) -> ArticleView | None:
    """One article's view from its own stream's events."""
    return fold_view(facts_of(records))


def fold_articles(records: Iterable[Recorded]) -> dict[str, ArticleView]:
    """Every article's view from the article streams' events, in log order."""
    docs = fold_docs(facts_of(records), {})
    return {article_id: ArticleView.from_doc(doc) for article_id, doc in docs.items()}


def ticker_items(records: Iterable[Recorded]) -> list[TickerItem]:
    """The ticker after `records` (only the ticker's event types matter), newest first."""
    return newest_first(fold_ticker(facts_of(records)).values())
