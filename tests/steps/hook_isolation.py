"""Step definitions for hooks that hang: real targets that never answer, a real worker.

The targets are real sockets on 127.0.0.1: a listener that takes every connection and
never says a word (a blackholed webhook or NATS server), a web server that sends its
answer one byte a second, a port nothing listens on, and a web receiver that notes the
moment each event arrives. The worker is a real `newsroom worker` process, signing as
the scheduler, on the scenario's store and by the real clock, as the store's is then.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pytest_bdd import given, then, when

from tests.steps.common import Scene, step
from tests.support.cli import Result
from tests.support.keys import key_file
from tests.support.stores import REPO

NEWSROOM = Path(sys.executable).parent / "newsroom"


@contextmanager
def served(handler: type[BaseHTTPRequestHandler]) -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Arrivals:
    """A web receiver that answers 200 at once and notes when each event arrived."""

    url: str = ""
    at: dict[str, float] = field(default_factory=dict)  # webhook-id: the moment it came


@pytest.fixture
def arrivals() -> Iterator[Arrivals]:
    noted = Arrivals()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            noted.at.setdefault(self.headers["webhook-id"], time.time())
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    with served(Handler) as port:
        noted.url = f"http://127.0.0.1:{port}/newsroom"
        yield noted


@dataclass
class Blackhole:
    """A port that takes every connection and never answers."""

    port: int = 0
    taken: list[socket.socket] = field(default_factory=list)


@pytest.fixture
def blackhole() -> Iterator[Blackhole]:
    hole = Blackhole()
    listener = socket.create_server(("127.0.0.1", 0), backlog=64)
    hole.port = listener.getsockname()[1]

    def take() -> None:
        while True:
            try:
                hole.taken.append(listener.accept()[0])
            except OSError:
                return  # closed at the end of the scenario

    threading.Thread(target=take, daemon=True).start()
    yield hole
    listener.close()
    for conn in hole.taken:
        conn.close()


@pytest.fixture
def trickle() -> Iterator[str]:
    """A web server whose answer comes one byte a second: every read gets something."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            try:
                for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass  # the newsroom gave up, as it should

        def log_message(self, *args: object) -> None:
            pass

    with served(Handler) as port:
        yield f"http://127.0.0.1:{port}/newsroom"


@dataclass
class Worker:
    process: subprocess.Popen[bytes] | None = None
    stopped_after: float = 0.0


@pytest.fixture
def worker() -> Iterator[Worker]:
    running = Worker()
    yield running
    if running.process is not None and running.process.poll() is None:
        running.process.kill()
        running.process.wait()


@dataclass
class Stopwatch:
    seconds: float = 0.0


@pytest.fixture
def stopwatch() -> Stopwatch:
    return Stopwatch()


def recorded(scene: Scene, event_type: str) -> list[tuple[str, float, str]]:
    """(event id, when the store recorded it, its stream) for each event of the type."""
    return [
        (e.event_id, _moment(e.recorded_at), e.stream_id)
        for e in scene.log()
        if e.event_type == event_type
    ]


def _moment(text: str | None) -> float:
    assert text is not None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


# --- Given ---------------------------------------------------------------------------------


@given("the store's clock is the real one")
def _(scene: Scene) -> None:
    scene.cli.at("")


@given(step("hooks give each send {seconds} s"))
def _(monkeypatch: pytest.MonkeyPatch, seconds: str) -> None:
    monkeypatch.setenv("NEWSROOM_HOOK_TIMEOUT", seconds)


@given(step("a web receiver ${name:Field} that notes when each event arrives"))
def _(scene: Scene, arrivals: Arrivals, name: str) -> None:
    scene.noted[name] = arrivals.url


@given(step("a listener ${name:Field} that takes connections and never answers"))
def _(scene: Scene, blackhole: Blackhole, name: str) -> None:
    scene.noted[f"{name}_port"] = str(blackhole.port)


@given(step("a web server ${name:Field} that answers one byte a second"))
def _(scene: Scene, trickle: str, name: str) -> None:
    scene.noted[name] = trickle


@given(step("a port ${name:Field} that nothing listens on"))
def _(scene: Scene, name: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        scene.noted[f"{name}_port"] = str(probe.getsockname()[1])


@given(step('NATS is at "{url}"'))
def _(scene: Scene, monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("NEWSROOM_NATS_URL", scene.command(url))


@given(step("article {article_id:Id} is approved for publication {seconds:d} s from now"))
def _(scene: Scene, article_id: str, seconds: int) -> None:
    cli = scene.cli
    cli.ok(f"draft --id {article_id} --headline 'At noon' --category Economy", actor="aysel")
    cli.ok(f"submit {article_id}", actor="aysel")
    cli.ok(f"approve {article_id}", actor="kamran")
    due = (datetime.now(UTC) + timedelta(seconds=seconds)).replace(microsecond=0)
    cli.ok(f"publish {article_id} --at {due.isoformat()}", actor="kamran")
    scene.noted[f"{article_id}_due"] = str(due.timestamp())


@given("the worker is running")
def _(worker: Worker, scene: Scene) -> None:
    signing = {"NEWSROOM_KEY": str(key_file("scheduler")), "NEWSROOM_ACTOR": "scheduler"}
    env = {**os.environ, "PYTHONPATH": str(REPO), **signing}
    log = (scene.cli.workdir / "worker.log").open("wb")
    worker.process = subprocess.Popen(
        [str(NEWSROOM), "worker", "--poll", "0.2"], env=env, stdout=log, stderr=log
    )
    _wait_for(lambda: b"worker.started" in (scene.cli.workdir / "worker.log").read_bytes())
    time.sleep(0.5)  # its lanes started, their first pass made


def _wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


# --- When ----------------------------------------------------------------------------------


@when(step("aysel drafts {count:d} articles, {gap} s apart"))
def _(scene: Scene, count: int, gap: str) -> None:
    drafts(scene, count, float(gap))


@when("aysel drafts an article")
def _(scene: Scene) -> None:
    drafts(scene, 1, 0.0)


def drafts(scene: Scene, count: int, gap: float) -> None:
    scene.before = scene.log()
    for n in range(count):
        scene.cli.ok(f"draft --id item-{n} --headline 'Item {n}' --category News", actor="aysel")
        time.sleep(gap)


@when(step("the worker is sent SIGTERM while hook {name:Name} waits for an answer"))
def _(worker: Worker, blackhole: Blackhole, name: str) -> None:
    _wait_for(lambda: len(blackhole.taken) > 0)
    time.sleep(0.5)  # the send is in flight, past its connection
    assert worker.process is not None
    asked = time.monotonic()
    worker.process.send_signal(signal.SIGTERM)
    worker.process.wait(timeout=60)
    worker.stopped_after = time.monotonic() - asked


@when(step("the worker has had {seconds} s"))
def _(seconds: str) -> None:
    time.sleep(float(seconds))


@when(
    step("{person:Name} runs `{command}` with a stopwatch running"),
    target_fixture="result",
)
def _(scene: Scene, stopwatch: Stopwatch, person: str, command: str) -> Result:
    started = time.monotonic()
    result = scene.when(command, person)
    stopwatch.seconds = time.monotonic() - started
    return result


# --- Then ----------------------------------------------------------------------------------


@then(step("the receiver ${name:Field} got each of the drafts within {limit} s of its recording"))
def _(scene: Scene, arrivals: Arrivals, name: str, limit: str) -> None:
    drafts = [(i, at) for i, at, stream in recorded(scene, "ArticleDrafted") if "item-" in stream]
    assert drafts, "nothing was drafted"
    _wait_for(lambda: all(i in arrivals.at for i, _ in drafts), timeout=float(limit) + 5)
    late = [round(arrivals.at[i] - at, 2) for i, at in drafts]
    assert max(late) <= float(limit), f"arrived late by {late} s"


@then(step("article {article_id:Id} was published by the scheduler within {limit} s of its time"))
def _(scene: Scene, article_id: str, limit: str) -> None:
    due = float(scene.noted[f"{article_id}_due"])
    wanted = f"article:{article_id}"
    _wait_for(lambda: any(s == wanted for _, _, s in recorded(scene, "ArticlePublished")), 30)
    [(_, at, _)] = [r for r in recorded(scene, "ArticlePublished") if r[2] == wanted]
    assert 0 <= at - due <= float(limit), f"published {at - due:.2f} s after its time"


@then(step("the worker stopped within {limit} s, with exit code {code:d}"))
def _(worker: Worker, limit: str, code: int) -> None:
    assert worker.process is not None
    assert worker.process.returncode == code
    assert worker.stopped_after <= float(limit), f"it took {worker.stopped_after:.2f} s"


@then(step("the stopwatch reads at most {limit} s"))
def _(stopwatch: Stopwatch, limit: str) -> None:
    assert stopwatch.seconds <= float(limit), f"it took {stopwatch.seconds:.2f} s"


@then(step("the checkpoint of hook {name:Name} is where it was wired"))
def _(scene: Scene, name: str) -> None:
    [hook] = [h for h in scene.cli.ok("hooks list --json").json()["hooks"] if h["name"] == name]
    wired = [e for e in scene.log() if e.event_type == "HookRegistered" and e.data["name"] == name]
    assert hook["checkpoint"] == wired[-1].data["start_after"], hook


@then(step("the worker's log says {event} for hook {name:Name}"))
def _(scene: Scene, event: str, name: str) -> None:
    def said() -> bool:
        lines = (scene.cli.workdir / "worker.log").read_text().splitlines()
        found = [json.loads(line) for line in lines if line.startswith("{")]
        return any(e["event"] == event and e.get("hook") == name for e in found)

    _wait_for(said, timeout=5)
