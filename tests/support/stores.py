"""Real stores for tests: a SQLite file, and a PostgreSQL schema of its own per test run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

from tests.support.keys import key_file
from tests.support.pg import DEFAULT_PG_URL, pg_base_url, pg_schema_url

EDITORS = ("e1", "e2", "e3", "e4")
__all__ = ["DEFAULT_PG_URL", "pg_base_url", "pg_schema_url"]
REPO = __import__("pathlib").Path(__file__).resolve().parents[2]


def projection_dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every projection table, in key order."""
    from sqlalchemy import select

    from events.sql.engine import open_engine
    from projections.sql import tables as t

    engine = open_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: [
                    tuple(row) for row in conn.execute(select(table).order_by(*table.primary_key))
                ]
                for table in (t.articles, t.ticker, t.history, t.checkpoints)
            }
    finally:
        engine.dispose()


def worker(*args: str, actor: str = "aysel") -> subprocess.Popen[str]:
    env = {**os.environ, "NEWSROOM_ACTOR": actor, "PYTHONPATH": str(REPO)}
    env["NEWSROOM_KEY"] = str(key_file(actor))
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.workers", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert "Traceback" not in err, err
    finish.errors += err  # type: ignore[attr-defined]
    return out.strip()


finish.errors = ""  # type: ignore[attr-defined]


GUARDS_SQLITE = [f"{t}_no_{a}" for t in ("events", "tree_nodes") for a in ("update", "delete")]


def drop_append_only_guards(execute: Callable[[str], object], dialect: str = "sqlite") -> None:
    """What whoever owns the database can do before rewriting it: drop the triggers that
    keep the log append-only (the published checkpoints then expose the rewrite)."""
    if dialect == "postgresql":
        for table in ("events", "tree_nodes"):
            execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        execute("DROP TRIGGER IF EXISTS events_erasure_only ON events")
        return
    for name in GUARDS_SQLITE:
        execute(f"DROP TRIGGER IF EXISTS {name}")
