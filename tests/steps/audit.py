"""Step definitions for the auditor's features: time travel, verification, export and import.

Tampering steps play someone with write access to the database file who bypasses
newsroom: they edit `<workdir>/newsroom.db` directly with Python's sqlite3 module.
The rest drive the real CLI, like the steps in `tests/steps/common.py`, and share its scene.
"""

from __future__ import annotations

import json
import shlex
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from pytest_bdd import given, then

from events.catalog import SCHEMA_VERSIONS
from events.chain import GENESIS_HASH, canonical_json, salted_digest, sealed_hash
from events.envelope import RecordedEvent, authored_of
from events.export import FIELDS, TRAILER
from events.instants import occurred_at_text
from events.merkle import Frontier
from events.signer import Signer
from events.sql.engine import open_engine, write_transaction
from events.sql.schema import upgrade_log_schema
from events.sql.store import SqlEventStore, event_to_row
from events.sql.tables import REVISIONS
from events.store import build_recorded
from tests.steps.common import Scene, instant, quoted, step
from tests.support.cli import Result
from tests.support.keys import key_of, public_of
from tests.support.stores import drop_append_only_guards

EVENT_COLUMNS = FIELDS  # the log's columns are the export's fields
EXPORT_CLOSING = TRAILER


# --- the database, as someone who bypasses newsroom sees it ---------------------------


@contextmanager
def database(scene: Scene) -> Iterator[sqlite3.Connection]:
    """The store's SQLite file, opened behind newsroom's back; committed on success."""
    path = scene.cli.workdir / "newsroom.db"
    assert path.is_file(), f"no store at {path}"
    with closing(sqlite3.connect(path)) as db, db:
        drop_append_only_guards(db.execute)
        yield db


def stored_event(db: sqlite3.Connection, position: int) -> RecordedEvent:
    row = db.execute(
        f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE global_position = ?", (position,)
    ).fetchone()
    assert row is not None, f"no event at position {position}"
    fields = dict(zip(EVENT_COLUMNS, row, strict=True))
    fields["data"], fields["metadata"] = json.loads(fields["data"]), json.loads(fields["metadata"])
    return RecordedEvent(**fields)


def last_position(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT MAX(global_position) FROM events").fetchone()[0] or 0)


def edited_data(event: RecordedEvent, old: str, new: str) -> dict[str, Any]:
    """The event's data with the text `old` replaced by `new` (it must be there)."""
    text = json.dumps(event.data, ensure_ascii=False)
    assert old in text, f"{old!r} is not in the data of position {event.global_position}: {text}"
    return dict(json.loads(text.replace(old, new)))


def resealed(event: RecordedEvent, prev_hash: str, **changes: Any) -> RecordedEvent:
    """The signed event with `changes`, its salted digest and its link recomputed after
    `prev_hash` as the store computes them, its signature kept: all a forger without the
    actor's key can do."""
    changed = replace(event, **changes)
    assert changed.salt is not None and changed.signature is not None, "an unsigned event"
    digest = salted_digest(changed.salt, canonical_json(changed.data))
    changed = replace(changed, data_digest=digest, prev_hash=prev_hash)
    link = sealed_hash(prev_hash, changed.global_position, authored_of(changed), changed.signature)
    return replace(changed, hash=link)


def signed_anew(event: RecordedEvent, prev_hash: str, signer: str, **changes: Any) -> RecordedEvent:
    """The event with `changes`, signed again with `signer`'s own key and linked after
    `prev_hash`: what a forger holding that key can make."""
    unsigned = resealed(event, prev_hash, **changes)
    signature = Signer(signer, key_of(signer), public_of(signer)).sign(authored_of(unsigned))
    return resealed(unsigned, prev_hash, signature=signature)


def relinked_from(db: sqlite3.Connection, forged: RecordedEvent) -> RecordedEvent:
    """Every event after `forged` linked to it anew (their signatures still hold: a
    signature covers what was authored, not the links); the log head moved to the last."""
    for later in range(forged.global_position + 1, last_position(db) + 1):
        forged = resealed(stored_event(db, later), forged.hash)
        rewrite(db, forged)
    set_head(db, forged.global_position, forged.hash)
    return forged


def rewrite(db: sqlite3.Connection, event: RecordedEvent, at: int | None = None) -> None:
    """Overwrite the row at `at` (default: the event's own position) with `event`."""
    row = event_to_row(event)
    assignments = ", ".join(f"{column} = ?" for column in row)
    where = event.global_position if at is None else at
    cursor = db.execute(
        f"UPDATE events SET {assignments} WHERE global_position = ?", [*row.values(), where]
    )
    assert cursor.rowcount == 1


def insert(db: sqlite3.Connection, event: RecordedEvent) -> None:
    row = event_to_row(event)
    db.execute(
        f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    )


def set_head(db: sqlite3.Connection, position: int, head_hash: str) -> None:
    """The head moved, and the Merkle tree regrown over the events as they now stand: a
    forger who writes the database rewrites the tree too."""
    assert db.execute("UPDATE log_head SET position = ?, hash = ?", (position, head_hash)).rowcount
    frontier, nodes = Frontier(), []
    for (link,) in db.execute("SELECT hash FROM events ORDER BY global_position").fetchall():
        nodes += frontier.append(bytes.fromhex(link))
    db.execute("DELETE FROM tree_nodes")
    db.executemany("INSERT INTO tree_nodes (level, idx, hash) VALUES (?, ?, ?)", nodes)
    db.execute("UPDATE log_head SET frontier = ?", (frontier.text(),))


# --- Given: tampering with the log ------------------------------------------------------


@given(
    step(
        'someone has edited the event at position {position:d} in the database, changing "{old}" to "{new}"'
    )
)
def _(scene: Scene, position: int, old: str, new: str) -> None:
    with database(scene) as db:
        event = stored_event(db, position)
        data = canonical_json(edited_data(event, old, new))
        db.execute("UPDATE events SET data = ? WHERE global_position = ?", (data, position))


@given(
    step(
        'someone has edited the event at position {position:d} in the database, changing "{old}" to "{new}", and recomputed every hash from there on and the log head'
    )
)
def _(scene: Scene, position: int, old: str, new: str) -> None:
    """Its salted digest and every link: all but the signature, which needs the actor's key."""
    with database(scene) as db:
        event = stored_event(db, position)
        forged = resealed(event, event.prev_hash, data=edited_data(event, old, new))
        rewrite(db, forged)
        relinked_from(db, forged)


@given(
    step(
        "someone holding {signer:Name}'s key has edited the event at position {position:d} in "
        'the database, changing "{old}" to "{new}", signed it again, and recomputed its hash'
    )
)
def _(scene: Scene, signer: str, position: int, old: str, new: str) -> None:
    with database(scene) as db:
        event = stored_event(db, position)
        rewrite(db, signed_anew(event, event.prev_hash, signer, data=edited_data(event, old, new)))


@given(
    step(
        "someone holding {signer:Name}'s key has edited the event at position {position:d} in "
        'the database, changing "{old}" to "{new}", signed it again, and recomputed every hash '
        "from there on and the log head"
    )
)
def _(scene: Scene, signer: str, position: int, old: str, new: str) -> None:
    with database(scene) as db:
        event = stored_event(db, position)
        forged = signed_anew(event, event.prev_hash, signer, data=edited_data(event, old, new))
        rewrite(db, forged)
        relinked_from(db, forged)


@given(step("someone has deleted the event at position {position:d} from the database"))
def _(scene: Scene, position: int) -> None:
    with database(scene) as db:
        deleted = db.execute("DELETE FROM events WHERE global_position = ?", (position,))
        assert deleted.rowcount == 1, f"no event at position {position}"


@given("someone has deleted the last event from the database and moved the log head back")
def _(scene: Scene) -> None:
    with database(scene) as db:
        last = last_position(db)
        db.execute("DELETE FROM events WHERE global_position = ?", (last,))
        previous = stored_event(db, last - 1)
        set_head(db, previous.global_position, previous.hash)


@given(
    step(
        "someone has swapped the positions of the events at {first:d} and {second:d} in the database"
    )
)
def _(scene: Scene, first: int, second: int) -> None:
    with database(scene) as db:
        move = "UPDATE events SET global_position = ? WHERE global_position = ?"
        db.execute(move, (-1, first))
        db.execute(move, (first, second))
        db.execute(move, (second, -1))


@given("someone has changed the log head's hash in the database, keeping its position")
def _(scene: Scene) -> None:
    with database(scene) as db:
        position, head_hash = db.execute("SELECT position, hash FROM log_head").fetchone()
        forged = ("1" if head_hash[0] == "0" else "0") + head_hash[1:]
        set_head(db, position, forged)


@given(
    step(
        "someone holding {signer:Name}'s key has appended a copy of the event at position "
        '{position:d} to the database, changing "{old}" to "{new}", as their own act, signed '
        "and linked to the last event but behind the log head's back"
    )
)
def _(scene: Scene, signer: str, position: int, old: str, new: str) -> None:
    command_id = str(uuid.uuid4())
    now = occurred_at_text(instant(scene.cli.now))
    with database(scene) as db:
        model, last = stored_event(db, position), stored_event(db, last_position(db))
        version = db.execute(
            "SELECT MAX(stream_version) FROM events WHERE stream_id = ?", (model.stream_id,)
        ).fetchone()[0]
        ids = {"command_id": command_id, "correlation_id": command_id, "causation_id": command_id}
        insert(
            db,
            signed_anew(
                model,
                last.hash,
                signer,
                global_position=last.global_position + 1,
                stream_version=version + 1,
                event_id=str(uuid.uuid4()),
                data=edited_data(model, old, new),
                metadata={**model.metadata, "actor": signer, **ids},
                occurred_at=now,
                recorded_at=now,
            ),
        )


@given(
    step(
        'someone has changed the ticker headline of article {article_id:Id} to "{headline}" in the database'
    )
)
def _(scene: Scene, article_id: str, headline: str) -> None:
    with database(scene) as db:
        changed = db.execute(
            "UPDATE proj_ticker SET headline = ? WHERE article_id = ?", (headline, article_id)
        )
        assert changed.rowcount == 1, f"{article_id} is not on the ticker"


# --- Given: a store from before signing, and an event from before today's schema ----


def _store_url(scene: Scene, db: str) -> str:
    return f"sqlite:///{scene.cli.workdir / db}"


def _legacy(
    position: int, prev_hash: str, stream: str, version: int, kind: str, **fields: Any
) -> RecordedEvent:
    """An event as a newsroom from before signing wrote it: no clock of the store's own,
    no salt, no digest, no signature; its hash over its fields as then."""
    command_id = str(uuid.uuid4())
    metadata = {
        "command_id": command_id,
        "correlation_id": command_id,
        "causation_id": command_id,
        **fields.pop("metadata"),
    }
    return build_recorded(
        prev_hash=prev_hash,
        global_position=position,
        stream_id=stream,
        stream_version=version,
        event_id=str(uuid.uuid4()),
        event_type=kind,
        metadata=metadata,
        **fields,
    )


def _append_legacy(conn: Any, event: RecordedEvent) -> None:
    row = {name: value for name, value in event_to_row(event).items() if value is not None}
    names = ", ".join(row)
    conn.exec_driver_sql(
        f"INSERT INTO events ({names}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
    )
    conn.exec_driver_sql(
        "UPDATE log_head SET position = ?, hash = ?", (event.global_position, event.hash)
    )


@given(
    step(
        'a store "{db}" that an older newsroom wrote before signing began, with '
        "{chief:Name} as its chief and {reporter:Name} as a reporter"
    )
)
def _(scene: Scene, db: str, chief: str, reporter: str) -> None:
    """At the first schema revision, as the first newsroom left it: its staff unsigned."""
    engine = open_engine(_store_url(scene, db), must_exist=False)
    chief_said = {"actor": chief, "role": "chief"}
    with write_transaction(engine) as conn:
        upgrade_log_schema(conn, to=REVISIONS[0])
        prev_hash = GENESIS_HASH
        for version, (name, role) in enumerate([(chief, "chief"), (reporter, "reporter")], 1):
            event = _legacy(
                version,
                prev_hash,
                "staff",
                version,
                "StaffMemberAdded",
                schema_version=SCHEMA_VERSIONS["StaffMemberAdded"],
                data={"name": name, "role": role},
                metadata=chief_said,
                occurred_at=f"2024-11-13T0{version}:00:00.000000Z",
            )
            _append_legacy(conn, event)
            prev_hash = event.hash
    engine.dispose()


@given(
    step(
        'the store "{db}" holds an ArticleDrafted event of schema version 1, written before articles had a language, for article {article_id:Id} headlined "{headline}" by {person:Name}'
    )
)
def _(scene: Scene, db: str, article_id: str, headline: str, person: str) -> None:
    """Appended as an older newsroom wrote it: no `language` in its data, a correct hash."""
    engine = open_engine(_store_url(scene, db))
    with write_transaction(engine) as conn:
        position, head_hash = conn.exec_driver_sql("SELECT position, hash FROM log_head").one()
        event = _legacy(
            position + 1,
            head_hash or GENESIS_HASH,
            f"article:{article_id}",
            1,
            "ArticleDrafted",
            schema_version=1,
            data={
                "article_id": article_id,
                "headline": headline,
                "category": "Society",
                "body": "Written before the multilingual desks.",
                "byline": person,
            },
            metadata={"actor": person, "role": "reporter"},
            occurred_at="2024-11-13T09:00:00.000000Z",
        )
        _append_legacy(conn, event)
    engine.dispose()


@given(
    step(
        "someone has appended to the database an unsigned event, written the way a newsroom "
        'wrote events before signing began: ArticleDrafted for article {article_id:Id} headlined "{headline}" by {person:Name}'
    )
)
def _(scene: Scene, article_id: str, headline: str, person: str) -> None:
    with database(scene) as db:
        position, head_hash = db.execute("SELECT position, hash FROM log_head").fetchone()
        now = occurred_at_text(instant(scene.cli.now))
        event = _legacy(
            position + 1,
            head_hash,
            f"article:{article_id}",
            1,
            "ArticleDrafted",
            schema_version=SCHEMA_VERSIONS["ArticleDrafted"],
            data={
                "article_id": article_id,
                "headline": headline,
                "category": "Society",
                "body": "",
                "language": "en",
                "byline": person,
            },
            metadata={"actor": person, "role": "reporter"},
            occurred_at=now,
        )
        insert(db, event)
        set_head(db, event.global_position, event.hash)


# --- Given: the log's head, as an auditor notes it ------------------------------------


@given(step("{person:Name} has run `verify` and noted its head as ${name:Field}"))
def _(scene: Scene, person: str, name: str) -> None:
    printed = scene.given("verify", person).out
    heads = [
        line.removeprefix("Head: ") for line in printed.splitlines() if line.startswith("Head: ")
    ]
    assert len(heads) == 1, f"no head in {printed!r}"
    scene.noted[name] = heads[0]


# --- Given: damaged export files ---------------------------------------------------------


def _lines(scene: Scene, file: str) -> list[str]:
    return (scene.cli.workdir / file).read_text(encoding="utf-8").splitlines(keepends=True)


def _write_lines(scene: Scene, file: str, lines: list[str]) -> None:
    (scene.cli.workdir / file).write_text("".join(lines), encoding="utf-8")


@given(step('someone has changed "{old}" to "{new}" in line {number:d} of "{file}"'))
def _(scene: Scene, old: str, new: str, number: int, file: str) -> None:
    lines = _lines(scene, file)
    assert old in lines[number - 1], f"{old!r} is not in line {number}: {lines[number - 1]}"
    lines[number - 1] = lines[number - 1].replace(old, new)
    _write_lines(scene, file, lines)


@given(step('"{file}" has been cut off in the middle of line {number:d}'))
def _(scene: Scene, file: str, number: int) -> None:
    lines = _lines(scene, file)
    _write_lines(
        scene, file, [*lines[: number - 1], lines[number - 1][: len(lines[number - 1]) // 2]]
    )


@given(step('the last {count:d} lines of "{file}" have been dropped'))
def _(scene: Scene, count: int, file: str) -> None:
    _write_lines(scene, file, _lines(scene, file)[:-count])


@given(step('line {number:d} of "{file}" has been deleted'))
def _(scene: Scene, number: int, file: str) -> None:
    lines = _lines(scene, file)
    del lines[number - 1]
    _write_lines(scene, file, lines)


@given(step('an empty file "{name}"'))
def _(scene: Scene, name: str) -> None:
    (scene.cli.workdir / name).write_bytes(b"")


# --- Then: what the auditor is told -----------------------------------------------------


def _event_at(scene: Scene, position: int) -> RecordedEvent:
    found = [e for e in scene.log() if e.global_position == position]
    assert found, f"no event at position {position}"
    return found[0]


@then("the output gives the log's head as the position and hash of its last event")
def _(scene: Scene, result: Result) -> None:
    last = scene.log()[-1]
    assert f"\nHead: {last.global_position}:{last.hash}\n" in result.out, result.out


@then(step("the JSON output's head_hash is the hash of the event at position {position:d}"))
def _(scene: Scene, result: Result, position: int) -> None:
    assert result.json()["head_hash"] == _event_at(scene, position).hash


@then(step("the JSON output has against ${name:Field}"))
def _(scene: Scene, result: Result, name: str) -> None:
    assert result.json()["against"] == scene.noted[name]


@then(step("the JSON output lists the events at positions {positions}"))
def _(result: Result, positions: str) -> None:
    listed = [e["global_position"] for e in result.json()["events"]]
    wanted = [int(p) for p in positions.replace(" and ", ", ").split(", ")]
    assert listed == wanted, f"listed {listed}, not {wanted}"


@then(step('the error says the log is not intact at position {position:d}: "{kind}"'))
def _(result: Result, position: int, kind: str) -> None:
    sentence = f"The log is not intact at position {position}: {kind} ("
    assert result.err.startswith(f"newsroom: {sentence}"), f"{sentence!r} not in {result.err!r}"


@then(step("the error says the log is not intact at position {position:d}"))
def _(result: Result, position: int) -> None:
    sentence = f"The log is not intact at position {position}: "
    assert result.err.startswith(f"newsroom: {sentence}"), f"{sentence!r} not in {result.err!r}"


@then(step("the output is the same as what `{command}` prints"))
def _(scene: Scene, result: Result, command: str) -> None:
    now = scene.cli.line(scene.command(command))
    assert now.code == 0, now.err
    assert result.out == now.out, f"as of:\n{result.out}\ntoday:\n{now.out}"


@then(step("the JSON output's changes are {fields}"))
def _(result: Result, fields: str) -> None:
    changes = result.json()["changes"]
    assert sorted(changes) == sorted(quoted(fields)), f"the changes are {sorted(changes)}"


@then(step('the JSON output changes {name:Field} from "{old}" to "{new}"'))
def _(result: Result, name: str, old: str, new: str) -> None:
    change = result.json()["changes"][name]
    assert (change["from"], change["to"]) == (old, new), change


@then(step("the JSON output's photo changes added {added} and removed {removed}"))
def _(scene: Scene, result: Result, added: str, removed: str) -> None:
    change = result.json()["changes"]["photos"]
    assert change["added"] == [scene.photo_id(f) for f in quoted(added)], change
    assert change["removed"] == [scene.photo_id(f) for f in quoted(removed)], change


@then(
    step(
        'the store "{db}" still holds the ArticleDrafted event of article {article_id:Id} as written: schema version 1, with no language'
    )
)
def _(scene: Scene, db: str, article_id: str) -> None:
    engine = open_engine(_store_url(scene, db))
    try:
        drafted = [
            e
            for e in SqlEventStore(engine).read_all()
            if e.stream_id == f"article:{article_id}" and e.event_type == "ArticleDrafted"
        ]
    finally:
        engine.dispose()
    assert [(e.schema_version, "language" in e.data) for e in drafted] == [(1, False)], drafted


@then(step('the ticker projection still reads "{headline}" for article {article_id:Id}'))
def _(scene: Scene, headline: str, article_id: str) -> None:
    with database(scene) as db:
        row = db.execute(
            "SELECT headline FROM proj_ticker WHERE article_id = ?", (article_id,)
        ).fetchone()
    assert row == (headline,), row


# --- Then: exports and imports ----------------------------------------------------------


def _export_lines(text: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The envelopes of an export and its closing line; every line is one JSON object."""
    assert text.endswith("\n"), "the export does not end with a newline"
    items = [json.loads(line) for line in text.splitlines()]
    *envelopes, closing_line = items
    assert list(closing_line) == [EXPORT_CLOSING], f"no closing line: {closing_line}"
    for envelope in envelopes:
        assert sorted(envelope) == sorted(EVENT_COLUMNS), sorted(envelope)
    return envelopes, closing_line[EXPORT_CLOSING]


def _check_export(scene: Scene, text: str, first: int, last: int) -> None:
    envelopes, closing_data = _export_lines(text)
    wanted = [e for e in scene.log() if first <= e.global_position <= last]
    assert envelopes == [{c: getattr(e, c) for c in EVENT_COLUMNS} for e in wanted]
    assert closing_data == {
        "events": len(wanted),
        "first_position": first,
        "last_position": last,
        "last_hash": wanted[-1].hash,
    }, closing_data


@then("the output is JSON Lines: every event of the log in commit order, then the closing line")
def _(scene: Scene, result: Result) -> None:
    _check_export(scene, result.out, 1, scene.log()[-1].global_position)


@then(
    step(
        "the output is JSON Lines: the events at positions {first:d} to {last:d}, then the closing line"
    )
)
def _(scene: Scene, result: Result, first: int, last: int) -> None:
    _check_export(scene, result.out, first, last)


@then(step('the command succeeds, saying on stderr "{note}"'))
def _(result: Result, note: str) -> None:
    assert result.code == 0, f"exit {result.code}: {result.err}"
    assert result.out == "", result.out
    assert result.err == note + "\n", result.err


@then(step('the file "{file}" holds exactly what `{command}` prints'))
def _(scene: Scene, file: str, command: str) -> None:
    printed = scene.cli.ok(command).out
    assert (scene.cli.workdir / file).read_text(encoding="utf-8") == printed


def _on_store(scene: Scene, db: str, command: str) -> Result:
    url = f"sqlite:///{scene.cli.workdir / db}"
    result = scene.cli.run(*shlex.split(command), "--store", url)
    assert result.code == 0, f"`{command}` on {db}: {result.err}"
    return result


@then(step('exporting the store "{db}" gives "{file}" byte for byte'))
def _(scene: Scene, db: str, file: str) -> None:
    exported = _on_store(scene, db, "export").out.encode("utf-8")
    assert exported == (scene.cli.workdir / file).read_bytes()


@then(step('the store "{db}" prints what the newsroom\'s own store prints for:'))
def _(scene: Scene, db: str, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    assert header == ["command"], header
    for (command,) in rows:
        original = scene.cli.ok(command).out
        assert _on_store(scene, db, command).out == original, f"`{command}` differs"


@then(step('there is no store "{db}"'))
def _(scene: Scene, db: str) -> None:
    left = [p.name for p in Path(scene.cli.workdir).glob(f"{db}*")]
    assert not left, f"import left {left}"


@then(step('the file "{name}" is still empty'))
def _(scene: Scene, name: str) -> None:
    leftovers = sorted(p.name for p in scene.cli.workdir.glob(f"{name}?*"))
    assert (scene.cli.workdir / name).read_bytes() == b"" and not leftovers, leftovers
