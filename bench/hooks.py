"""Hooks at work: deliveries per second per target, and what one hanging hook costs the rest.

    .venv/bin/python -m bench.hooks [--events 5000] [--runs 3] [--code [LABEL=]DIR ...]
                                    [--out FILE]

    # before and after a change, taking turns: the old code checked out beside this one
    git archive 52e73fa | tar -x -C /tmp/before
    .venv/bin/python -m bench.hooks --code before=/tmp/before --code after=.

Throughput: one `newsroom hooks run` per target (a program, `cat`; a loopback webhook;
a NATS JetStream subject on NEWSROOM_NATS_URL), and one for all three hooks at once,
over the ArticleDrafted events of a built SQLite store.

Isolation: a `newsroom worker` with a healthy webhook beside one that hangs (a loopback
server that takes the connection and never answers, or a NATS "server" that does the
same), while articles are drafted and one embargo falls due: how late the healthy hook
got each event, how late the embargo was lifted (both from the times the store
recorded), and how long SIGTERM took.

Each `--code` is a checkout of newsroom, run through PYTHONPATH (by default this one);
given several, they take turns, so that a busy moment of a shared machine hurts them
alike. Writes bench/results/hooks.md unless told otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.build import build
from events.sql.engine import open_engine
from events.sql.store import SqlEventStore
from tests.support.keys import key_file

REPO = Path(__file__).resolve().parents[1]
NEWSROOM = Path(sys.executable).parent / "newsroom"
NATS_URL = os.environ.get("NEWSROOM_NATS_URL") or "nats://127.0.0.1:4222"
HANG_TIMEOUT = 2.0  # NEWSROOM_HOOK_TIMEOUT in the isolation runs
STAFF = {"aysel": "reporter", "kamran": "editor", "scheduler": "scheduler"}


class Receiver(BaseHTTPRequestHandler):
    """Answers 200 at once, and notes when each event (by its webhook-id) arrived."""

    arrived: dict[str, float] = {}  # noqa: RUF012 - one receiver per bench run

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.arrived.setdefault(self.headers["webhook-id"], time.time())
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def receiver() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()


@contextmanager
def blackhole() -> Iterator[int]:
    """A TCP port that takes every connection and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()
        for conn in held:
            conn.close()


@contextmanager
def jetstream() -> Iterator[str]:
    """A stream on the real NATS server for the run, and its subject."""
    import nats

    name = f"NEWSROOM_BENCH_{uuid.uuid4().hex[:8].upper()}"
    subject = f"newsroom.bench.{name.lower()}"

    async def call(create: bool) -> None:
        connection = await nats.connect(NATS_URL)
        js = connection.jetstream()
        if create:
            await js.add_stream(name=name, subjects=[subject])
        else:
            await js.delete_stream(name)
        await connection.close()

    asyncio.run(call(True))
    try:
        yield subject
    finally:
        asyncio.run(call(False))


def newsroom(env: dict[str, str], *args: str, actor: str = "umud") -> float:
    acting = {"NEWSROOM_ACTOR": actor, "NEWSROOM_KEY": str(key_file(actor))}
    started = time.perf_counter()
    subprocess.run([str(NEWSROOM), *args], env={**env, **acting}, check=True, capture_output=True)
    return time.perf_counter() - started


def base_env(store: str, code: Path) -> dict[str, str]:
    env = {**os.environ, "NEWSROOM_STORE": store, "PYTHONPATH": str(code)}
    env["NEWSROOM_HOOK_ALLOW_NETWORKS"] = "127.0.0.0/8"  # the loopback receivers
    env["NEWSROOM_NATS_URL"] = NATS_URL
    folder = Path(store.removeprefix("sqlite:///")).parent
    env["NEWSROOM_LOG_KEY"] = str(folder / "log-key")
    env["NEWSROOM_MEDIA"] = str(folder / "media")
    allowlist = folder / "hook-programs"  # the worker's operator allows `cat` to run
    allowlist.write_text(f"{shutil.which('cat')}\n", encoding="utf-8")
    allowlist.chmod(0o644)
    env["NEWSROOM_HOOK_PROGRAMS"] = str(allowlist)
    return env


Code = tuple[str, Path]  # a label for the report, and the checkout to run
Row = tuple[str, str, float]  # target, code label, the best wall time


def throughput(events: int, runs: int, codes: list[Code], work: Path) -> tuple[int, list[Row]]:
    """Each code in turn within each run, so that a busy moment hurts them alike."""
    store = f"sqlite:///{work}/throughput.db"
    build(store, events)
    engine = open_engine(store)
    drafted = sum(1 for e in SqlEventStore(engine).read_all() if e.event_type == "ArticleDrafted")
    engine.dispose()
    walls: dict[tuple[str, str], list[float]] = {}
    with receiver() as url, jetstream() as subject:
        targets = {
            "exec": ["--exec", "cat"],
            "webhook": ["--url", url, "--secret", "generate"],
            "nats": ["--nats", subject],
        }
        for _ in range(runs):
            for name, target in [*targets.items(), ("all three", [])]:
                wired = {name: target} if target else targets
                for label, code in codes:
                    wall = _one_pass(base_env(store, code), wired)
                    walls.setdefault((name, label), []).append(wall)
    return drafted, [(name, label, min(found)) for (name, label), found in walls.items()]


def _one_pass(env: dict[str, str], targets: dict[str, list[str]]) -> float:
    """One `hooks run` for these hooks, each wired from the start and removed after."""
    for name, target in targets.items():
        newsroom(env, "hooks", "add", name, "--on", "ArticleDrafted", *target, "--from-start")
    wall = newsroom(env, "hooks", "run")
    for name in targets:
        newsroom(env, "hooks", "remove", name)
    return wall


Figures = tuple[str, float, int, float, float, int]


@dataclass(frozen=True)
class Isolation:
    code: str
    hanging: str
    worst_hook_delay: float
    events: int
    embargo_delay: float
    stop_seconds: float
    stop_code: int


def isolation(label: str, code: Path, work: Path, hanging: str) -> Isolation:
    """A worker with a healthy webhook and one hanging target; articles drafted meanwhile."""
    store = f"sqlite:///{work}/isolation-{label}-{hanging}.db"
    env = base_env(store, code)
    staff(env)
    env.update(NEWSROOM_HOOK_TIMEOUT=str(HANG_TIMEOUT), NEWSROOM_HOOK_ATTEMPTS="2")
    env.update(NEWSROOM_HOOK_BACKOFF="0.5")
    Receiver.arrived.clear()
    with receiver() as url, blackhole() as port:
        stuck = {"webhook": ["--url", f"http://127.0.0.1:{port}/"], "nats": ["--nats", "x.y"]}
        if hanging == "nats":
            env["NEWSROOM_NATS_URL"] = f"nats://127.0.0.1:{port}"
        on = ["--on", "ArticleDrafted,ArticlePublished"]
        newsroom(env, "hooks", "add", "stuck", *on, *stuck[hanging])
        newsroom(env, "hooks", "add", "healthy", *on, "--url", url)
        return Isolation(label, *_watch_worker(env, store, hanging))


def _watch_worker(env: dict[str, str], store: str, hanging: str) -> Figures:
    acting = {"NEWSROOM_ACTOR": "scheduler", "NEWSROOM_KEY": str(key_file("scheduler"))}
    worker = subprocess.Popen(
        [str(NEWSROOM), "worker", "--poll", "0.2"],
        env={**env, **acting},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.5)  # started, and the first pass begun
    due = _embargo(env, seconds=3)
    # Articles drafted until a second past the embargo: the stuck hook always has work.
    count = 0
    while datetime.now(UTC) < due + timedelta(seconds=1):
        _draft(env, f"d{count}")
        count += 1
        time.sleep(0.5)
    # The healthy hook hears the drafts, the embargoed article's and its publication.
    until = time.monotonic() + 300
    while len(Receiver.arrived) < count + 2 and time.monotonic() < until:
        time.sleep(0.1)
    _draft(env, "last")  # so that the stuck hook is in the middle of a send at SIGTERM
    time.sleep(0.5)
    asked = time.monotonic()
    worker.send_signal(signal.SIGTERM)
    code = worker.wait(timeout=600)
    stopped = time.monotonic() - asked
    return _figures(hanging, store, due, stopped, code)


def _embargo(env: dict[str, str], seconds: int) -> datetime:
    """Article `emb`, approved and scheduled `seconds` from now; when it is due."""
    _draft(env, "emb")
    newsroom(env, "submit", "emb", actor="aysel")
    newsroom(env, "approve", "emb", actor="kamran")
    due = (datetime.now(UTC) + timedelta(seconds=seconds)).replace(microsecond=0)
    newsroom(env, "publish", "emb", "--at", due.isoformat(), actor="kamran")
    return due


def _draft(env: dict[str, str], article_id: str) -> None:
    draft = ["draft", "--id", article_id, "--headline", article_id, "--category", "News"]
    newsroom(env, *draft, actor="aysel")


def _figures(hanging: str, store: str, due: datetime, stopped: float, code: int) -> Figures:
    engine = open_engine(store)
    events = [
        e
        for e in SqlEventStore(engine).read_all()
        if e.event_type in ("ArticleDrafted", "ArticlePublished") and e.stream_id != "article:last"
    ]
    engine.dispose()
    delays = [Receiver.arrived.get(e.event_id, float("inf")) - _at(e.recorded_at) for e in events]
    published = [e for e in events if e.event_type == "ArticlePublished"]
    embargo = _at(published[0].recorded_at) - due.timestamp() if published else float("inf")
    return hanging, max(delays), len(events), embargo, stopped, code


def _at(recorded: str | None) -> float:
    assert recorded is not None
    return datetime.fromisoformat(recorded.replace("Z", "+00:00")).timestamp()


def staff(env: dict[str, str]) -> None:
    newsroom(env, "init", "--chief", "umud")
    for name, role in STAFF.items():
        key = f"{key_file(name)}.pub"
        newsroom(env, "staff", "add", name, "--role", role, "--public-key", key)


def report(drafted: int, rows: list[Row], runs: list[Isolation], codes: list[Code]) -> str:
    measured = ", ".join(f"{label} = {code}" for label, code in codes)
    lines = [
        f"# Hooks: {drafted} ArticleDrafted events per target, one `newsroom hooks run` each",
        "",
        f"Machine: {os.cpu_count()} CPUs, shared. Code measured: {measured}.",
        "",
        "The best of several runs, the codes taking turns within each. `all three`: an",
        "exec, a webhook and a NATS hook in the same `hooks run`, deliveries counted for all.",
        "",
        "| target | code | seconds | deliveries/s |",
        "|---|---|---|---|",
        *(
            f"| {name} | {label} | {wall:.2f} | {drafted * _hooks(name) / wall:.0f} |"
            for name, label, wall in rows
        ),
        "",
        f"## One hanging hook beside a healthy webhook (`worker --poll 0.2`, "
        f"NEWSROOM_HOOK_TIMEOUT={HANG_TIMEOUT:g}, 2 attempts)",
        "",
        "Articles are drafted every half second until a second past an embargo. Delays are",
        "from the time the store recorded the event (or the embargo's time); SIGTERM comes",
        "while the hanging hook is in the middle of a send.",
        "",
        "| code | hanging target | events | worst delay to the healthy hook | "
        "embargo lifted late by | SIGTERM to exit | exit code |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {r.code} | {r.hanging} | {r.events} | {r.worst_hook_delay:.2f} s | "
            f"{r.embargo_delay:.2f} s | {r.stop_seconds:.2f} s | {r.stop_code} |"
            for r in runs
        ),
    ]
    return "\n".join(lines) + "\n"


def _hooks(name: str) -> int:
    return 3 if name == "all three" else 1


def code_given(text: str) -> Code:
    """`LABEL=DIR`, or a bare DIR labelled by its name."""
    label, _, folder = text.rpartition("=")
    path = Path(folder).resolve()
    return (label or path.name, path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.hooks")
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3, help="throughput: the best of RUNS")
    parser.add_argument(
        "--code", type=code_given, action="append", help="[LABEL=]DIR; again to compare"
    )
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "hooks.md")
    options = parser.parse_args(argv)
    codes: list[Code] = options.code or [("this checkout", REPO)]
    with tempfile.TemporaryDirectory(prefix="newsroom-hooks-") as scratch:
        work = Path(scratch)
        drafted, rows = throughput(options.events, options.runs, codes, work)
        runs = [
            isolation(label, code, work, hanging)
            for hanging in ("webhook", "nats")
            for label, code in codes
        ]
    text = report(drafted, rows, runs, codes)
    options.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
