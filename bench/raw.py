"""What the database itself can do, with no newsroom code: the baselines of the ratios.

    python -m bench.raw scan STORE.db          # read every event row, decode its JSON
    python -m bench.raw executemany STORE.db NEW.db   # insert the same rows, same table

Each prints the rows handled and the seconds the measured part took. The harness
runs them as their own processes, so their peak RSS is theirs alone.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path

COLUMNS = (
    "global_position, stream_id, stream_version, event_id, event_type, schema_version, "
    "data, metadata, occurred_at, prev_hash, hash"
)


def scan(store: Path) -> tuple[int, float]:
    """Every row in log order, data and metadata decoded: the floor of any replay."""
    loads = json.loads
    started = time.perf_counter()
    count = 0
    with sqlite3.connect(store) as conn:
        rows = conn.execute(f"SELECT {COLUMNS} FROM events ORDER BY global_position")
        while batch := rows.fetchmany(10_000):
            for row in batch:
                loads(row[6])
                loads(row[7])
            count += len(batch)
    return count, time.perf_counter() - started


def executemany(store: Path, target: Path) -> tuple[int, float]:
    """The rows of `store`, already in memory, into an empty table of the same shape."""
    with sqlite3.connect(store) as source:
        schema = [
            sql
            for (sql,) in source.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'events' AND sql IS NOT NULL"
            )
        ]
        rows = source.execute(f"SELECT {COLUMNS} FROM events ORDER BY global_position").fetchall()
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode=WAL")
    for statement in schema:
        conn.execute(statement)
    started = time.perf_counter()
    with conn:
        conn.executemany(f"INSERT INTO events ({COLUMNS}) VALUES ({', '.join('?' * 11)})", rows)
    elapsed = time.perf_counter() - started
    conn.close()
    return len(rows), elapsed


if __name__ == "__main__":
    if sys.argv[1] == "scan":
        count, seconds = scan(Path(sys.argv[2]))
    else:
        count, seconds = executemany(Path(sys.argv[2]), Path(sys.argv[3]))
    print(count, seconds)
