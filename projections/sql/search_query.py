"""The search projection's queries: ranked, filtered and marked, in each backend's words.

Only the terms' words and the filters reach the database, as parameters or as words
already reduced to letters and digits (projections/search.py), never the user's text.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from projections.search import (
    HIDDEN_STATUSES,
    MARK_END,
    MARK_START,
    PG_CONFIGS,
    SNIPPET_WORDS,
    Filters,
    Term,
    fts5_match,
    pg_tsquery,
)
from projections.sql.tables import ProjectionTables

# Headline words weigh more than body words in the ranking.
HEADLINE_WEIGHT, BODY_WEIGHT = 4.0, 1.0


def fts_name(tables: ProjectionTables) -> str:
    return ("temp." if tables.temporary else "") + f"{tables.search.name}_fts"


def _filters(filters: Filters, params: dict[str, object]) -> str:
    """The WHERE conditions on `s`, the search table, with their parameters."""
    conditions = []
    if filters.status is not None:
        conditions.append("s.status = :status")
        params["status"] = filters.status
    else:
        conditions.append("s.status NOT IN ('" + "', '".join(HIDDEN_STATUSES) + "')")
    if filters.language is not None:
        conditions.append("s.language = :language")
        params["language"] = filters.language
    if filters.since is not None:
        conditions.append("s.changed_at >= :since")
        params["since"] = filters.since
    return " AND ".join(conditions)


def _limit(filters: Filters, params: dict[str, object]) -> str:
    params["limit"] = filters.limit if filters.limit else -1
    return " LIMIT :limit" if filters.limit else ""


def sqlite_query(
    terms: tuple[Term, ...], filters: Filters, tables: ProjectionTables
) -> tuple[Any, dict[str, object]]:
    params: dict[str, object] = {"q": fts5_match(terms)}
    fts, name = fts_name(tables), tables.search.name
    bm25 = f"bm25({fts.split('.')[-1]}, {HEADLINE_WEIGHT}, {BODY_WEIGHT})"
    sql = (
        f"SELECT s.article_id, s.headline, s.status, s.language, s.changed_at,"
        f" -{bm25} AS rank,"
        f" snippet({fts.split('.')[-1]}, -1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS})"
        f" AS snippet FROM {fts} JOIN {name} s ON s.doc_key = {fts}.rowid"
        f" WHERE {fts} MATCH :q AND {_filters(filters, params)}"
        f" ORDER BY {bm25}, s.changed_at DESC, s.article_id{_limit(filters, params)}"
    )
    return text(sql), params


def pg_query(
    terms: tuple[Term, ...], filters: Filters, tables: ProjectionTables
) -> tuple[Any, dict[str, object]]:
    params: dict[str, object] = {"q": pg_tsquery(terms)}
    name = tables.search.name
    query = (
        "CASE s.language "
        + " ".join(
            f"WHEN '{lang}' THEN to_tsquery('{cfg}', :q)" for lang, cfg in PG_CONFIGS.items()
        )
        + " ELSE to_tsquery('simple', :q) END"
    )
    config = (
        "CASE m.language "
        + " ".join(f"WHEN '{lang}' THEN '{cfg}'" for lang, cfg in PG_CONFIGS.items())
        + " ELSE 'simple' END::regconfig"
    )
    # Each language's own test, so that the GIN index answers every one of them.
    matched = " OR ".join(
        f"(s.language = '{lang}' AND s.tsv @@ to_tsquery('{cfg}', :q))"
        for lang, cfg in PG_CONFIGS.items()
    )
    options = (
        f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={SNIPPET_WORDS},'
        f" MinWords={SNIPPET_WORDS // 2}, ShortWord=2"
    )
    sql = (
        f"WITH m AS (SELECT s.article_id, s.headline, s.body, s.status, s.language,"
        f" s.changed_at, ts_rank_cd(s.tsv, {query}) AS rank, {query} AS query"
        f" FROM {name} s WHERE ({matched}) AND {_filters(filters, params)}"
        f" ORDER BY rank DESC, s.changed_at DESC, s.article_id{_limit(filters, params)})"
        f" SELECT m.article_id, m.headline, m.status, m.language, m.changed_at, m.rank,"
        f" ts_headline({config}, m.headline || E'\\n' || m.body, m.query, '{options}')"
        " AS snippet FROM m ORDER BY m.rank DESC, m.changed_at DESC, m.article_id"
    )
    return text(sql), params
