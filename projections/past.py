"""Projections built in memory from a slice of the log: the past, as it was then.

Nothing here reads today's projection tables; the same pure folds that feed them
run over the events up to a moment or a position, or over the whole log for a store
whose tables lag behind it and cannot be written (`LogViews`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from events.catalog import (
    ARTICLE_PREFIX,
    DRAFT,
    IN_REVIEW,
    REDACTIONS_STREAM,
    SCHEDULED,
    article_stream,
)
from events.envelope import RecordedEvent
from events.store import EventStore, LogQuery, StreamLog
from projections.article import ArticleView, fold_docs, fold_view
from projections.facts import Recorded, facts_of
from projections.history import HistoryEntry, history_row
from projections.ticker import TICKER_SIZE, TickerItem, fold_ticker, newest_first

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


def article_records(log: StreamLog, article_id: str) -> list[RecordedEvent]:
    """An article's own events and the erasures that name it, in log order."""
    own = log.read_stream(article_stream(article_id))
    if not own:
        return own
    erasures = [
        record
        for record in log.read_stream(REDACTIONS_STREAM)
        if record.data.get("article_id") == article_id
    ]
    return sorted([*own, *erasures], key=lambda record: record.global_position)


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


def chosen_articles(
    views: Iterable[ArticleView],
    status: str | None = None,
    category: str | None = None,
    language: str | None = None,
    limit: int | None = None,
    urgency: int | None = None,
    assigned: str | None = None,
    mine: str | None = None,
) -> tuple[list[ArticleView], int]:
    """The matching articles, most recently changed first, as `list` shows them, and how
    many match in all (the filters are `Views.articles`')."""
    matching = [
        view
        for view in views
        if (not status or view.status == status)
        and (not category or view.category.lower() == category.lower())
        and (not language or view.language == language)
        and (urgency is None or (view.urgency is not None and view.urgency <= urgency))
        and (not assigned or assigned in (view.writer, view.reviewer))
        and (not mine or mine in (view.writer, view.reviewer, view.drafted_by))
    ]
    matching.sort(key=lambda view: view.position, reverse=True)
    return matching[: limit or None], len(matching)


def waits_for(view: ArticleView, name: str, role: str) -> bool:
    """Whether `inbox` shows `view` to `name` (see `Views.inbox`)."""
    if role in ("editor", "chief"):
        theirs = view.reviewer == name and view.status in (DRAFT, IN_REVIEW)
        return theirs or (view.status == IN_REVIEW and view.drafted_by != name)
    sent_back = view.drafted_by == name and view.changes_requested is not None
    return view.status == DRAFT and (sent_back or view.writer == name)


def chosen_items(
    items: Iterable[TickerItem], language: str | None = None, limit: int | None = TICKER_SIZE
) -> list[TickerItem]:
    """The ticker's items in one language (or all), at most `limit` of them."""
    return [item for item in items if not language or item.language == language][: limit or None]


class LogViews:
    """Today's views folded from the log in memory: what `Views` reads from the tables,
    for a store whose tables lag behind its log and that can only be read (a snapshot
    on a read-only disk). The answers are the tables' answers, each read costs a fold."""

    def __init__(self, log: EventStore):
        self.log = log

    def article(self, article_id: str) -> ArticleView | None:
        return fold_article(article_records(self.log, article_id))

    def articles(
        self,
        *,
        status: str | None = None,
        category: str | None = None,
        language: str | None = None,
        limit: int | None = None,
        urgency: int | None = None,
        assigned: str | None = None,
        mine: str | None = None,
    ) -> tuple[list[ArticleView], int]:
        views = self._every_article()
        return chosen_articles(views, status, category, language, limit, urgency, assigned, mine)

    def inbox(self, name: str, role: str, limit: int | None = None) -> list[ArticleView]:
        waiting = [view for view in self._every_article() if waits_for(view, name, role)]
        waiting.sort(key=lambda view: view.position, reverse=True)
        return waiting[: limit or None]

    def due_for_publication(self, now_utc_iso: str) -> list[str]:
        due = [
            view
            for view in self._every_article()
            if view.status == SCHEDULED and view.publish_at and view.publish_at <= now_utc_iso
        ]
        return [view.article_id for view in sorted(due, key=lambda v: (v.publish_at, v.article_id))]

    def ticker(
        self, *, limit: int | None = TICKER_SIZE, language: str | None = None
    ) -> list[TickerItem]:
        query = LogQuery(event_types=TICKER_EVENT_TYPES)
        return chosen_items(ticker_items(self.log.read_log(query)), language, limit)

    def history(self, article_id: str) -> list[HistoryEntry]:
        rows = (history_row(fact) for fact in facts_of(article_records(self.log, article_id)))
        return [HistoryEntry(*row) for row in rows if row is not None]

    def _every_article(self) -> Iterable[ArticleView]:
        return fold_articles(self.log.read_log(LogQuery(stream_prefix=ARTICLE_PREFIX))).values()
