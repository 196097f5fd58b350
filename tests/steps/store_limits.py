"""Step definitions for the store's limits: a writer stuck behind another's transaction.

The other writer is a real connection to the scene's SQLite store holding its write lock
(`BEGIN IMMEDIATE`) until the scenario ends; PostgreSQL's `lock_timeout` on the log head
is proven the same way in `tests/integration/test_pg_limits.py`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from pytest_bdd import given

from tests.steps.common import Scene, step


@pytest.fixture
def held_locks() -> Iterator[list[sqlite3.Connection]]:
    held: list[sqlite3.Connection] = []
    yield held
    for conn in held:
        conn.rollback()
        conn.close()


@given("another writer holds the store's write lock and does not let go")
def _(scene: Scene, held_locks: list[sqlite3.Connection]) -> None:
    conn = sqlite3.connect(scene.cli.workdir / "newsroom.db", isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    held_locks.append(conn)


@given(step("writers wait at most {seconds} s for the store"))
def _(monkeypatch: pytest.MonkeyPatch, seconds: str) -> None:
    monkeypatch.setenv("NEWSROOM_BUSY_TIMEOUT", seconds)
