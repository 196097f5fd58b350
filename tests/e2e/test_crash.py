"""SIGKILL at random moments: never half a command, the chain verifies, views catch up."""

from __future__ import annotations

import json
import random
import signal
import time
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from cli.app import run
from events.sql.engine import open_engine
from events.sql.store import SqlEventStore
from events.sql.tables import commands_table, events_table
from events.verify import Verified, verify_events
from tests.support.keys import acting_as
from tests.support.stores import projection_dump, worker

pytestmark = pytest.mark.slow

KILLS = 20


def assert_whole_commands_only(url: str) -> int:
    """Every event belongs to a recorded command, and every recorded command has all its events."""
    engine = open_engine(url)
    try:
        with engine.connect() as conn:
            events = conn.execute(select(func.count()).select_from(events_table)).scalar_one()
            covered = conn.execute(
                select(
                    func.coalesce(
                        func.sum(
                            commands_table.c.last_position - commands_table.c.first_position + 1
                        ),
                        0,
                    )
                )
            ).scalar_one()
            ranges = conn.execute(
                select(
                    commands_table.c.command_id,
                    commands_table.c.first_position,
                    commands_table.c.last_position,
                )
            ).all()
            owners = {
                row.global_position: json.loads(row.metadata)["command_id"]
                for row in conn.execute(
                    select(events_table.c.global_position, events_table.c.metadata)
                )
            }
    finally:
        engine.dispose()
    assert events == covered
    for command_id, first, last in ranges:
        assert {owners[p] for p in range(first, last + 1)} == {command_id}
    return int(events)


def wait_for_a_write(store: SqlEventStore, position: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while store.head()[0] == position:
        assert time.monotonic() < deadline, "the worker wrote nothing"
        time.sleep(0.01)


def test_killed_writers_leave_whole_commands_and_a_verifiable_chain(
    store_url: str, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (64, 48), (10, 120, 200)).save(photo)
    rng = random.Random(20241114)
    store = SqlEventStore(open_engine(store_url))
    counts = []
    for round_ in range(KILLS):
        process = worker("churn", f"r{round_}", str(photo))
        # Start the random clock once the worker writes, however slow its start-up is.
        wait_for_a_write(store, store.head()[0])
        time.sleep(rng.uniform(0.0, 0.8))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL, (
            process.stderr.read() if process.stderr else ""
        )
        counts.append(assert_whole_commands_only(store_url))
        assert isinstance(verify_events(store.read_all(), store.head()), Verified)
    assert counts[-1] > counts[0], "the workers should have written between kills"
    assert run(["ticker", "--limit", "0"]) == 0  # the next command catches the views up
    caught_up = projection_dump(store_url)
    assert run(["rebuild", *acting_as("umud")]) == 0
    assert projection_dump(store_url) == caught_up
