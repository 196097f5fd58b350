"""Build a realistic store of N events fast: the real decider, rows written in big batches.

    .venv/bin/python -m bench.build sqlite:///bench/stores/100k.db 100000

Articles are drafted, revised, illustrated, sent back, approved, published (some
under embargo), corrected, retracted or spiked, each decision taken by `decide`
itself; the rows then go into the log in batches with their hash chain, as an
import would, and the projections are rebuilt.
"""

from __future__ import annotations

import hashlib
import io
import random
import struct
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from PIL import Image
from sqlalchemy import Connection, insert, update

from events import models as ev
from events import sshsig
from events.chain import GENESIS_HASH
from events.envelope import Metadata, NewEvent
from events.instants import occurred_at_text
from events.merkle import Frontier
from events.photo import Photo
from events.sql.engine import insert_rows, open_engine, write_transaction
from events.sql.schema import upgrade_log_schema
from events.sql.store import event_to_row
from events.sql.tables import commands_table, events_table, log_head, tree_nodes
from events.store import Place, chain_events
from projections.sql.runner import ensure_projection_schema, rebuild
from tests.support.keys import key_of
from workflow import commands as cmd
from workflow.article import Article, decide, evolve
from workflow.decider import When
from workflow.roles import Actor

STAFF = [
    ("umud", "chief"),
    ("aysel", "reporter"),
    ("rashad", "reporter"),
    ("kamran", "editor"),
    ("leyla", "editor"),
    ("scheduler", "scheduler"),
]
START = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
WORDS = [
    "Baku",
    "summit",
    "minister",
    "metro",
    "culture",
    "economy",
    "oil",
    "energy",
    "football",
    "council",
    "forum",
    "youth",
]
EMBARGO = timedelta(hours=1)


@dataclass(frozen=True)
class BenchSigner:
    """Signs as the store does, without checking each signature back: the keys are the
    tests' own (`tests.support.keys`), the same in every process."""

    name: str

    def sign(self, authored: bytes) -> str:
        return sshsig.sign(key_of(self.name), authored)


def staff_events() -> Iterator[tuple[str, str, ev.Event]]:
    for name, role in STAFF:
        key = sshsig.public_line(key_of(name).public_key())
        yield "staff", "umud", ev.StaffMemberAdded(name=name, role=role, public_key=key)


PHOTO_SIZE = (120, 80)


@cache
def _plain_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", PHOTO_SIZE, (40, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def photo_content(name: str) -> bytes:
    """A small real JPEG of its own for each photo (a comment segment names it), so the
    media folder can hold what the log records: `bench.site` writes these very bytes."""
    comment = name.encode()
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    plain = _plain_jpeg()
    return plain[:2] + segment + plain[2:]


def article_script(n: int, rng: random.Random) -> list[tuple[str, cmd.ArticleCommand]]:
    """The commands one article goes through: who does what, in order."""
    a = f"a{n:07d}"
    # Urgency, assignments and work left in progress draw from their own generator, so
    # the rest of every article's script is what it was before they existed.
    side = random.Random(n)
    reporter, editor = rng.choice(["aysel", "rashad"]), rng.choice(["kamran", "leyla"])
    headline = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
    steps: list[tuple[str, cmd.ArticleCommand]] = [
        (
            reporter,
            cmd.DraftArticle(
                article_id=a,
                headline=headline,
                category=rng.choice(["Politics", "Economy", "Sports", "Society"]),
                body="Text. " * rng.randint(20, 120),
                urgency=side.choice([None, None, None, None, 1, 2, 3, 5, 5, 8]),
            ),
        )
    ]
    if side.random() < 0.2:
        steps.append((editor, _assigned(a, reporter, "writing", "reporter")))
    if rng.random() < 0.5:
        steps.append(
            (
                reporter,
                cmd.ReviseArticle(article_id=a, body="Revised text. " * rng.randint(20, 120)),
            )
        )
    for p in range(rng.choice([0, 0, 1, 2, 3])):
        name = f"{a}-{p}.jpg"
        content = photo_content(name)
        digest = hashlib.sha256(content).hexdigest()
        photo = Photo(
            photo_id=digest[:12],
            file=name,
            sha256=digest,
            size=len(content),
            width=PHOTO_SIZE[0],
            height=PHOTO_SIZE[1],
            media_type="image/jpeg",
            caption="Caption",
            credit="Agency",
        )
        steps.append((reporter, cmd.AddPhoto(article_id=a, photo=photo)))
    if rng.random() < 0.1:
        steps.append((editor, cmd.SpikeArticle(article_id=a, reason="Not news")))
        return steps
    if side.random() < 0.03:
        return steps  # still being written
    steps.append((reporter, cmd.SubmitArticle(article_id=a)))
    if side.random() < 0.1:
        steps.append(("umud", _assigned(a, editor, "review", "editor")))
    if side.random() < 0.03:
        return steps  # waiting for review
    if rng.random() < 0.15:
        steps.append((editor, cmd.RequestChanges(article_id=a, reason="Needs a second source")))
        if side.random() < 0.2:
            return steps  # sent back, not yet revised
        steps += [
            (reporter, cmd.ReviseArticle(article_id=a, headline=headline + " (updated)")),
            (reporter, cmd.SubmitArticle(article_id=a)),
        ]
    steps.append((editor, cmd.ApproveArticle(article_id=a)))
    roll = rng.random()
    if roll < 0.1:
        steps += [
            (editor, cmd.PublishArticle(article_id=a, at=START + timedelta(days=3650))),
            ("scheduler", cmd.PublishDue(article_id=a)),
        ]
    elif roll < 0.95:
        steps.append((editor, cmd.PublishArticle(article_id=a)))
    else:
        return steps
    if rng.random() < 0.1:
        steps.append(
            (
                editor,
                cmd.CorrectArticle(
                    article_id=a, note="A name was misspelt", headline=headline + " (corrected)"
                ),
            )
        )
    if rng.random() < 0.03:
        steps.append(("umud", cmd.RetractArticle(article_id=a, reason="Source withdrew")))
    return steps


def _assigned(article_id: str, name: str, work: str, role: str) -> cmd.AssignArticle:
    fields = {"assignee": name, "work": work, "assignee_role": role}
    return cmd.AssignArticle.model_validate({"article_id": article_id, **fields})


def events(total: int, seed: int = 1) -> Iterator[tuple[str, str, ev.Event, datetime]]:
    """(stream, actor, event, when) for the staff, then article after article, `total` in all."""
    rng = random.Random(seed)
    roles = dict(STAFF)
    count, n = 0, 0
    clock = START
    for stream, actor, event in staff_events():
        count += 1
        yield stream, actor, event, clock
    while count < total:
        state: Article | None = None
        for actor, command in article_script(n, rng):
            clock += timedelta(seconds=rng.randint(5, 90))
            if isinstance(command, cmd.PublishArticle) and command.at is not None:
                command = command.model_copy(update={"at": clock + EMBARGO})
            if isinstance(command, cmd.PublishDue):
                clock += EMBARGO  # the scheduler's tick, once the embargo has passed
            now = clock
            for event in decide(command, state, Actor(actor, roles.get(actor)), When.at(now)):
                state = evolve(state, event, actor)
                count += 1
                yield f"article:{command.article_id}", actor, event, now
                if count >= total:
                    return
        n += 1


Source = Callable[[int], Iterator[tuple[str, str, ev.Event, datetime]]]


def build(url: str, total: int, batch_size: int = 20_000, source: Source | None = None) -> None:
    """A store of `total` events from `source` (by default `events`: every workflow)."""
    engine = open_engine(url, must_exist=False)
    with write_transaction(engine) as conn:
        upgrade_log_schema(conn)
        ensure_projection_schema(conn)
        position, previous, log_id = 0, GENESIS_HASH, ""
        versions: dict[str, int] = {}
        rows, commands = [], []
        tree, nodes = Frontier(), []
        for stream, actor, event, when in (source or events)(total):
            position += 1
            versions[stream] = versions.get(stream, 0) + 1
            command_id = str(uuid.UUID(int=position))
            metadata = Metadata(actor, command_id, command_id, command_id, role=dict(STAFF)[actor])
            stamp = occurred_at_text(when)
            place = Place(position - 1, previous, stamp, stamp, log_id)
            new = [NewEvent(event, metadata)]
            [recorded] = chain_events(new, stream, versions[stream] - 1, place, BenchSigner(actor))
            previous, log_id = recorded.hash, log_id or recorded.event_id
            rows.append(event_to_row(recorded))
            nodes += tree.append(bytes.fromhex(recorded.hash))
            commands.append(
                {
                    "command_id": command_id,
                    "command_name": "Bench",
                    "stream_id": stream,
                    "first_position": position,
                    "last_position": position,
                    "fingerprint": None,
                }
            )
            if len(rows) == batch_size:
                _write(conn, rows, commands, nodes)
                rows, commands, nodes = [], [], []
        _write(conn, rows, commands, nodes)
        last = occurred_at_text(when)
        head = {"position": position, "hash": previous, "recorded_at": last}
        conn.execute(update(log_head).values(**head, frontier=tree.text()))
    rebuild(engine)
    engine.dispose()


def _write(
    conn: Connection,
    rows: list[dict[str, Any]],
    commands: list[dict[str, Any]],
    nodes: list[tuple[int, int, bytes]],
) -> None:
    if rows:
        conn.execute(insert(events_table), rows)
        conn.execute(insert(commands_table), commands)
    insert_rows(conn, tree_nodes, nodes)


if __name__ == "__main__":
    build(sys.argv[1], int(sys.argv[2]))
