"""Keeps the projection tables caught up with the log, and rebuilds them from nothing.

Each batch of events is applied with the checkpoint move in one write transaction,
so a crash leaves every projection at a checkpoint it really reached.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.schema import CreateTable

from events.chain import canonical_json
from events.sql.engine import insert_rows, write_transaction
from events.sql.tables import events_table, log_head, newsroom_meta
from projections.article import Doc, fold_docs
from projections.facts import FACT_COLUMNS, Fact, facts_from_rows
from projections.history import history_row
from projections.past import TICKER_EVENT_TYPES
from projections.sql import tables as t
from projections.sql.rows import article_doc, ticker_item
from projections.sql.search import apply_search, create_search, create_search_index, drop_search
from projections.sql.tables import TABLES, ProjectionTables
from projections.ticker import TickerItem, fold_ticker

BATCH_SIZE = 5_000
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
    drop_projections(conn)
    create_empty(conn)
    conn.execute(delete(newsroom_meta).where(version_key))
    conn.execute(insert(newsroom_meta).values(key=PROJECTIONS_KEY, value=t.PROJECTIONS_VERSION))
    return True


def create_empty(
    conn: Connection, tables: ProjectionTables = TABLES, *, indexes: bool = True
) -> None:
    """The projection tables with their start checkpoints; without secondary indexes
    when a replay will fill them (an index built once afterwards is cheaper)."""
    if indexes:
        tables.metadata.create_all(conn)
    else:
        for table in tables.metadata.sorted_tables:
            conn.execute(CreateTable(table))
    create_search(conn, tables)
    if indexes:
        create_search_index(conn, tables)
    rows = [{"name": n, "position": 0} for n in t.PROJECTION_NAMES]
    conn.execute(insert(tables.checkpoints), rows)


def drop_projections(conn: Connection, tables: ProjectionTables = TABLES) -> None:
    drop_search(conn, tables)
    tables.metadata.drop_all(conn)


def lag(engine: Engine) -> int:
    """How many events the slowest projection has still to apply."""
    with engine.connect() as conn:
        head = conn.execute(select(log_head.c.position)).scalar() or 0
        lowest = conn.execute(select(func.min(t.checkpoints.c.position))).scalar() or 0
    return int(head) - int(lowest)


def standing(engine: Engine) -> int | None:
    """The position every projection table has reached; None when the tables are of
    another layout than this code's (they are then replayed, never read)."""
    version_key = newsroom_meta.c.key == PROJECTIONS_KEY
    with engine.connect() as conn:
        stored = conn.execute(select(newsroom_meta.c.value).where(version_key)).scalar()
        if stored != t.PROJECTIONS_VERSION:
            return None
        return int(conn.execute(select(func.min(t.checkpoints.c.position))).scalar() or 0)


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
    """Drop every projection and replay the whole log into fresh tables.

    One transaction: until it commits, readers see the old tables (SQLite) or wait
    (PostgreSQL), and a crash or an error leaves them as they were.
    """
    with write_transaction(engine) as conn:
        return rebuild_on(conn, batch_size)


def rebuild_on(conn: Connection, batch_size: int = BATCH_SIZE) -> int:
    """`rebuild` inside the caller's write transaction; how many events were applied."""
    drop_projections(conn)
    create_empty(conn, indexes=False)
    applied = replay(conn, TABLES, batch_size)
    create_indexes(conn, TABLES)
    return applied


def replay(
    conn: Connection,
    tables: ProjectionTables,
    batch_size: int = BATCH_SIZE,
    up_to: int | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Apply batch after batch on one connection until the log (or `up_to`) is reached."""
    applied = 0
    while True:
        count = apply_next_batch(conn, batch_size, tables, up_to)
        applied += count
        if on_batch is not None:
            on_batch(count)
        if count < batch_size:
            return applied


def create_indexes(conn: Connection, tables: ProjectionTables) -> None:
    for table in tables.metadata.sorted_tables:
        for index in table.indexes:
            index.create(conn)
    create_search_index(conn, tables)


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
    lowest = min(positions.values())
    columns = [events_table.c[name] for name in FACT_COLUMNS]
    page = select(*columns).where(events_table.c.global_position > lowest)
    if up_to is not None:
        page = page.where(events_table.c.global_position <= up_to)
    rows = conn.execute(page.order_by(events_table.c.global_position).limit(batch_size)).all()
    batch = facts_from_rows(rows)
    if not batch:
        return 0
    for name, apply in APPLIERS.items():
        since = positions[name]
        apply(conn, tables, batch if since == lowest else [f for f in batch if f.position > since])
    conn.execute(update(tables.checkpoints).values(position=batch[-1].position))
    return len(batch)


def _apply_articles(conn: Connection, tables: ProjectionTables, batch: Sequence[Fact]) -> None:
    touched = {article_id for fact in batch if (article_id := fact.article_id) is not None}
    if not touched:
        return
    table = tables.articles
    stored = conn.execute(
        select(table.c.article_id, table.c.doc).where(table.c.article_id.in_(touched))
    )
    docs = fold_docs(
        batch, {str(article_id): article_doc(doc, str(article_id)) for article_id, doc in stored}
    )
    conn.execute(delete(table).where(table.c.article_id.in_(touched)))
    insert_rows(conn, table, [_article_row(doc) for doc in docs.values()])


def _article_row(doc: Doc) -> tuple[object, ...]:
    return (
        doc["article_id"],
        doc["status"],
        doc["category"],
        doc["language"],
        doc["headline"],
        doc["version"],
        doc["position"],
        doc["published_at"],
        doc["publish_at"],
        canonical_json(doc),
        doc["urgency"],
        doc["drafted_by"],
        doc["writer"],
        doc["reviewer"],
        doc["changes_requested"] is not None,
    )


def _apply_ticker(conn: Connection, tables: ProjectionTables, batch: Sequence[Fact]) -> None:
    """Fold the batch over the touched lines in memory, then write them back at once."""
    relevant = [fact for fact in batch if fact.event_type in TICKER_EVENT_TYPES]
    touched = {fact.article_id for fact in relevant}
    if not touched:
        return
    table = tables.ticker
    stored = conn.execute(select(table).where(table.c.article_id.in_(touched)))
    items = {row.article_id: ticker_item(row._mapping) for row in stored}
    items = fold_ticker(relevant, items)
    conn.execute(delete(table).where(table.c.article_id.in_(touched)))
    insert_rows(conn, table, [astuple(item) for item in items.values()])


def _apply_history(conn: Connection, tables: ProjectionTables, batch: Sequence[Fact]) -> None:
    rows = [row for fact in batch if (row := history_row(fact)) is not None]
    insert_rows(conn, tables.history, rows)


def astuple(item: TickerItem) -> tuple[object, ...]:
    return tuple(getattr(item, name) for name in item.__slots__)


# In this order: the search projection reads the articles' documents just written.
APPLIERS = {
    "article": _apply_articles,
    "ticker": _apply_ticker,
    "history": _apply_history,
    "search": apply_search,
}
