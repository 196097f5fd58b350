"""One contract for the event store: every backend (memory, SQLite, PostgreSQL) passes it.

A backend's test class subclasses `StoreContract` and provides the `store` fixture.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from events import models as ev
from events.chain import GENESIS_HASH
from events.envelope import Metadata, NewEvent, authored_of
from events.errors import Conflict, PermissionDenied
from events.instants import occurred_at_text
from events.signer import Signer
from events.sshsig import NAMESPACE, verify
from events.store import DuplicateCommand, EventStore, LogQuery
from events.verify import Verified, verify_events
from tests.support.keys import key_of, public_of

NOW = datetime(2024, 11, 14, 14, 8, tzinfo=UTC)
SIGNER = Signer("aysel", key_of("aysel"), public_of("aysel"))


def submitted(article_id: str, actor: str = "aysel") -> NewEvent:
    return NewEvent(ev.ArticleSubmitted(article_id=article_id), Metadata(actor, "c", "c", "c"))


def append(
    store: EventStore,
    stream: str,
    count: int,
    expected: int,
    command_id: str,
    now: datetime | None = NOW,
    signer: Signer = SIGNER,
) -> list[int]:
    events = [submitted(stream) for _ in range(count)]
    recorded = store.append(
        stream,
        events,
        expected,
        now=now,
        command_id=command_id,
        command_name="Test",
        signer=signer,
    )
    return [r.global_position for r in recorded]


class StoreContract:
    def test_append_assigns_gapless_positions_and_stream_versions(self, store: EventStore) -> None:
        assert append(store, "a", 2, 0, "c1") == [1, 2]
        assert append(store, "b", 1, 0, "c2") == [3]
        assert append(store, "a", 3, 2, "c3") == [4, 5, 6]
        assert [e.stream_version for e in store.read_stream("a")] == [1, 2, 3, 4, 5]
        assert [e.global_position for e in store.read_all()] == [1, 2, 3, 4, 5, 6]
        assert (store.head()[0], store.stream_version("a"), store.stream_version("z")) == (6, 5, 0)

    def test_a_stale_expected_version_is_a_conflict_and_writes_nothing(
        self, store: EventStore
    ) -> None:
        append(store, "a", 2, 0, "c1")
        before = store.head()
        with pytest.raises(Conflict) as raised:
            append(store, "a", 1, 1, "c2")
        assert (raised.value.expected, raised.value.actual) == (1, 2)
        assert store.head() == before
        assert store.find_command("c2") is None

    def test_a_repeated_command_id_writes_nothing_and_returns_the_first_events(
        self, store: EventStore
    ) -> None:
        first = append(store, "a", 2, 0, "same")
        with pytest.raises(DuplicateCommand) as raised:
            append(store, "a", 1, 2, "same")
        assert [e.global_position for e in raised.value.record.events] == first
        record = store.find_command("same")
        assert record is not None and record.stream_id == "a"
        assert store.head()[0] == 2

    def test_read_stream_up_to_a_version(self, store: EventStore) -> None:
        append(store, "a", 4, 0, "c1")
        assert [e.stream_version for e in store.read_stream("a", to_version=2)] == [1, 2]
        assert store.read_stream("missing") == []

    def test_every_event_links_to_the_previous_hash(self, store: EventStore) -> None:
        append(store, "a", 2, 0, "c1")
        append(store, "b", 2, 0, "c2")
        result = verify_events(store.read_all(), store.head())
        assert isinstance(result, Verified) and result.events == 4
        assert next(e.prev_hash for e in store.read_all()) == GENESIS_HASH

    def test_the_log_is_read_by_stream_type_position_and_time(self, store: EventStore) -> None:
        append(store, "article:a", 2, 0, "c1")
        append(store, "staff", 1, 0, "c2", now=NOW + timedelta(hours=1))
        append(store, "article:b", 2, 0, "c3", now=NOW + timedelta(hours=2))

        def positions(**bounds: object) -> list[int]:
            return [e.global_position for e in store.read_log(LogQuery(**bounds))]  # type: ignore[arg-type]

        assert positions(stream_prefix="article:") == [1, 2, 4, 5]
        assert positions(stream_id="staff") == [3]
        assert positions(from_position=2, to_position=4) == [2, 3, 4]
        assert positions(event_types=("ArticleDrafted",)) == []
        later = occurred_at_text(NOW + timedelta(minutes=30))
        assert positions(since=later) == [3, 4, 5]
        assert positions(until=later) == [1, 2]

    def test_the_past_is_a_prefix_of_the_log_by_the_store_clock(self, store: EventStore) -> None:
        append(store, "a", 2, 0, "c1", now=NOW + timedelta(days=9))  # a pinned clock
        time.sleep(0.002)
        append(store, "a", 1, 2, "c2", now=None)
        first, _, last = (e.recorded_at or "" for e in store.read_all())
        assert store.position_at("2000-01-01T00:00:00.000000Z") == 0
        assert store.position_at(first) == 2
        assert store.position_at(last) == 3

    def test_the_store_clock_stamps_unpinned_acts_and_never_goes_back(
        self, store: EventStore
    ) -> None:
        append(store, "a", 1, 0, "c1", now=NOW)
        append(store, "a", 2, 1, "c2", now=None)
        pinned, *unpinned = store.read_all()
        assert pinned.occurred_at == occurred_at_text(NOW) != pinned.recorded_at
        assert all(e.occurred_at == e.recorded_at for e in unpinned)
        times = [e.recorded_at or "" for e in store.read_all()]
        assert times == sorted(times) and times[0] > occurred_at_text(NOW)

    def test_every_event_is_signed_by_its_signer_over_what_they_authored(
        self, store: EventStore
    ) -> None:
        append(store, "a", 2, 0, "c1")
        for event in store.read_all():
            assert event.signature is not None
            verify(event.signature, authored_of(event), key_of("aysel").public_key(), NAMESPACE)
        result = verify_events(store.read_all(), store.head())
        assert isinstance(result, Verified) and result.signed_from == 1

    def test_a_signature_the_registered_key_refuses_writes_nothing(self, store: EventStore) -> None:
        append(store, "a", 1, 0, "c1")
        before = store.head()
        impostor = Signer("aysel", key_of("kamran"), public_of("aysel"))
        with pytest.raises(PermissionDenied, match="not aysel's registered key"):
            append(store, "a", 1, 1, "c2", signer=impostor)
        assert store.head() == before and store.find_command("c2") is None
        assert store.stream_version("a") == 1

    def test_a_decision_under_the_lock_sees_its_own_appends(self, store: EventStore) -> None:
        with store.locked() as log:
            log.append(
                "a", [submitted("a")], 0, now=NOW, command_id="c1", command_name="T", signer=SIGNER
            )
            assert [e.stream_version for e in log.read_stream("a")] == [1]
            log.append(
                "a", [submitted("a")], 1, now=NOW, command_id="c2", command_name="T", signer=SIGNER
            )
        assert store.head()[0] == 2

    def test_a_failure_under_the_lock_writes_nothing(self, store: EventStore) -> None:
        with pytest.raises(RuntimeError), store.locked() as log:
            log.append(
                "a", [submitted("a")], 0, now=NOW, command_id="c1", command_name="T", signer=SIGNER
            )
            raise RuntimeError("power cut")
        assert list(store.read_all()) == [] and store.head() == (0, GENESIS_HASH)
        assert store.find_command("c1") is None

    def test_concurrent_writers_on_one_stream_never_both_win(self, store: EventStore) -> None:
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
