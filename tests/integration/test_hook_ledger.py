"""The delivery ledger with real receivers: who got what, provably, on SQLite and PostgreSQL.

Every attempt is a row with the receiver's answer (an HTTP status from a loopback server,
an exit code from a program); `deliveries` reads them back per article; `verify` finds a
row changed behind newsroom's back; the database refuses to change one at all.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from delivery.ledger import FAILED, Attempt
from delivery.state import HookState
from events.sql.engine import open_engine, write_transaction
from events.sql.tables import hook_deliveries
from tests.support.cli import NewsroomCli
from tests.support.fixtures import HIRED_AT, STAFF, START
from tests.support.pg import pg_schema_url

PROGRAM = """
import pathlib, sys
flag = pathlib.Path(sys.argv[1])
sys.stdin.read()
sys.exit(3 if flag.exists() else 0)
"""


class Receiver(BaseHTTPRequestHandler):
    """Answers 503 to the first `failures_left` POSTs, then 200."""

    failures_left: ClassVar[int] = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        failing = Receiver.failures_left > 0
        Receiver.failures_left -= 1 if failing else 0
        self.send_response(503 if failing else 200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web() -> Iterator[str]:
    Receiver.failures_left = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/newsroom"
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def hooked(
    request: pytest.FixtureRequest, newsroom: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> Iterator[NewsroomCli]:
    """A staffed store whose hooks may reach 127.0.0.1, trying twice, quickly."""
    monkeypatch.setenv("NEWSROOM_HOOK_ATTEMPTS", "2")
    monkeypatch.setenv("NEWSROOM_HOOK_BACKOFF", "0.01")
    monkeypatch.setenv("NEWSROOM_HOOK_ALLOW_NETWORKS", "127.0.0.0/8")
    (newsroom.workdir / "program.py").write_text(PROGRAM)
    if request.param == "sqlite":
        yield staff(newsroom)
        return
    with pg_schema_url() as url:
        newsroom.store_url = url
        monkeypatch.setenv("NEWSROOM_STORE", url)
        yield staff(newsroom)


def staff(cli: NewsroomCli) -> NewsroomCli:
    cli.at(HIRED_AT)
    cli.ok("init --chief umud", actor="umud")
    for name, role in STAFF.items():
        if role != "chief":
            cli.ok(f"staff add {name} --role {role}", actor="umud")
    cli.at(START)
    return cli


def program(cli: NewsroomCli, name: str) -> Path:
    """Wire an exec hook; it exits 3 while the returned flag file exists."""
    flag = cli.workdir / f"{name}.down"
    on = "ArticlePublished,ArticleCorrected,ArticleRetracted"
    target = f"{sys.executable} {cli.workdir / 'program.py'} {flag}"
    cli.ok(f"hooks add {name} --on {on} --exec '{target}'", actor="umud")
    return flag


def fared(cli: NewsroomCli, article_id: str, *more: str) -> list[tuple[Any, ...]]:
    listed = cli.run("--json", "deliveries", article_id, *more)
    assert listed.code == 0, listed.err
    return [
        (d["hook"], d["event_type"], d["status"], d["attempts"], d["code"])
        for d in listed.json()["deliveries"]
    ]


def ledger(cli: NewsroomCli) -> list[tuple[Any, ...]]:
    engine = open_engine(cli.store_url)
    c = hook_deliveries.c
    query = select(c.name, c.seq, c.global_position, c.attempt, c.outcome, c.code, c.retry)
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(query.order_by(c.name, c.seq))]
    engine.dispose()
    return rows


def raw(cli: NewsroomCli, *statements: str) -> None:
    """Statements run on the store behind newsroom's back, in one transaction."""
    engine = open_engine(cli.store_url)
    try:
        with write_transaction(engine) as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def test_each_attempt_at_a_webhook_is_kept_with_the_status_it_got(
    hooked: NewsroomCli, web: str
) -> None:
    hooked.ok(f"hooks add site --on ArticlePublished --url {web}", actor="umud")
    Receiver.failures_left = 1
    hooked.publish_new("snow", "Snow in Baku")
    assert "site: 1 delivered" in hooked.ok("hooks run", actor="umud").out
    rows = [
        (seq, attempt, outcome, code) for _, seq, _, attempt, outcome, code, _ in ledger(hooked)
    ]
    assert rows == [(1, 1, "failed", 503), (2, 2, "delivered", 200)]
    assert fared(hooked, "snow") == [("site", "ArticlePublished", "delivered", 2, 200)]
    checked = hooked.ok("--json verify", actor="umud").json()
    assert checked["deliveries"] == 2 and list(checked["delivery_heads"]) == ["site"]


def test_a_program_failing_then_retried_and_the_retraction_notice(hooked: NewsroomCli) -> None:
    down = program(hooked, "archive")
    hooked.publish_new("snow", "Snow in Bakku")
    hooked.ok("correct snow --headline 'Snow in Baku' --note 'Spelling.'", actor="kamran")
    down.touch()
    hooked.ok("hooks run", actor="umud")
    failing = [("archive", "ArticlePublished", "failing", 2, 3)]
    assert fared(hooked, "snow") == [*failing, ("archive", "ArticleCorrected", "failing", 2, 3)]
    down.unlink()
    hooked.ok("retract snow --reason 'Last year.'", actor="umud")
    assert hooked.line("hooks retry archive", actor="umud").code == 0
    hooked.ok("hooks run", actor="umud")
    hooked.ok("rebuild", actor="umud")  # the ledger is not a view: a rebuild keeps it
    assert fared(hooked, "snow") == [
        ("archive", "ArticlePublished", "delivered", 3, 0),
        ("archive", "ArticleCorrected", "delivered", 3, 0),
        ("archive", "ArticleRetracted", "delivered", 1, 0),
    ]
    table = hooked.ok("deliveries snow", actor="rashad").out
    assert "retraction notice" in table and "delivered on retry" in table
    assert [r[6] for r in ledger(hooked)] == [False, False, False, False, True, True, False]
    hooked.ok("verify", actor="umud")


def test_what_is_still_pending_and_what_fails(hooked: NewsroomCli) -> None:
    down = program(hooked, "archive")
    hooked.publish_new("snow", "Snow in Baku")
    assert fared(hooked, "snow", "--hook", "archive") == [
        ("archive", "ArticlePublished", "pending", 0, None)
    ]
    down.touch()
    hooked.ok("hooks run", actor="umud")
    [line] = hooked.ok("--json deliveries snow", actor="rashad").json()["deliveries"]
    assert (line["status"], line["code"]) == ("failing", 3)
    assert "exited with 3" in line["error"]
    assert hooked.line("deliveries nowhere", actor="rashad").code == 3
    assert hooked.line("deliveries snow --hook nowhere", actor="rashad").code == 3
    assert hooked.line("deliveries 'no such'", actor="rashad").code == 2
    hooked.ok("hooks remove archive", actor="umud")  # its history stays
    [line] = hooked.ok("--json deliveries snow", actor="rashad").json()["deliveries"]
    assert (line["status"], line["wired"], line["attempts"]) == ("dead-lettered", False, 2)
    assert "archive (removed)" in hooked.ok("deliveries snow", actor="rashad").out
    hooked.ok("verify", actor="umud")


def test_a_changed_or_removed_ledger_row_fails_verify(hooked: NewsroomCli) -> None:
    down = program(hooked, "archive")
    down.touch()
    hooked.publish_new("snow", "Snow in Baku")
    hooked.ok("hooks run", actor="umud")
    if hooked.store_url.startswith("sqlite"):
        let_through = [
            "DROP TRIGGER hook_deliveries_no_update",
            "DROP TRIGGER hook_deliveries_no_delete",
        ]
    else:
        let_through = ["SET LOCAL newsroom.migration = 'on'"]
    raw(hooked, *let_through, "UPDATE hook_deliveries SET code = 0 WHERE seq = 2")
    refused = hooked.line("verify", actor="umud")
    assert refused.code == 7
    assert "ledger is not intact at hook archive, row 2: changed" in refused.err
    again = [] if hooked.store_url.startswith("sqlite") else let_through
    raw(hooked, *again, "DELETE FROM hook_deliveries WHERE seq = 2")
    refused = hooked.line("verify", actor="umud")
    assert refused.code == 7 and "row 2: missing" in refused.err, refused.err


def test_the_database_refuses_to_change_or_remove_a_ledger_row(hooked: NewsroomCli) -> None:
    program(hooked, "archive")
    hooked.publish_new("snow", "Snow in Baku")
    hooked.ok("hooks run", actor="umud")
    for statement in ("UPDATE hook_deliveries SET code = 1", "DELETE FROM hook_deliveries"):
        with pytest.raises(DBAPIError, match="the delivery ledger is append-only"):
            raw(hooked, statement)
    assert len(ledger(hooked)) == 1


def test_concurrent_appends_to_one_hooks_chain_keep_it_one_line(hooked: NewsroomCli) -> None:
    program(hooked, "archive")
    hooked.publish_new("snow", "Snow in Baku")
    [event] = [e for e in hooked.events() if e.event_type == "ArticlePublished"]
    engine = open_engine(hooked.store_url)
    state = HookState(engine)
    tried = Attempt(
        "archive",
        event.global_position,
        event.event_id,
        event.event_type,
        event.stream_id,
        FAILED,
        503,
        "HTTP 503",
    )

    def append() -> None:
        for _ in range(10):
            state.record_attempt(tried)

    threads = [threading.Thread(target=append) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    rows = ledger(hooked)
    assert [r[1] for r in rows] == list(range(1, 41)) and [r[3] for r in rows] == list(range(1, 41))
    hooked.ok("verify", actor="umud")
