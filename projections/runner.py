"""Keeps the projection tables caught up with the log, and rebuilds them from nothing.

Each batch of events is applied with the checkpoint move in one write transaction,
so a crash leaves every projection at a checkpoint it really reached.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from events.chain import canonical_json
from events.db import write_transaction
from events.envelope import RecordedEvent
from events.sql import row_to_event
from events.tables import events_table, log_head, newsroom_meta
from projections import tables as t
from projections.article import ArticleView, apply_article, plain
from projections.asof import TICKER_EVENT_TYPES
from projections.history import history_entry
from projections.tables import TABLES, ProjectionTables
from projections.ticker import TickerItem, fold_ticker

BATCH_SIZE = 2000
PROJECTIONS_KEY = "projections_version"


def ensure_projection_schema(conn: Connection) -> bool:
    """Make the projection tables match this code; True when they were (re)made empty.

    Projections are disposable: tables of another layout are dropped and replayed
    from the log by the next catch-up, never migrated.
    """
    version_key = newsroom_meta.c.key == PROJECTIONS_KEY
    stored = conn.execute(select(newsroom_meta.c.value).where(version_key)).scalar()
    if stored == t.PROJECTIONS_VERSION:
        return False
    t.projection_metadata.drop_all(conn)
    create_empty(conn)
    conn.execute(delete(newsroom_meta).where(version_key))
    conn.execute(insert(newsroom_meta).values(key=PROJECTIONS_KEY, value=t.PROJECTIONS_VERSION))
    return True


def create_empty(conn: Connection, tables: ProjectionTables = TABLES) -> None:
    tables.metadata.create_all(conn)
    rows = [{"name": n, "position": 0} for n in t.PROJECTION_NAMES]
    conn.execute(insert(tables.checkpoints), rows)


def lag(engine: Engine) -> int:
    """How many events the slowest projection has still to apply."""
    with engine.connect() as conn:
        head = conn.execute(select(log_head.c.position)).scalar() or 0
        lowest = conn.execute(select(func.min(t.checkpoints.c.position))).scalar() or 0
    return int(head) - int(lowest)


def catch_up(engine: Engine, batch_size: int = BATCH_SIZE) -> int:
    """Apply every event not yet applied; returns how many were applied."""
    if lag(engine) <= 0:
        return 0
    applied = 0
    while True:
        with write_transaction(engine) as conn:
            count = apply_next_batch(conn, batch_size)
        applied += count
        if count < batch_size:
            return applied


def rebuild(engine: Engine, batch_size: int = BATCH_SIZE) -> int:
    """Drop every projection and replay the whole log into fresh tables."""
    with write_transaction(engine) as conn:
        t.projection_metadata.drop_all(conn)
        create_empty(conn)
    return catch_up(engine, batch_size)


def apply_next_batch(
    conn: Connection,
    batch_size: int,
    tables: ProjectionTables = TABLES,
    up_to: int | None = None,
) -> int:
    """Apply the next events past the lowest checkpoint (up to a position); how many."""
    # FOR UPDATE: on PostgreSQL two processes catching up at once must take turns.
    checkpoint_rows = conn.execute(
        select(tables.checkpoints.c.name, tables.checkpoints.c.position).with_for_update()
    )
    positions = {str(name): int(position) for name, position in checkpoint_rows}
    page = select(events_table).where(events_table.c.global_position > min(positions.values()))
    if up_to is not None:
        page = page.where(events_table.c.global_position <= up_to)
    rows = conn.execute(page.order_by(events_table.c.global_position).limit(batch_size)).all()
    batch = [row_to_event(row) for row in rows]
    if not batch:
        return 0
    for name, apply in APPLIERS.items():
        apply(
            conn, tables, [record for record in batch if record.global_position > positions[name]]
        )
    conn.execute(update(tables.checkpoints).values(position=batch[-1].global_position))
    return len(batch)


def _apply_articles(
    conn: Connection, tables: ProjectionTables, batch: Sequence[RecordedEvent]
) -> None:
    touched = {
        r.stream_id.removeprefix("article:") for r in batch if r.stream_id.startswith("article:")
    }
    if not touched:
        return
    table = tables.articles
    stored = conn.execute(select(table.c.doc).where(table.c.article_id.in_(touched)))
    views: dict[str, ArticleView | None] = {}
    for (doc,) in stored:
        view = ArticleView.from_doc(json.loads(doc))
        views[view.article_id] = view
    for record in batch:
        article_id = record.stream_id.removeprefix("article:")
        views[article_id] = apply_article(views.get(article_id), record)
    conn.execute(delete(table).where(table.c.article_id.in_(touched)))
    rows = [_article_row(view) for view in views.values() if view is not None]
    if rows:
        conn.execute(insert(table), rows)


def _article_row(view: ArticleView) -> dict[str, object]:
    return {
        "article_id": view.article_id,
        "status": view.status,
        "category": view.category,
        "language": view.language,
        "headline": view.headline,
        "version": view.version,
        "updated_position": view.position,
        "published_at": view.published_at,
        "publish_at": view.publish_at,
        "doc": canonical_json(view.to_doc()),
    }


def _apply_ticker(
    conn: Connection, tables: ProjectionTables, batch: Iterable[RecordedEvent]
) -> None:
    """Fold the batch over the touched lines in memory, then write them back at once."""
    relevant = [r for r in batch if r.event_type in TICKER_EVENT_TYPES]
    touched = {r.stream_id.removeprefix("article:") for r in relevant}
    if not touched:
        return
    table = tables.ticker
    stored = conn.execute(select(table).where(table.c.article_id.in_(touched)))
    items = {row.article_id: TickerItem(**row._mapping) for row in stored}
    items = fold_ticker(relevant, items)
    conn.execute(delete(table).where(table.c.article_id.in_(touched)))
    if items:
        conn.execute(insert(table), [plain(item) for item in items.values()])


def _apply_history(
    conn: Connection, tables: ProjectionTables, batch: Iterable[RecordedEvent]
) -> None:
    entries = [plain(entry) for record in batch if (entry := history_entry(record)) is not None]
    if entries:
        conn.execute(insert(tables.history), entries)


APPLIERS = {"article": _apply_articles, "ticker": _apply_ticker, "history": _apply_history}
