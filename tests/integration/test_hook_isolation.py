"""Deadlines on real sockets: an answer that never ends, a NATS server that never answers,
and `hooks run --follow` stopped by SIGTERM while a send hangs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.steps.hook_isolation import Blackhole, served
from tests.support.cli import NewsroomCli
from tests.support.keys import key_file
from tests.support.stores import REPO

NEWSROOM = Path(sys.executable).parent / "newsroom"


@pytest.fixture
def hooked(staffed: NewsroomCli, monkeypatch: pytest.MonkeyPatch) -> NewsroomCli:
    monkeypatch.setenv("NEWSROOM_HOOK_ATTEMPTS", "2")
    monkeypatch.setenv("NEWSROOM_HOOK_BACKOFF", "0.01")
    monkeypatch.setenv("NEWSROOM_HOOK_TIMEOUT", "2")
    monkeypatch.setenv("NEWSROOM_HOOK_ALLOW_NETWORKS", "127.0.0.0/8")
    return staffed


@pytest.fixture
def endless() -> Iterator[tuple[str, list[int]]]:
    """Answers 200 at once, then a body that never ends; notes how many bytes it sent."""
    sent: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Length", str(1 << 40))
            self.end_headers()
            total, chunk = 0, b"x" * 65536
            try:
                while total < 1 << 30:
                    self.wfile.write(chunk)
                    total += len(chunk)
            except OSError:
                pass  # the newsroom stopped reading, as it should
            sent.append(total)

        def log_message(self, *args: object) -> None:
            pass

    with served(Handler) as port:
        yield f"http://127.0.0.1:{port}/newsroom", sent


def test_a_webhook_answer_is_read_only_up_to_its_cap(
    hooked: NewsroomCli, endless: tuple[str, list[int]]
) -> None:
    url, sent = endless
    hooked.ok(f"hooks add site --on ArticleDrafted --url {url}", actor="umud")
    hooked.ok("draft --id snow --headline 'Snow' --category News", actor="aysel")
    started = time.monotonic()
    out = hooked.ok("hooks run", actor="umud").out
    assert "site: 1 delivered, 0 dead-lettered" in out
    assert time.monotonic() - started < 2  # not one deadline spent reading
    time.sleep(0.2)
    assert sent and sent[0] < 64 << 20  # it stopped long before the gigabyte


def test_hooks_run_follow_stops_on_sigterm_while_nats_hangs(
    hooked: NewsroomCli, monkeypatch: pytest.MonkeyPatch, blackhole: Blackhole
) -> None:
    hole = blackhole
    monkeypatch.setenv("NEWSROOM_NATS_URL", f"nats://127.0.0.1:{hole.port}")
    monkeypatch.setenv("NEWSROOM_HOOK_TIMEOUT", "30")
    hooked.ok("hooks add bus --on ArticleDrafted --nats newsroom.articles", actor="umud")
    hooked.ok("draft --id snow --headline 'Snow' --category News", actor="aysel")
    signing = {"NEWSROOM_KEY": str(key_file("umud")), "NEWSROOM_ACTOR": "umud"}
    follow = subprocess.Popen(
        [str(NEWSROOM), "hooks", "run", "--follow", "--poll", "0.2"],
        env={**os.environ, "PYTHONPATH": str(REPO), **signing},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    until = time.monotonic() + 30
    while not hole.taken and time.monotonic() < until:
        time.sleep(0.05)
    time.sleep(0.5)  # connected, and waiting for a word from the server
    asked = time.monotonic()
    follow.send_signal(signal.SIGTERM)
    out, err = follow.communicate(timeout=60)
    assert time.monotonic() - asked < 2  # far inside the 30 s deadline
    assert follow.returncode == 0, err
    assert "bus: 0 delivered, 0 dead-lettered" in out
    assert "Traceback" not in err
    assert hooked.ok("hooks dead-letters --json").json()["dead_letters"] == []
