"""One contract for the event store, proved on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from events import models as ev
from events.chain import GENESIS_HASH
from events.db import open_engine, write_transaction
from events.envelope import Metadata, NewEvent
from events.errors import Conflict
from events.migrate import upgrade_log_schema
from events.portable import FIELDS
from events.sql import SqlEventStore, build_recorded
from events.store import DuplicateCommand
from tests.stores import pg_schema_url

NOW = datetime(2024, 11, 14, 14, 8, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        yield from _ready(f"sqlite:///{tmp_path / 'store.db'}")
    else:
        with pg_schema_url() as url:
            yield from _ready(url)


def _ready(url: str) -> Iterator[Engine]:
    engine = open_engine(url, must_exist=False)
    with write_transaction(engine) as conn:
        upgrade_log_schema(conn)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: Engine) -> SqlEventStore:
    return SqlEventStore(engine)


def submitted(article_id: str, actor: str = "aysel") -> NewEvent:
    return NewEvent(ev.ArticleSubmitted(article_id=article_id), Metadata(actor, "c", "c", "c"))


def append(
    store: SqlEventStore, stream: str, count: int, expected: int, command_id: str
) -> list[int]:
    events = [submitted(stream) for _ in range(count)]
    recorded = store.append(
        stream, events, expected, now=NOW, command_id=command_id, command_name="Test"
    )
    return [r.global_position for r in recorded]


def test_append_assigns_gapless_positions_and_stream_versions(store: SqlEventStore) -> None:
    assert append(store, "a", 2, 0, "c1") == [1, 2]
    assert append(store, "b", 1, 0, "c2") == [3]
    assert append(store, "a", 3, 2, "c3") == [4, 5, 6]
    assert [e.stream_version for e in store.read_stream("a")] == [1, 2, 3, 4, 5]
    assert [e.global_position for e in store.read_all()] == [1, 2, 3, 4, 5, 6]
    assert store.head()[0] == 6


def test_a_stale_expected_version_is_a_conflict_and_writes_nothing(store: SqlEventStore) -> None:
    append(store, "a", 2, 0, "c1")
    before = store.head()
    with pytest.raises(Conflict) as raised:
        append(store, "a", 1, 1, "c2")
    assert (raised.value.expected, raised.value.actual) == (1, 2)
    assert store.head() == before
    assert store.find_command("c2") is None


def test_all_events_of_a_command_or_none(
    store: SqlEventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import events.sql as sql

    original = sql._insert

    def insert_then_crash(*args: object, **kwargs: object) -> None:
        original(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("power cut")

    monkeypatch.setattr(sql, "_insert", insert_then_crash)
    with pytest.raises(RuntimeError):
        append(store, "a", 3, 0, "c1")
    assert list(store.read_all()) == []
    assert store.head() == (0, GENESIS_HASH)


def test_a_repeated_command_id_writes_nothing_and_returns_the_first_events(
    store: SqlEventStore,
) -> None:
    first = append(store, "a", 2, 0, "same")
    with pytest.raises(DuplicateCommand) as raised:
        append(store, "a", 1, 2, "same")
    assert [e.global_position for e in raised.value.record.events] == first
    record = store.find_command("same")
    assert record is not None and record.stream_id == "a"
    assert store.head()[0] == 2


def test_read_stream_up_to_a_version(store: SqlEventStore) -> None:
    append(store, "a", 4, 0, "c1")
    assert [e.stream_version for e in store.read_stream("a", to_version=2)] == [1, 2]
    assert store.read_stream("missing") == []


def test_read_all_streams_in_batches(store: SqlEventStore, engine: Engine) -> None:
    append(store, "a", 10, 0, "c1")
    queries: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    reader = store.read_all(from_position=2, batch_size=3)
    assert next(reader).global_position == 2
    assert len([q for q in queries if "FROM events" in q]) == 1  # only the first page was read
    assert [e.global_position for e in reader] == list(range(3, 11))
    assert len([q for q in queries if "FROM events" in q]) == 4


def test_every_event_links_to_the_previous_hash(store: SqlEventStore) -> None:
    append(store, "a", 2, 0, "c1")
    append(store, "b", 2, 0, "c2")
    previous = GENESIS_HASH
    for recorded in store.read_all():
        assert recorded.prev_hash == previous
        fields = {k: getattr(recorded, k) for k in FIELDS if k not in ("hash", "prev_hash")}
        assert build_recorded(prev_hash=previous, **fields).hash == recorded.hash
        previous = recorded.hash
    assert store.head() == (4, previous)


def test_concurrent_writers_on_one_stream_never_both_win(store: SqlEventStore) -> None:
    append(store, "a", 1, 0, "c0")
    outcomes: list[str] = []

    def writer(n: int) -> None:
        try:
            append(store, "a", 1, 1, f"w{n}")
            outcomes.append("won")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "won"]
    assert [e.global_position for e in store.read_all()] == [1, 2]
