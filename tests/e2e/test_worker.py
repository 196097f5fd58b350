"""The long-lived side: killed and restarted deliveries, clean stops, the worker's scheduler."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cli.app import run
from tests.support.cli import NewsroomCli
from tests.support.keys import acting_as, key_file
from tests.support.stores import REPO

pytestmark = pytest.mark.slow
NEWSROOM = Path(sys.executable).parent / "newsroom"
SLOW_RECEIVER = """
import json, sys, time
event = json.load(sys.stdin)
time.sleep(0.02)
with open(sys.argv[1], "a") as out:
    out.write(json.dumps({"position": event["global_position"], "type": event["event_type"]}) + "\\n")
"""


def background(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    # A worker signs what it publishes as the scheduler: it holds the scheduler's key, and
    # delivering to hooks is the scheduler's work too.
    signing = {"NEWSROOM_KEY": str(key_file("scheduler")), "NEWSROOM_ACTOR": "scheduler"}
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **signing, **(env or {})}
    return subprocess.Popen(
        [str(NEWSROOM), *args],
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def received(path: Path) -> list[int]:
    if not path.exists():
        return []
    return [
        json.loads(line)["position"] for line in path.read_text().splitlines() if line.endswith("}")
    ]


def wait_until(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def slow_hook(cli: NewsroomCli, on: str) -> Path:
    (cli.workdir / "slow.py").write_text(SLOW_RECEIVER)
    out = cli.workdir / "slow.jsonl"
    cli.ok(
        f"hooks add slow --on {on} --exec '{sys.executable} {cli.workdir / 'slow.py'} {out}'",
        actor="umud",
    )
    return out


def publish_many(cli: NewsroomCli, count: int) -> None:
    for n in range(count):
        cli.ok(f"draft --id a{n} --headline 'Item {n}' --category News", actor="aysel")
        cli.ok(f"submit a{n}", actor="aysel")
        cli.ok(f"approve a{n}", actor="kamran")
        cli.ok(f"publish a{n}", actor="kamran")


def test_a_worker_killed_mid_delivery_resumes_in_order(staffed: NewsroomCli) -> None:
    out = slow_hook(staffed, "ArticleDrafted,ArticlePublished")
    publish_many(staffed, 30)
    expected = [
        e.global_position
        for e in staffed.events()
        if e.event_type in ("ArticleDrafted", "ArticlePublished")
    ]
    rng = random.Random(7)
    kills = 0
    while len(set(received(out))) < len(expected) and kills < 40:
        before = len(received(out))
        process = background("worker", "--poll", "0.1")
        wait_until(lambda: len(received(out)) > before or process.poll() is not None)  # noqa: B023
        time.sleep(rng.uniform(0.0, 0.3))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        kills += 1
    assert run(["hooks", "run", *acting_as("scheduler")]) == 0
    got = received(out)
    assert kills >= 3
    assert got == sorted(got), "deliveries went out of log order"
    assert set(got) == set(expected), "an event was never delivered"
    print(
        f"kill test: {kills} kills, {len(expected)} events, {len(got)} deliveries, {len(got) - len(expected)} duplicates"
    )


def test_sigterm_finishes_the_delivery_in_flight_and_stops(staffed: NewsroomCli) -> None:
    out = slow_hook(staffed, "ArticleDrafted")
    publish_many(staffed, 20)
    process = background("hooks", "run", "--follow", "--poll", "0.1")
    wait_until(lambda: len(received(out)) >= 3)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    lines = out.read_text().splitlines()
    assert all(line.endswith("}") for line in lines)  # no half-written delivery
    assert len(lines) < 20  # it stopped instead of draining everything


def test_the_worker_publishes_embargoed_articles_and_feeds_the_hooks(
    staffed: NewsroomCli, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    staffed.at("")  # the store's real clock, which the worker's embargo is measured by
    out = slow_hook(staffed, "ArticlePublished")
    staffed.ok("draft --id emb --headline 'Budget at noon' --category Economy", actor="aysel")
    staffed.ok("submit emb", actor="aysel")
    staffed.ok("approve emb", actor="kamran")
    at = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
    staffed.ok(f"publish emb --at {at}", actor="kamran")
    worker = background("worker", "--poll", "0.2")
    try:
        wait_until(lambda: len(received(out)) == 1, timeout=30)
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=10) == 0
    logs = [json.loads(line) for line in worker.stderr.read().splitlines() if line.startswith("{")]  # type: ignore[union-attr]
    assert {
        "worker.started",
        "scheduler.published",
        "hooks.delivered",
        "worker.checkpoint",
        "worker.stopped",
    } <= {entry["event"] for entry in logs}
    [published] = [e for e in staffed.events() if e.event_type == "ArticlePublished"]
    assert published.actor == "scheduler"


def test_on_postgresql_the_worker_wakes_on_notify_not_on_its_poll(
    store_url: str, tmp_path: Path
) -> None:
    if not store_url.startswith("postgresql"):
        return  # SQLite has no NOTIFY: it polls, as the test above shows
    (tmp_path / "slow.py").write_text(SLOW_RECEIVER)
    out = tmp_path / "slow.jsonl"
    assert (
        run(
            [
                "hooks",
                "add",
                "slow",
                "--on",
                "ArticleDrafted",
                "--exec",
                f"{sys.executable} {tmp_path / 'slow.py'} {out}",
                *acting_as("umud"),
            ]
        )
        == 0
    )
    worker = background("worker", "--poll", "60")
    try:
        time.sleep(2)  # let it start and fall asleep on LISTEN
        assert (
            run(
                [
                    "draft",
                    "--id",
                    "woken",
                    "--headline",
                    "Wake up",
                    "--category",
                    "News",
                    *acting_as("aysel"),
                ]
            )
            == 0
        )
        started = time.monotonic()
        wait_until(lambda: len(received(out)) == 1, timeout=20)
        assert time.monotonic() - started < 10  # far sooner than the 60 s poll
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=10)


def test_a_nats_hook_that_fails_leaves_a_dead_letter_and_no_traceback(
    staffed: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSROOM_HOOK_ATTEMPTS", "2")
    monkeypatch.setenv("NEWSROOM_HOOK_BACKOFF", "0.01")
    # No stream captures this subject: JetStream answers no one, each attempt fails.
    staffed.ok("hooks add bus --on ArticleDrafted --nats newsroom.nowhere.test", actor="umud")
    staffed.ok("draft --id snow --headline 'Snow in Baku' --category Society", actor="aysel")
    done = subprocess.run(
        [str(NEWSROOM), "hooks", "run", *acting_as("umud")],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert "bus: 0 delivered, 1 dead-lettered" in done.stdout
    assert done.stderr == ""  # the failed connection is closed before the process ends
