"""What someone holding the database file can append behind newsroom's back.

`append_raw` writes an event whose data nobody checked (any type, any field), signed
with its actor's own key and linked as the store links events, so only the model of
its type, or the places where its ids become paths, can tell it from a real act.
"""

from __future__ import annotations

import secrets
import sqlite3
import uuid
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any

from events.chain import canonical_json, salted_digest, sealed_hash
from events.envelope import RecordedEvent, authored_of
from events.merkle import Frontier
from events.signer import Signer
from events.sql.store import event_to_row
from tests.support.keys import key_of, public_of
from tests.support.stores import drop_append_only_guards


def append_raw(
    database: Path,
    stream: str,
    event_type: str,
    data: dict[str, Any],
    actor: str = "aysel",
    role: str = "reporter",
) -> RecordedEvent:
    with closing(sqlite3.connect(database)) as db, db:
        drop_append_only_guards(db.execute)
        position, head_hash, recorded_at = db.execute(
            "SELECT position, hash, recorded_at FROM log_head"
        ).fetchone()
        (version,) = db.execute(
            "SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = ?", (stream,)
        ).fetchone()
        (log_id,) = db.execute("SELECT event_id FROM events WHERE global_position = 1").fetchone()
        command_id, salt = str(uuid.uuid4()), secrets.token_hex(16)
        unsigned = RecordedEvent(
            global_position=position + 1,
            stream_id=stream,
            stream_version=version + 1,
            event_id=str(uuid.uuid4()),
            event_type=event_type,
            schema_version=1,
            data=data,
            metadata={
                "actor": actor,
                "role": role,
                "command": "Forged",
                "command_id": command_id,
                "correlation_id": command_id,
                "causation_id": command_id,
                "log": log_id,
            },
            occurred_at=recorded_at,
            prev_hash=head_hash,
            hash="",
            recorded_at=recorded_at,
            salt=salt,
            data_digest=salted_digest(salt, canonical_json(data)),
        )
        signature = Signer(actor, key_of(actor), public_of(actor)).sign(authored_of(unsigned))
        link = sealed_hash(head_hash, position + 1, authored_of(unsigned), signature)
        event = replace(unsigned, signature=signature, hash=link)
        row = event_to_row(event)
        columns = ", ".join(row)
        db.execute(
            f"INSERT INTO events ({columns}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        _move_head(db, event)
        return event


def _move_head(db: sqlite3.Connection, event: RecordedEvent) -> None:
    frontier, nodes = Frontier(), []
    for (link,) in db.execute("SELECT hash FROM events ORDER BY global_position").fetchall():
        nodes += frontier.append(bytes.fromhex(link))
    db.execute("DELETE FROM tree_nodes")
    db.executemany("INSERT INTO tree_nodes (level, idx, hash) VALUES (?, ?, ?)", nodes)
    db.execute(
        "UPDATE log_head SET position = ?, hash = ?, frontier = ?",
        (event.global_position, event.hash, frontier.text()),
    )


def publish_raw(database: Path, article_id: str, when: str) -> None:
    """An article drafted, submitted, approved and published, all appended raw."""
    stream = f"article:{article_id}"
    drafted = {
        "article_id": article_id,
        "headline": "Nothing to see",
        "body": "",
        "category": "Society",
        "language": "en",
        "byline": "aysel",
    }
    append_raw(database, stream, "ArticleDrafted", drafted)
    append_raw(database, stream, "ArticleSubmitted", {"article_id": article_id})
    append_raw(database, stream, "ArticleApproved", {"article_id": article_id}, "kamran", "editor")
    published = {
        "article_id": article_id,
        "published_at": when,
        "headline": "Nothing to see",
        "category": "Society",
        "language": "en",
    }
    append_raw(database, stream, "ArticlePublished", published, "kamran", "editor")
