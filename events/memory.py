"""The event store in memory: the same contract as SQLite and PostgreSQL, and no I/O.

For the fast test tier, and for any tool that needs a log without a database. One
lock stands for the store's write lock; a locked transaction stages its appends
and publishes them only when it ends without an error, so a command is all or none.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

from events.chain import GENESIS_HASH
from events.envelope import NewEvent, RecordedEvent
from events.instants import occurred_at_text
from events.merkle import Frontier, leaf_hash
from events.signer import Signer
from events.store import (
    AppendsUnderLock,
    CommandRecord,
    LogQuery,
    Place,
    chain_events,
    later_of,
    refuse_unless_next,
)


class MemoryEventStore(AppendsUnderLock):
    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._events: list[RecordedEvent] = []
        self._commands: dict[str, CommandRecord] = {}
        self._lock = threading.RLock()
        self.clock = clock  # the store's clock: what `recorded_at` is taken from
        self.frontier = Frontier()
        self.nodes: dict[tuple[int, int], bytes] = {}

    @contextmanager
    def locked(self) -> Iterator[MemoryTransaction]:
        with self._lock:
            transaction = MemoryTransaction(self._events, self._commands, self.clock)
            yield transaction
            for position, (data_json, salt) in transaction.rewritten.items():
                self._events[position - 1] = rewritten(self._events[position - 1], data_json, salt)
            self._events.extend(transaction.staged)
            self._commands.update(transaction.commands)
            for event in transaction.staged:
                completed = self.frontier.append(bytes.fromhex(event.hash))
                self.nodes.update({(lv, ix): h for lv, ix, h in completed})

    def node_at(self, level: int, index: int) -> bytes:
        if level == 0:
            return leaf_hash(bytes.fromhex(self._committed()[index].hash))
        return self.nodes[(level, index)]

    def read_stream(self, stream_id: str, to_version: int | None = None) -> list[RecordedEvent]:
        return _stream(self._committed(), stream_id, to_version)

    def stream_version(self, stream_id: str) -> int:
        events = self.read_stream(stream_id)
        return events[-1].stream_version if events else 0

    def read_all(
        self, from_position: int = 1, to_position: int | None = None, batch_size: int = 1000
    ) -> Iterator[RecordedEvent]:
        return self.read_log(LogQuery(from_position, to_position), batch_size)

    def read_log(self, query: LogQuery, batch_size: int = 1000) -> Iterator[RecordedEvent]:
        start = max(query.from_position, 1) - 1
        return (event for event in self._committed()[start:] if _matches(query, event))

    def position_at(self, recorded_at: str) -> int:
        events = self._committed()
        later = next((e.global_position for e in events if _recorded(e) > recorded_at), None)
        return later - 1 if later is not None else len(events)

    def head(self) -> tuple[int, str]:
        events = self._committed()
        return (events[-1].global_position, events[-1].hash) if events else (0, GENESIS_HASH)

    def find_command(self, command_id: str) -> CommandRecord | None:
        with self._lock:
            return self._commands.get(command_id)

    def _committed(self) -> list[RecordedEvent]:
        """A copy of the list as committed: readers never see a transaction half done."""
        with self._lock:
            return list(self._events)


class MemoryTransaction:
    """The log under the lock: reads see what is committed and what this one appended."""

    def __init__(
        self,
        committed: list[RecordedEvent],
        commands: dict[str, CommandRecord],
        clock: Callable[[], datetime],
    ):
        self.committed, self.known = committed, commands
        self.staged: list[RecordedEvent] = []
        self.commands: dict[str, CommandRecord] = {}
        self.clock = clock
        self._recorded: datetime | None = None
        self.rewritten: dict[int, tuple[str, str]] = {}

    def rewrite(self, position: int, data_json: str, salt: str) -> None:
        self.rewritten[position] = (data_json, salt)

    def recorded_now(self) -> datetime:
        if self._recorded is None:
            last = (self.staged or self.committed)[-1:]
            self._recorded = later_of(self.clock(), last[0].recorded_at if last else None)
        return self._recorded

    def read_stream(self, stream_id: str, to_version: int | None = None) -> list[RecordedEvent]:
        return _stream([*self.committed, *self.staged], stream_id, to_version)

    def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        *,
        now: datetime | None,
        command_id: str,
        command_name: str,
        signer: Signer,
        fingerprint: str | None = None,
        fresh_id: bool = False,
    ) -> list[RecordedEvent]:
        existing = self.known.get(command_id) or self.commands.get(command_id)
        stream = self.read_stream(stream_id)
        actual = stream[-1].stream_version if stream else 0
        refuse_unless_next(stream_id, expected_version, actual, existing)
        last = (self.staged or self.committed)[-1:]
        position, prev_hash = (last[0].global_position, last[0].hash) if last else (0, GENESIS_HASH)
        recorded_at = occurred_at_text(self.recorded_now())
        occurred_at = occurred_at_text(now) if now is not None else recorded_at
        first = (self.committed or self.staged)[:1]
        place = Place(
            position, prev_hash, occurred_at, recorded_at, first[0].event_id if first else ""
        )
        recorded = chain_events(events, stream_id, actual, place, signer)
        if recorded:
            self.staged.extend(recorded)
            self.commands[command_id] = CommandRecord(
                command_id, command_name, stream_id, tuple(recorded), fingerprint
            )
        return recorded


def rewritten(event: RecordedEvent, data_json: str, salt: str) -> RecordedEvent:
    return replace(event, data=json.loads(data_json), salt=salt)


def _stream(
    events: Sequence[RecordedEvent], stream_id: str, to_version: int | None
) -> list[RecordedEvent]:
    return [
        e
        for e in events
        if e.stream_id == stream_id and (to_version is None or e.stream_version <= to_version)
    ]


def _recorded(event: RecordedEvent) -> str:
    """When the store wrote it; events from before 0005 count as written when they say."""
    return event.recorded_at or event.occurred_at


def _matches(query: LogQuery, event: RecordedEvent) -> bool:
    """The same bounds as the SQL store's `WHERE`, every one inclusive."""
    return (
        (query.to_position is None or event.global_position <= query.to_position)
        and (query.stream_id is None or event.stream_id == query.stream_id)
        and (query.stream_prefix is None or event.stream_id.startswith(query.stream_prefix))
        and (not query.event_types or event.event_type in query.event_types)
        and (query.since is None or event.occurred_at >= query.since)
        and (query.until is None or event.occurred_at <= query.until)
    )
