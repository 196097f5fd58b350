"""The projections' own tables, each rebuilt from the log at will.

`projection_tables()` makes one set; `TABLES` is the set the newsroom reads. `verify`
makes a temporary set with another prefix, replays the log into it, and compares.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, MetaData, String, Table, Text

PROJECTION_NAMES = ("article", "ticker", "history", "search")
# Bump when a projection's tables or fold change: stores then replay them from the log.
PROJECTIONS_VERSION = "7"


@dataclass(frozen=True, slots=True)
class ProjectionTables:
    metadata: MetaData
    checkpoints: Table
    articles: Table
    ticker: Table
    history: Table
    search: Table
    temporary: bool = False

    def by_projection(self) -> dict[str, Table]:
        return {
            "article": self.articles,
            "ticker": self.ticker,
            "history": self.history,
            "search": self.search,
        }


def projection_tables(prefix: str = "", *, temporary: bool = False) -> ProjectionTables:
    metadata = MetaData()
    prefixes = ["TEMPORARY"] if temporary else []

    def table(name: str, *columns: Column[Any]) -> Table:
        return Table(f"{prefix}{name}", metadata, *columns, prefixes=prefixes)

    checkpoints = table(
        "projection_checkpoints",
        Column("name", String(64), primary_key=True),
        Column("position", BigInteger, nullable=False),
    )
    articles = table(
        "proj_articles",
        Column("article_id", String(80), primary_key=True),
        Column("status", String(16), nullable=False),
        Column("category", String(60), nullable=False),
        Column("language", String(8), nullable=False),
        Column("headline", Text, nullable=False),
        Column("version", Integer, nullable=False),
        Column("updated_position", BigInteger, nullable=False),
        Column("published_at", String(40)),
        Column("publish_at", String(40)),
        Column("doc", Text, nullable=False),
        # What `list --urgency`, `--mine`, `--assigned` and `inbox` filter on.
        Column("urgency", Integer),
        Column("drafted_by", String(64)),
        Column("writer", String(64)),
        Column("reviewer", String(64)),
        Column("changes_requested", Boolean),
    )
    ticker = table(
        "proj_ticker",
        Column("article_id", String(80), primary_key=True),
        Column("headline", Text, nullable=False),
        Column("category", String(60), nullable=False),
        Column("language", String(8), nullable=False),
        Column("published_at", String(40), nullable=False),
        Column("position", BigInteger, nullable=False),
    )
    history = table(
        "proj_history",
        Column("global_position", BigInteger, primary_key=True, autoincrement=False),
        Column("article_id", String(80), nullable=False),
        Column("stream_version", Integer, nullable=False),
        Column("event_type", String(64), nullable=False),
        Column("occurred_at", String(32), nullable=False),
        Column("actor", String(64), nullable=False),
        Column("role", String(16), nullable=False),
        Column("reason", Text, nullable=False),
        Column("summary", Text, nullable=False),
    )
    # The backend's text index over it: projections/sql/search.py.
    search = table(
        "proj_search",
        Column("article_id", String(80), primary_key=True),
        Column("doc_key", BigInteger, nullable=False),  # the draft's position: FTS5's rowid
        Column("status", String(16), nullable=False),
        Column("language", String(8), nullable=False),
        Column("changed_at", String(40), nullable=False),
        Column("headline", Text, nullable=False),
        Column("body", Text, nullable=False),
    )
    Index(f"ix_{prefix}proj_search_key", search.c.doc_key, unique=True)
    Index(f"ix_{prefix}proj_articles_status", articles.c.status, articles.c.publish_at)
    Index(f"ix_{prefix}proj_articles_updated", articles.c.updated_position)
    # `inbox`: each kind of work waiting for someone, read newest first along its index.
    status, updated = articles.c.status, articles.c.updated_position
    Index(f"ix_{prefix}proj_articles_status_updated", status, updated)
    for name in ("drafted_by", "writer", "reviewer"):
        Index(f"ix_{prefix}proj_articles_{name}", articles.c[name], status, updated)
    Index(f"ix_{prefix}proj_ticker_order", ticker.c.published_at, ticker.c.position)
    Index(f"ix_{prefix}proj_history_article", history.c.article_id, history.c.global_position)
    return ProjectionTables(metadata, checkpoints, articles, ticker, history, search, temporary)


TABLES = projection_tables()
projection_metadata = TABLES.metadata
checkpoints = TABLES.checkpoints
articles = TABLES.articles
ticker = TABLES.ticker
history = TABLES.history
search = TABLES.search
