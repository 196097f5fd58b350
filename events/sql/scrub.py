"""After an erasure: the old bytes out of the database files, as far as the store can.

SQLite: the rewritten rows were zeroed in place (`secure_delete`); VACUUM then rewrites
the whole file, so no freed page keeps an old copy of a projection row, and a TRUNCATE
checkpoint empties the write-ahead log. PostgreSQL: VACUUM FULL rewrites the tables
without their dead rows; it needs the tables' owner, and the server's own write-ahead
log keeps the old rows until it recycles its segments.
"""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

# Where an erased text can be: the log and every table derived from it.
TABLES = (
    "events",
    "proj_articles",
    "proj_ticker",
    "proj_history",
    "proj_search",
    "hook_dead_letters",
)


def scrub(engine: Engine) -> str | None:
    """Rewrite the store's files without the erased bytes; None when done, else why not."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        try:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("VACUUM")
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                return None
            for table in TABLES:
                conn.execute(text(f"VACUUM FULL {table}"))
        except DBAPIError as exc:
            return str(exc.orig).strip().splitlines()[0]
    return None
