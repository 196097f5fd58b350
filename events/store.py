"""The event store port: what every backend of the log must do, and nothing more."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from events.catalog import SCHEMA_VERSIONS
from events.chain import canonical_json, event_hash, salted_digest, sealed_hash
from events.envelope import NewEvent, RecordedEvent, authored_of, data_of
from events.errors import Conflict
from events.signer import Signer, Signs


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


class RawRow(NamedTuple):
    """One row of the log as stored; `data_json`/`metadata_json` are the stored text."""

    global_position: int
    stream_id: str
    stream_version: int
    event_id: str
    event_type: str
    schema_version: int
    data_json: str
    metadata_json: str
    occurred_at: str
    prev_hash: str
    hash: str
    recorded_at: str | None = None
    salt: str | None = None
    data_digest: str | None = None
    signature: str | None = None


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
        now: datetime | None,
        command_id: str,
        command_name: str,
        signer: Signer,
        fingerprint: str | None = None,
        fresh_id: bool = False,
    ) -> list[RecordedEvent]:
        """Append all `events` to `stream_id` atomically, or none.

        `now` is the acts' effective time when the clock is pinned (None: the store's
        clock, `recorded_now`). `signer` signs each event; a signature its registered
        key does not verify raises `PermissionDenied` and writes nothing.
        `expected_version` is the stream's version the events were decided against
        (0 for a new stream); any other current version raises `errors.Conflict`.
        A `command_id` already in the log raises `DuplicateCommand`; `fingerprint`
        (what the command asked for) is kept with the id to tell a true retry from a
        reused id; `fresh_id` says the caller made the id itself just now, so the
        store need not look for it. Positions are gapless and in commit order; each
        event extends the hash chain.
        """
        ...


class Transaction(StreamLog, Protocol):
    """The log under the store's write lock: a decision's reads, its clock and its append."""

    def recorded_now(self) -> datetime:
        """The store's clock for this transaction, never before the last event's
        `recorded_at`: what the next append records, and what embargoes are measured by."""
        ...

    def rewrite(self, position: int, data_json: str, salt: str) -> None:
        """Put new data and salt in the event at `position`, committed with the rest: an
        erasure a `RedactionConfirmed` appended in this transaction names. Nothing else
        of the event changes, so its hash, link and signature stay as they were."""
        ...


class AppendsUnderLock:
    """A store's own `append`: one decision-free transaction under its write lock."""

    def locked(self) -> AbstractContextManager[Transaction]:
        raise NotImplementedError

    def append(
        self, stream_id: str, events: Sequence[NewEvent], expected_version: int, **options: Any
    ) -> list[RecordedEvent]:
        with self.locked() as log:
            return log.append(stream_id, events, expected_version, **options)


class EventStore(StreamLog, Protocol):
    def locked(self) -> AbstractContextManager[Transaction]:
        """The log under the store's write lock for one transaction.

        Reads inside see every committed event and no one else can append until
        it ends, so a decision taken inside can never conflict. Hold it no longer
        than one decision.
        """
        ...

    def stream_version(self, stream_id: str) -> int:
        """The stream's last version; 0 for a stream with no events."""
        ...

    def read_all(
        self, from_position: int = 1, to_position: int | None = None, batch_size: int = 1000
    ) -> Iterator[RecordedEvent]:
        """Every event from a global position on, in order, fetched in batches."""
        ...

    def read_log(self, query: LogQuery, batch_size: int = 1000) -> Iterator[RecordedEvent]:
        """The events matching `query`, in position order, fetched in batches."""
        ...

    def position_at(self, occurred_at: str) -> int:
        """The end of the log as it stood at a moment: just before the first later event.

        A prefix, not a filter, so a log written under a clock set back (a backfill)
        still gives one consistent past to every view.
        """
        ...

    def head(self) -> tuple[int, str]:
        """The last global position and its hash (0 and the genesis hash when empty)."""
        ...

    def find_command(self, command_id: str) -> CommandRecord | None:
        """The command already carried out under this id, with its events."""
        ...


def refuse_unless_next(
    stream_id: str, expected: int, actual: int, existing: CommandRecord | None
) -> None:
    """What every backend checks before appending: the command id is new, and the stream
    is still at the version the events were decided against."""
    if existing is not None:
        raise DuplicateCommand(existing)
    if actual != expected:
        raise Conflict(
            f"{stream_id} is at version {actual}, not {expected}: someone "
            "else changed it first. Nothing was written.",
            stream_id=stream_id,
            expected=expected,
            actual=actual,
        )


@dataclass(frozen=True, slots=True)
class Place:
    """Where the next events go: after this position and hash, at these times, in the log
    whose first event has the id `log_id` ("" while the log is empty)."""

    position: int
    prev_hash: str
    occurred_at: str
    recorded_at: str
    log_id: str


def chain_events(
    events: Sequence[NewEvent], stream_id: str, version: int, place: Place, signer: Signs
) -> list[RecordedEvent]:
    """The new events as the log will hold them: numbered after `place` and `version`,
    each signed by `signer` and linked to the hash before it. What every backend does
    on append."""
    recorded = []
    prev_hash, log_id = place.prev_hash, place.log_id
    for offset, new in enumerate(events, start=1):
        data, salt = data_of(new), secrets.token_hex(16)
        event_id = str(uuid.uuid4())
        log_id = log_id or event_id  # the log is named by its first event
        unsigned = RecordedEvent(
            global_position=place.position + offset,
            stream_id=stream_id,
            stream_version=version + offset,
            event_id=event_id,
            event_type=new.event_type,
            schema_version=SCHEMA_VERSIONS[new.event_type],
            data=data,
            # Signed with the act: a copy into another newsroom's log is caught.
            metadata={**new.metadata.as_dict(), LOG_KEY: log_id},
            occurred_at=place.occurred_at,
            prev_hash=prev_hash,
            hash="",
            recorded_at=place.recorded_at,
            salt=salt,
            data_digest=salted_digest(salt, canonical_json(data)),
        )
        authored = authored_of(unsigned)
        signature = signer.sign(authored)
        link = sealed_hash(prev_hash, unsigned.global_position, authored, signature)
        event = replace(unsigned, signature=signature, hash=link)
        recorded.append(event)
        prev_hash = event.hash
    return recorded


LOG_KEY = "log"  # the metadata field naming the log an act was signed for


def later_of(clock: datetime, last_recorded: str | None) -> datetime:
    """The store's clock, held back to the last event's `recorded_at` if it has stepped back
    (NTP, a VM restored): the log's recorded times never go backwards."""
    if last_recorded is None:
        return clock
    last = datetime.fromisoformat(last_recorded.replace("Z", "+00:00"))
    return max(clock, last)


def build_recorded(*, prev_hash: str, **fields: Any) -> RecordedEvent:
    """A recorded event with its hash computed from its fields and the previous hash."""
    digest = event_hash(
        prev_hash,
        global_position=fields["global_position"],
        stream_id=fields["stream_id"],
        stream_version=fields["stream_version"],
        event_id=fields["event_id"],
        event_type=fields["event_type"],
        schema_version=fields["schema_version"],
        data_json=canonical_json(fields["data"]),
        metadata_json=canonical_json(fields["metadata"]),
        occurred_at=fields["occurred_at"],
    )
    return RecordedEvent(prev_hash=prev_hash, hash=digest, **fields)
