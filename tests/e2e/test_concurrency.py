"""Many writers in real processes, on SQLite and on PostgreSQL: nothing lost, nothing out of order."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from cli.app import run
from events.sql.engine import open_engine
from events.sql.store import SqlEventStore
from events.verify import Verified, verify_events
from tests.support.keys import acting_as
from tests.support.stores import EDITORS, finish, projection_dump, worker

pytestmark = pytest.mark.slow


def log_of(url: str) -> SqlEventStore:
    return SqlEventStore(open_engine(url))


def assert_rebuild_changes_nothing(url: str) -> None:
    assert run(["list"]) == 0  # a reader catches the projections up first
    before = projection_dump(url)
    assert run(["rebuild", *acting_as("umud")]) == 0
    assert projection_dump(url) == before


def test_eight_processes_add_ninety_six_photos_to_one_article(
    store_url: str, tmp_path: Path
) -> None:
    assert (
        run(
            [
                "draft",
                "--id",
                "gallery",
                "--headline",
                "Ninety-six photos",  # just under the 100 an article may hold
                "--category",
                "Culture",
                *acting_as("aysel"),
            ]
        )
        == 0
    )
    files = []
    for n in range(96):
        path = tmp_path / f"p{n:03d}.png"
        Image.new("RGB", (8, 8), (n, 255 - n, (7 * n) % 256)).save(path)
        files.append(str(path))
    processes = [worker("photos", "gallery", *files[w * 12 : (w + 1) * 12]) for w in range(8)]
    codes = " ".join(finish(p) for p in processes).split()
    assert codes == ["0"] * 96, finish.errors  # type: ignore[attr-defined]

    store = log_of(store_url)
    stream = store.read_stream("article:gallery")
    assert [e.stream_version for e in stream] == list(range(1, 98))
    assert isinstance(verify_events(store.read_all(), store.head()), Verified)
    assert run(["show", "gallery"]) == 0
    assert_rebuild_changes_nothing(store_url)


def test_four_editors_racing_to_approve_one_version(store_url: str) -> None:
    assert (
        run(
            [
                "draft",
                "--id",
                "race",
                "--headline",
                "Who approves?",
                "--category",
                "News",
                *acting_as("aysel"),
            ]
        )
        == 0
    )
    assert run(["submit", "race", *acting_as("aysel")]) == 0
    head_before = log_of(store_url).head()
    start_at = str(time.time() + 1.5)
    racers = [worker("approve", "race", "2", start_at, actor=editor) for editor in EDITORS]
    codes = sorted(finish(p) for p in racers)
    assert codes == ["0", "6", "6", "6"]
    store = log_of(store_url)
    assert store.head()[0] == head_before[0] + 1
    assert [e.event_type for e in store.read_stream("article:race")][-1] == "ArticleApproved"


def test_a_tailing_reader_never_skips_an_event_while_writers_commit(store_url: str) -> None:
    store = log_of(store_url)
    start = store.head()[0]
    seen: list[int] = []
    done = threading.Event()

    def tail() -> None:
        last = start
        while not done.is_set() or last < store.head()[0]:
            for event in store.read_all(from_position=last + 1, batch_size=50):
                assert event.global_position == last + 1, (
                    f"skipped from {last} to {event.global_position}"
                )
                seen.append(event.global_position)
                last = event.global_position
            time.sleep(0.002)

    reader = threading.Thread(target=tail)
    reader.start()
    writers = [worker("drafts", f"w{n}", "40") for n in range(4)]
    try:
        for process in writers:
            assert set(finish(process).split()) == {"0"}
    finally:
        done.set()
        reader.join(timeout=60)
    assert seen == list(range(start + 1, start + 161))
    assert isinstance(verify_events(store.read_all(), store.head()), Verified)
