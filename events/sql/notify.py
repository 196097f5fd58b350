"""Waiting for new events: PostgreSQL's LISTEN/NOTIFY, or a plain pause on SQLite."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine

CHANNEL = "newsroom_log"  # every append NOTIFYs it at commit (`store.LockedLog.append`)


@contextmanager
def appends_waiter(
    engine: Engine, stopping: Callable[[], bool], sleep: Callable[[float], None]
) -> Iterator[Callable[[float], None]]:
    """`wait(seconds)`: until an append commits, a stop request, or the seconds pass.

    PostgreSQL: one connection LISTENs for the whole run, so a NOTIFY sent while the
    caller was busy is still waiting and wakes the next `wait` at once.
    SQLite: no notifications; `wait` is `sleep`, which a stop request cuts short.
    """
    if engine.dialect.name != "postgresql":
        yield sleep
        return
    raw: Any = engine.raw_connection()
    connection = raw.driver_connection
    connection.autocommit = True
    connection.execute(f"LISTEN {CHANNEL}")

    def wait(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not stopping() and time.monotonic() < deadline:
            if any(True for _ in connection.notifies(timeout=min(0.5, seconds), stop_after=1)):
                return

    try:
        yield wait
    finally:
        connection.execute("UNLISTEN *")
        connection.autocommit = False
        raw.close()
