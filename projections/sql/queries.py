"""Reading the projection tables: what `show`, `list`, `ticker`, `history` and the site display."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from events.catalog import SCHEDULED
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
    ) -> tuple[list[ArticleView], int]:
        """Matching articles, most recently changed first, and how many match in all."""
        condition = select(t.articles.c.article_id)
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
