"""Reading the projection tables: what `show`, `list`, `ticker`, `history` and the site display."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, and_, func, or_, select, union

from events.catalog import DRAFT, IN_REVIEW, SCHEDULED
from projections.article import ArticleView
from projections.history import HistoryEntry
from projections.sql import rows
from projections.sql import tables as t
from projections.ticker import TICKER_SIZE, TickerItem


class Views:
    """Today's projections, read from their tables: each call one short read."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def article(self, article_id: str) -> ArticleView | None:
        query = select(t.articles.c.doc).where(t.articles.c.article_id == article_id)
        with self.engine.connect() as conn:
            doc = conn.execute(query).scalar()
        return None if doc is None else rows.article_view(doc, article_id)

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
        """Matching articles, most recently changed first, and how many match in all:
        `urgency` at least as urgent as that (a number no greater), `assigned` to that
        name to write or review, `mine` assigned to or drafted by that name."""
        c = t.articles.c
        condition = select(c.article_id)
        if urgency is not None:
            condition = condition.where(c.urgency <= urgency)
        if assigned:
            condition = condition.where(or_(c.writer == assigned, c.reviewer == assigned))
        if mine:
            condition = condition.where(
                or_(c.writer == mine, c.reviewer == mine, c.drafted_by == mine)
            )
        if status:
            condition = condition.where(t.articles.c.status == status)
        if category:
            condition = condition.where(func.lower(t.articles.c.category) == category.lower())
        if language:
            condition = condition.where(t.articles.c.language == language)
        where = condition.whereclause
        query = select(t.articles.c.doc).order_by(t.articles.c.updated_position.desc())
        counted = select(func.count()).select_from(t.articles)
        if where is not None:
            query, counted = query.where(where), counted.where(where)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            found = conn.execute(query.add_columns(t.articles.c.article_id)).all()
            total = int(conn.execute(counted).scalar() or 0)
        return [rows.article_view(doc, article_id) for doc, article_id in found], total

    def inbox(self, name: str, role: str, limit: int | None = None) -> list[ArticleView]:
        """What waits for `name`, newest first: for editors and chiefs, articles in review
        they did not draft (four eyes) and those assigned them to review; for reporters,
        their drafts sent back with changes requested and those assigned them to write.

        Each kind is read newest first along its own index and only then merged, so a
        long inbox costs no sort of every article in it."""
        c = t.articles.c
        kinds = _review_inbox(name) if role in ("editor", "chief") else _writing_inbox(name)
        merged = union(*(_newest(kind, limit) for kind in kinds)).subquery()
        query = select(merged.c.article_id).order_by(merged.c.updated_position.desc())
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            ids = list(conn.execute(query).scalars())
            found = conn.execute(select(c.article_id, c.doc).where(c.article_id.in_(ids)))
            docs = {str(article_id): doc for article_id, doc in found}
        return [rows.article_view(docs[article_id], article_id) for article_id in ids]

    def due_for_publication(self, now_utc_iso: str) -> list[str]:
        """Scheduled articles whose embargo has passed, oldest embargo first."""
        query = (
            select(t.articles.c.article_id)
            .where(t.articles.c.status == SCHEDULED, t.articles.c.publish_at <= now_utc_iso)
            .order_by(t.articles.c.publish_at, t.articles.c.article_id)
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def ticker(
        self, *, limit: int | None = TICKER_SIZE, language: str | None = None
    ) -> list[TickerItem]:
        order = (t.ticker.c.published_at.desc(), t.ticker.c.position.desc())
        query = select(t.ticker).order_by(*order)
        if language:
            query = query.where(t.ticker.c.language == language)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [rows.ticker_item(row._mapping) for row in conn.execute(query)]

    def history(self, article_id: str) -> list[HistoryEntry]:
        query = (
            select(t.history)
            .where(t.history.c.article_id == article_id)
            .order_by(t.history.c.global_position)
        )
        with self.engine.connect() as conn:
            return [rows.history_entry(row._mapping) for row in conn.execute(query)]


def _review_inbox(name: str) -> list[ColumnElement[bool]]:
    c = t.articles.c
    waiting = and_(c.status == IN_REVIEW, c.drafted_by != name)
    return [waiting, and_(c.reviewer == name, c.status.in_((DRAFT, IN_REVIEW)))]


def _writing_inbox(name: str) -> list[ColumnElement[bool]]:
    c = t.articles.c
    sent_back = and_(c.drafted_by == name, c.status == DRAFT, c.changes_requested.is_(True))
    return [sent_back, and_(c.writer == name, c.status == DRAFT)]


def _newest(condition: ColumnElement[bool], limit: int | None) -> Select[Any]:
    """The ids (and positions) of the articles that meet `condition`, the newest `limit`."""
    c = t.articles.c
    query = select(c.article_id, c.updated_position).where(condition)
    if not limit:
        return query
    return select(query.order_by(c.updated_position.desc()).limit(limit).subquery())
