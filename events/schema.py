"""Creating the log's schema in a new store."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from events.sql import initialise_head
from events.tables import SCHEMA_VERSION, log_metadata, newsroom_meta


def create_log_schema(conn: Connection) -> bool:
    """Create the log's tables if missing; True when the store was new."""
    log_metadata.create_all(conn)
    known = conn.execute(
        select(newsroom_meta.c.value).where(newsroom_meta.c.key == "schema_version")
    ).first()
    if known is not None:
        return False
    conn.execute(insert(newsroom_meta).values(key="schema_version", value=str(SCHEMA_VERSION)))
    initialise_head(conn)
    return True
