"""Schema upgrades: an old store is brought to the current revision without touching an event."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from cli.app import run
from events.sql.engine import open_engine, write_transaction
from events.sql.schema import alembic_config, upgrade_log_schema
from events.sql.store import SqlEventStore
from events.sql.tables import HEAD_REVISION, REVISIONS, events_table
from events.verify import Verified, verify_events
from tests.support.stores import pg_schema_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def empty_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSROOM_NOW", "10:00 14.11.2024")
    monkeypatch.setenv("NEWSROOM_ACTOR", "umud")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
        monkeypatch.setenv("NEWSROOM_STORE", url)
        yield url
    else:
        with pg_schema_url() as url:
            monkeypatch.setenv("NEWSROOM_STORE", url)
            yield url


def rows(url: str) -> list[tuple[object, ...]]:
    engine = open_engine(url)
    with engine.connect() as conn:
        found = [
            tuple(r)
            for r in conn.execute(select(events_table).order_by(events_table.c.global_position))
        ]
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


def test_an_old_store_is_upgraded_and_keeps_every_event(
    empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["init"]) == 0
    assert run(["draft", "--id", "kept", "--headline", "Old news", "--category", "Archive"]) == 0
    engine = open_engine(empty_url)
    with write_transaction(
        engine
    ) as conn:  # back to the first revision, as an old newsroom left it
        from alembic import command

        command.downgrade(alembic_config(conn), REVISIONS[0])
    engine.dispose()
    before = rows(empty_url)
    capsys.readouterr()

    assert run(["show", "kept"]) == 2
    assert "upgrade it with `newsroom init`" in capsys.readouterr().err
    assert run(["init"]) == 0
    assert f"from schema revision {REVISIONS[0]} to {HEAD_REVISION}" in capsys.readouterr().out
    assert rows(empty_url) == before
    store = SqlEventStore(open_engine(empty_url))
    assert isinstance(verify_events(store.read_all(), store.head()), Verified)
    assert run(["submit", "kept"]) == 0
    assert run(["init"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_a_store_built_at_the_first_revision_takes_commands_after_upgrade(empty_url: str) -> None:
    engine = open_engine(empty_url, must_exist=False)
    with write_transaction(engine) as conn:
        upgrade_log_schema(conn, to=REVISIONS[0])
    engine.dispose()
    assert run(["init", "--chief", "umud"]) == 0
    assert run(["staff", "add", "aysel", "--role", "reporter"]) == 0
    store = SqlEventStore(open_engine(empty_url))
    assert [e.data["name"] for e in store.read_stream("staff")] == ["umud", "aysel"]


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
