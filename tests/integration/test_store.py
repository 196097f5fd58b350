"""The store contract on SQLite and a real PostgreSQL server, and what only SQL stores do."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from events.chain import GENESIS_HASH, sealed_hash
from events.envelope import authored_of
from events.sql.engine import open_engine, write_transaction
from events.sql.schema import upgrade_log_schema
from events.sql.store import SqlEventStore
from tests.support.contract import StoreContract, append
from tests.support.stores import pg_schema_url

NOW = datetime(2024, 11, 14, 14, 8, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
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


class TestSqlStores(StoreContract):
    """`store` is the SQLite or PostgreSQL store of the module's fixture."""


def test_all_events_of_a_command_or_none(
    store: SqlEventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import events.sql.store as sql

    original = sql._insert

    def insert_then_crash(*args: object, **kwargs: object) -> None:
        original(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("power cut")

    monkeypatch.setattr(sql, "_insert", insert_then_crash)
    with pytest.raises(RuntimeError):
        append(store, "a", 3, 0, "c1")
    assert list(store.read_all()) == []
    assert store.head() == (0, GENESIS_HASH)


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
        assert recorded.signature is not None
        digest = sealed_hash(
            previous, recorded.global_position, authored_of(recorded), recorded.signature
        )
        assert digest == recorded.hash
        previous = recorded.hash
    assert store.head() == (4, previous)


def test_the_merkle_tree_grows_with_the_log_and_proves_every_event(store: SqlEventStore) -> None:
    from events import merkle

    for n in range(5):
        append(store, f"s{n}", n % 3 + 1, 0, f"c{n}")
    leaves = [bytes.fromhex(e.hash) for e in store.read_all()]
    with store.snapshot() as log:
        tree = log.tree()
        assert (tree.size, tree.root()) == (len(leaves), merkle.root_of(leaves))
        for index, leaf in enumerate(leaves):
            path = merkle.inclusion_path(index, tree.size, log.node_at)
            assert merkle.verify_inclusion(leaf, index, tree.size, path, tree.root())
        old = merkle.root_of(leaves[:4])
        proof = merkle.consistency_path(4, tree.size, log.node_at)
        assert merkle.verify_consistency(4, tree.size, old, tree.root(), proof)
