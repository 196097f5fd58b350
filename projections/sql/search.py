"""The search projection in the database: SQLite FTS5 or PostgreSQL full-text search.

`proj_search` holds each article's current headline and body on both backends (so
`verify` compares the same rows); the backend's own index is derived from it. On
SQLite a contentful FTS5 table keyed by the article's draft position; on PostgreSQL
a generated tsvector column in the language's configuration, with a GIN index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, delete, select

from events.sql.engine import insert_rows
from projections.article import Doc
from projections.facts import Fact
from projections.search import PG_CONFIGS, Filters, Hit, Term, search_row, unmark
from projections.sql.rows import article_doc
from projections.sql.search_query import fts_name, pg_query, sqlite_query
from projections.sql.tables import ProjectionTables

TOKENIZER = "unicode61 remove_diacritics 2"


def _is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def create_search(conn: Connection, tables: ProjectionTables) -> None:
    """The backend's text index beside the fresh `proj_search` table."""
    name = tables.search.name
    if _is_sqlite(conn):
        columns = f"headline, body, tokenize='{TOKENIZER}'"
        conn.exec_driver_sql(f"CREATE VIRTUAL TABLE {fts_name(tables)} USING fts5({columns})")
        return
    by_language = " ".join(
        f"WHEN '{language}' THEN setweight(to_tsvector('{config}', headline), 'A')"
        f" || setweight(to_tsvector('{config}', body), 'B')"
        for language, config in PG_CONFIGS.items()
    )
    conn.exec_driver_sql(
        f"ALTER TABLE {name} ADD COLUMN tsv tsvector GENERATED ALWAYS AS"
        f" (CASE language {by_language} ELSE to_tsvector('simple', headline || ' ' || body) END)"
        " STORED"
    )


def create_search_index(conn: Connection, tables: ProjectionTables) -> None:
    """PostgreSQL's GIN index, built once after a replay (FTS5 keeps its own as it goes)."""
    if not _is_sqlite(conn):
        name = tables.search.name
        conn.exec_driver_sql(f"CREATE INDEX ix_{name}_tsv ON {name} USING gin (tsv)")


def drop_search(conn: Connection, tables: ProjectionTables) -> None:
    """The FTS5 table, which the metadata does not know; PostgreSQL's goes with its table."""
    if _is_sqlite(conn):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {fts_name(tables)}")


def apply_search(conn: Connection, tables: ProjectionTables, batch: Sequence[Fact]) -> None:
    """Rewrite the touched articles' rows from the article projection (applied just before)."""
    touched = {article_id for fact in batch if (article_id := fact.article_id) is not None}
    if not touched:
        return
    table, articles = tables.search, tables.articles
    keys = {
        str(a): int(k)
        for a, k in conn.execute(
            select(table.c.article_id, table.c.doc_key).where(table.c.article_id.in_(touched))
        )
    }
    keys.update((str(f.article_id), f.position) for f in batch if f.event_type == "ArticleDrafted")
    stored = conn.execute(
        select(articles.c.article_id, articles.c.doc).where(articles.c.article_id.in_(touched))
    )
    found = [(article_doc(doc, str(a)), keys[str(a)]) for a, doc in stored if str(a) in keys]
    conn.execute(delete(table).where(table.c.article_id.in_(touched)))
    insert_rows(conn, table, [search_row(doc, key) for doc, key in found])
    if _is_sqlite(conn):
        _sync_fts5(conn, tables, found)


def _sync_fts5(conn: Connection, tables: ProjectionTables, found: list[tuple[Doc, int]]) -> None:
    fts = fts_name(tables)
    conn.exec_driver_sql(f"DELETE FROM {fts} WHERE rowid = ?", [(key,) for _, key in found])
    rows = [(key, doc["headline"], doc["body"]) for doc, key in found]
    conn.exec_driver_sql(f"INSERT INTO {fts} (rowid, headline, body) VALUES (?, ?, ?)", rows)


def search(
    engine: Engine, terms: tuple[Term, ...], filters: Filters, tables: ProjectionTables
) -> list[Hit]:
    """The best matches first, at most `filters.limit` of them."""
    with engine.connect() as conn:
        if _is_sqlite(conn):
            rows = conn.execute(*sqlite_query(terms, filters, tables)).all()
        else:
            rows = conn.execute(*pg_query(terms, filters, tables)).all()
    return [_hit(row) for row in rows]


def _hit(row: Any) -> Hit:
    snippet, matches = unmark(str(row.snippet or ""))
    return Hit(
        str(row.article_id),
        str(row.headline),
        str(row.status),
        str(row.language),
        str(row.changed_at),
        round(float(row.rank), 6),
        snippet,
        matches,
    )
