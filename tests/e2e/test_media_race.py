"""Two processes adding the same pictures at once, to different articles: every file the
log records is there, whole, whoever's command failed."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from cli.app import run
from events.sql.engine import open_engine
from events.sql.store import SqlEventStore
from tests.support.keys import acting_as
from tests.support.stores import finish, worker

pytestmark = pytest.mark.slow
ROUNDS = 40


def draft(article_id: str) -> None:
    line = ["draft", "--id", article_id, "--headline", article_id, "--category", "News"]
    assert run([*line, *acting_as("aysel")]) == 0


def test_the_same_picture_added_at_once_to_two_articles_is_never_lost(
    store_url: str, tmp_path: Path
) -> None:
    for article_id in ("left", "right", "closed"):
        draft(article_id)
    assert run(["submit", "closed", *acting_as("aysel")]) == 0  # photo add is refused there
    files = []
    for n in range(ROUNDS):
        path = tmp_path / f"same-{n:02d}.jpg"
        Image.new("RGB", (32, 24), (n * 6, 255 - n * 6, 90)).save(path, "JPEG")
        files.append(path)
    # Three racers add the same pictures at the same moments: to `left`, to `right`, and
    # to `closed`, where each command is refused after its bytes were written aside.
    start = f"{time.time() + 3:.3f}"
    racers = [
        worker("photo_pairs", start, *[f"{article_id}={path}" for path in files])
        for article_id in ("left", "closed", "right")
    ]
    left, closed, right = (finish(racer).split() for racer in racers)
    assert left == right == ["0"] * ROUNDS
    assert closed == ["4"] * ROUNDS

    media = Path(os.environ["NEWSROOM_MEDIA"])
    engine = open_engine(store_url)
    try:
        added = [e for e in SqlEventStore(engine).read_all() if e.event_type == "PhotoAdded"]
    finally:
        engine.dispose()
    assert len(added) == 2 * ROUNDS
    for event in added:
        stored = media / event.data["sha256"][:2] / f"{event.data['sha256']}.jpg"
        assert stored.is_file(), f"the log records {stored.name}, the media folder lost it"
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == event.data["sha256"]
    assert not list(media.rglob("*.tmp")), "a command left its temporary file behind"
    assert run(["verify", "--media"]) == 0
