"""The projections' own tables, each rebuilt from the log at will."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, String, Table, Text

projection_metadata = MetaData()

checkpoints = Table(
    "projection_checkpoints",
    projection_metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

articles = Table(
    "proj_articles",
    projection_metadata,
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
)
Index("ix_proj_articles_status", articles.c.status, articles.c.publish_at)
Index("ix_proj_articles_updated", articles.c.updated_position)

ticker = Table(
    "proj_ticker",
    projection_metadata,
    Column("article_id", String(80), primary_key=True),
    Column("headline", Text, nullable=False),
    Column("category", String(60), nullable=False),
    Column("language", String(8), nullable=False),
    Column("published_at", String(40), nullable=False),
    Column("position", BigInteger, nullable=False),
)
Index("ix_proj_ticker_order", ticker.c.published_at, ticker.c.position)

history = Table(
    "proj_history",
    projection_metadata,
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
Index("ix_proj_history_article", history.c.article_id, history.c.stream_version)

PROJECTION_NAMES = ("article", "ticker", "history")
# Bump when a projection's tables or fold change: stores then replay them from the log.
PROJECTIONS_VERSION = "1"
