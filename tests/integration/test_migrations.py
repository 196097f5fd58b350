"""Schema upgrades: an old store is brought to the current revision without touching an event."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from cli.app import run
from events.catalog import SCHEMA_VERSIONS
from events.chain import GENESIS_HASH
from events.export import UNSIGNED_FIELDS
from events.sql.engine import open_engine, write_transaction
from events.sql.schema import alembic_config, upgrade_log_schema
from events.sql.store import SqlEventStore, event_to_row
from events.sql.tables import HEAD_REVISION, REVISIONS, events_table
from events.store import build_recorded
from tests.support.keys import key_file, public_of
from tests.support.stores import pg_schema_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def empty_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSROOM_NOW", "10:00 14.11.2024")
    monkeypatch.setenv("NEWSROOM_ACTOR", "umud")
    monkeypatch.setenv("NEWSROOM_KEY", str(key_file("umud")))
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
        monkeypatch.setenv("NEWSROOM_STORE", url)
        yield url
    else:
        with pg_schema_url() as url:
            monkeypatch.setenv("NEWSROOM_STORE", url)
            yield url


def rows(url: str, columns: tuple[str, ...] | None = None) -> list[tuple[object, ...]]:
    chosen = [events_table.c[name] for name in columns or events_table.c.keys()]
    engine = open_engine(url)
    with engine.connect() as conn:
        query = select(*chosen).order_by(events_table.c.global_position)
        found = [tuple(r) for r in conn.execute(query)]
    engine.dispose()
    return found


def set_revision(url: str, revision: str) -> None:
    engine = open_engine(url)
    with write_transaction(engine) as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_the_revisions_listed_in_code_are_the_shipped_migrations() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert [rev.revision for rev in reversed(list(script.walk_revisions()))] == list(REVISIONS)
    assert script.get_current_head() == HEAD_REVISION


def legacy_store(url: str) -> None:
    """A store as the first newsroom left it: schema 0001, its events unsigned."""
    engine = open_engine(url, must_exist=False)
    with write_transaction(engine) as conn:
        upgrade_log_schema(conn, to=REVISIONS[0])
        prev_hash = GENESIS_HASH
        events = [
            ("staff", "StaffMemberAdded", {"name": "umud", "role": "chief"}),
            ("article:kept", "ArticleDrafted", _old_draft()),
        ]
        for position, (stream, kind, data) in enumerate(events, start=1):
            metadata = {"actor": "umud", "role": "chief", "command_id": f"c{position}"}
            metadata |= {"correlation_id": f"c{position}", "causation_id": f"c{position}"}
            event = build_recorded(
                prev_hash=prev_hash,
                global_position=position,
                stream_id=stream,
                stream_version=1,
                event_id=str(uuid.uuid4()),
                event_type=kind,
                schema_version=SCHEMA_VERSIONS[kind],
                data=data,
                metadata=metadata,
                occurred_at=f"2024-11-13T0{position}:00:00.000000Z",
            )
            row = {name: value for name, value in event_to_row(event).items() if name in OLD}
            conn.execute(text(_insert(row)), row)
            prev_hash = event.hash
        conn.execute(text("UPDATE log_head SET position = 2, hash = :h"), {"h": prev_hash})
    engine.dispose()


OLD = UNSIGNED_FIELDS  # the columns of schema 0001, as exports from then have them


def _insert(row: dict[str, object]) -> str:
    return f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join(':' + n for n in row)})"


def _old_draft() -> dict[str, str]:
    return {
        "article_id": "kept",
        "headline": "Old news",
        "body": "",
        "category": "Archive",
        "language": "en",
        "byline": "umud",
    }


def test_an_old_store_is_upgraded_keeps_every_event_and_begins_signing(
    empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    legacy_store(empty_url)
    before = rows(empty_url, OLD)
    capsys.readouterr()

    assert run(["show", "kept"]) == 2
    assert "upgrade it with `newsroom init`" in capsys.readouterr().err
    assert run(["init", "--chief", "umud"]) == 0
    said = capsys.readouterr().out
    assert f"from schema revision {REVISIONS[0]} to {HEAD_REVISION}" in said
    assert "Signing begins with umud's key" in said
    assert rows(empty_url, OLD)[:2] == before
    assert run(["submit", "kept"]) == 0
    capsys.readouterr()
    assert run(["verify", "--json"]) == 0
    proof = json.loads(capsys.readouterr().out)
    assert (proof["signed_from"], proof["unsigned_events"], proof["events"]) == (3, 2, 5)
    assert (proof["deliveries"], proof["delivery_heads"]) == (0, {})  # the ledger starts empty
    assert run(["init"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_a_store_built_at_the_first_revision_takes_commands_after_upgrade(empty_url: str) -> None:
    engine = open_engine(empty_url, must_exist=False)
    with write_transaction(engine) as conn:
        upgrade_log_schema(conn, to=REVISIONS[0])
    engine.dispose()
    assert run(["init", "--chief", "umud"]) == 0
    aysel = ["staff", "add", "aysel", "--role", "reporter", "--public-key", public_of("aysel")]
    assert run(aysel) == 0
    store = SqlEventStore(open_engine(empty_url))
    assert [(e.event_type, e.data.get("name")) for e in store.read_stream("staff")] == [
        ("StaffMemberAdded", "umud"),
        ("LogKeyChanged", None),
        ("StaffMemberAdded", "aysel"),
    ]


def test_a_store_newer_than_this_code_is_refused(
    empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["init"]) == 0
    set_revision(empty_url, "9999")
    before = rows(empty_url)
    capsys.readouterr()
    for argv in (["ticker"], ["init"], ["draft", "--headline", "x", "--category", "y"]):
        assert run(argv) == 2
        assert "newer than this newsroom knows" in capsys.readouterr().err
    assert rows(empty_url) == before
