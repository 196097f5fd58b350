"""The event store port: what every backend of the log must do, and nothing more."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from events.envelope import NewEvent, RecordedEvent


@dataclass(frozen=True, slots=True)
class CommandRecord:
    """A command that has already been carried out: its id, what it was and what it wrote."""

    command_id: str
    command_name: str
    stream_id: str
    events: tuple[RecordedEvent, ...]
    fingerprint: str | None = None


@dataclass(frozen=True, slots=True)
class LogQuery:
    """Which events to read from the whole log; every bound is inclusive."""

    from_position: int = 1
    to_position: int | None = None
    stream_id: str | None = None
    stream_prefix: str | None = None
    event_types: tuple[str, ...] = ()
    since: str | None = None  # an `occurred_at` text, as `instants.occurred_at_text` writes it
    until: str | None = None


class DuplicateCommand(Exception):
    """Raised by `append` when the command id is already in the log; nothing was written."""

    def __init__(self, record: CommandRecord):
        super().__init__(record.command_id)
        self.record = record


class StreamLog(Protocol):
    """What a decision needs: read a stream, append to it. The store, or the store locked."""

    def read_stream(self, stream_id: str, to_version: int | None = None) -> list[RecordedEvent]:
        """The events of one stream in version order, optionally up to a version."""
        ...

    def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        *,
        now: datetime,
        command_id: str,
        command_name: str,
        fingerprint: str | None = None,
        fresh_id: bool = False,
    ) -> list[RecordedEvent]:
        """Append all `events` to `stream_id` atomically, or none.

        `expected_version` is the stream's version the events were decided against
        (0 for a new stream); any other current version raises `errors.Conflict`.
        A `command_id` already in the log raises `DuplicateCommand`; `fingerprint`
        (what the command asked for) is kept with the id to tell a true retry from a
        reused id; `fresh_id` says the caller made the id itself just now, so the
        store need not look for it. Positions are gapless and in commit order; each
        event extends the hash chain.
        """
        ...


class EventStore(StreamLog, Protocol):
    def locked(self) -> AbstractContextManager[StreamLog]:
        """The log under the store's write lock for one transaction.

        Reads inside see every committed event and no one else can append until
        it ends, so a decision taken inside can never conflict. Hold it no longer
        than one decision.
        """
        ...

    def read_all(
        self, from_position: int = 1, to_position: int | None = None, batch_size: int = 1000
    ) -> Iterator[RecordedEvent]:
        """Every event from a global position on, in order, fetched in batches."""
        ...

    def read_log(self, query: LogQuery, batch_size: int = 1000) -> Iterator[RecordedEvent]:
        """The events matching `query`, in position order, fetched in batches."""
        ...

    def locate(self, event_hash: str) -> int | None:
        """The position of the event with this hash, if the log holds one."""
        ...

    def head(self) -> tuple[int, str]:
        """The last global position and its hash (0 and the genesis hash when empty)."""
        ...

    def find_command(self, command_id: str) -> CommandRecord | None:
        """The command already carried out under this id, with its events."""
        ...
