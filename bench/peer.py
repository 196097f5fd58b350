"""The same workload in newsroom and in the `eventsourcing` library (9.x, SQLite).

    python -m bench.peer newsroom|eventsourcing ARTICLES DIR

Each article takes ten commands, one at a time, each loading the article from its
events, deciding, and appending one event: draft, three revisions, submit, request
changes, revise, submit, approve, publish. Then a full replay rebuilds every
article from the log. Prints: articles, events, append seconds, replay seconds.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

EDITOR, REPORTER = "kamran", "aysel"
Step = tuple[str, str, dict[str, Any]]  # actor, action, arguments


def script(n: int) -> list[Step]:
    body = f"Text of article {n}. " * 30
    return [
        (REPORTER, "draft", {"headline": f"Headline {n}", "category": "Society", "body": body}),
        (REPORTER, "revise", {"body": body + "One."}),
        (REPORTER, "revise", {"body": body + "Two."}),
        (REPORTER, "revise", {"body": body + "Three."}),
        (REPORTER, "submit", {}),
        (EDITOR, "request_changes", {"reason": "Needs a second source"}),
        (REPORTER, "revise", {"body": body + "Sourced."}),
        (REPORTER, "submit", {}),
        (EDITOR, "approve", {}),
        (EDITOR, "publish", {}),
    ]


def run_newsroom(articles: int, directory: Path) -> tuple[int, int, float, float]:
    from events import models as ev
    from events.envelope import Metadata, NewEvent
    from events.signer import Signer
    from events.sql.engine import enable_wal, open_engine, write_transaction
    from events.sql.schema import upgrade_log_schema
    from events.sql.store import SqlEventStore
    from events.sshsig import public_line
    from projections.sql.runner import ensure_projection_schema
    from tests.support.keys import key_of
    from workflow import commands as cmd
    from workflow.service import Context, Newsroom

    engine = open_engine(f"sqlite:///{directory / 'newsroom-peer.db'}", must_exist=False)
    enable_wal(engine)
    with write_transaction(engine) as conn:
        upgrade_log_schema(conn)
        ensure_projection_schema(conn)
    store = SqlEventStore(engine)
    now = datetime.now(UTC)
    chief = Signer("umud", key_of("umud"), public_line(key_of("umud").public_key()))
    for version, (name, role) in enumerate([(EDITOR, "editor"), (REPORTER, "reporter")]):
        key = public_line(key_of(name).public_key())
        added = ev.StaffMemberAdded(name=name, role=role, public_key=key)
        meta = Metadata("umud", f"staff-{name}", f"staff-{name}", f"staff-{name}", role="chief")
        store.append(
            "staff",
            [NewEvent(added, meta)],
            version,
            now=now,
            command_id=meta.command_id,
            command_name="AddStaff",
            signer=chief,
        )
    newsroom = Newsroom(store)
    makers: dict[str, Callable[..., Any]] = {
        "draft": cmd.DraftArticle,
        "revise": cmd.ReviseArticle,
        "submit": cmd.SubmitArticle,
        "request_changes": cmd.RequestChanges,
        "approve": cmd.ApproveArticle,
        "publish": cmd.PublishArticle,
    }
    ids = [f"p{n:06d}" for n in range(articles)]
    started = time.perf_counter()
    events = 0
    for n, article_id in enumerate(ids):
        for actor, action, arguments in script(n):
            command = makers[action](article_id=article_id, **arguments)
            outcome = newsroom.handle(command, Context(actor, key_of(actor)))
            events += len(outcome.events)
    appended = time.perf_counter() - started
    started = time.perf_counter()
    replayed = [newsroom.article(article_id) for article_id in ids]
    replay = time.perf_counter() - started
    assert all(article is not None and article.status == "published" for article in replayed)
    engine.dispose()
    return articles, events, appended, replay


def run_eventsourcing(articles: int, directory: Path) -> tuple[int, int, float, float]:
    from eventsourcing.application import Application
    from eventsourcing.domain import Aggregate, event

    class Article(Aggregate):
        @event("Drafted")
        def __init__(self, headline: str, category: str, body: str) -> None:
            self.headline, self.category, self.body = headline, category, body
            self.status = "draft"

        @event("Revised")
        def revise(self, body: str) -> None:
            self._require("draft")
            self.body = body

        @event("Submitted")
        def submit(self) -> None:
            self._require("draft")
            self.status = "in_review"

        @event("ChangesRequested")
        def request_changes(self, reason: str) -> None:
            self._require("in_review")
            self.status, self.reason = "draft", reason

        @event("Approved")
        def approve(self) -> None:
            self._require("in_review")
            self.status = "approved"

        @event("Published")
        def publish(self) -> None:
            self._require("approved")
            self.status = "published"

        def _require(self, status: str) -> None:
            if self.status != status:
                raise ValueError(f"{self.status}, not {status}")

    path = directory / "eventsourcing-peer.db"
    app: Application[uuid.UUID] = Application(
        env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
    )
    ids: list[uuid.UUID] = []
    started = time.perf_counter()
    events = 0
    for n in range(articles):
        steps = script(n)
        _actor, _action, arguments = steps[0]
        article = Article(**arguments)
        app.save(article)
        ids.append(article.id)
        events += 1
        for _actor, action, arguments in steps[1:]:
            article = app.repository.get(article.id)
            getattr(article, action)(**arguments)
            app.save(article)
            events += 1
    appended = time.perf_counter() - started
    started = time.perf_counter()
    replayed: list[Any] = [app.repository.get(article_id) for article_id in ids]
    replay = time.perf_counter() - started
    assert all(article.status == "published" for article in replayed)
    return articles, events, appended, replay


if __name__ == "__main__":
    runner = run_newsroom if sys.argv[1] == "newsroom" else run_eventsourcing
    print(*runner(int(sys.argv[2]), Path(sys.argv[3])))
