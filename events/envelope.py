"""The envelope around an event: who, when, where in the log, and its link in the chain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from events.chain import authored_bytes, canonical_json
from events.upcast import upcast

if TYPE_CHECKING:
    from events.models import Event


@dataclass(frozen=True, slots=True)
class Metadata:
    """Why an event exists: the person, the command and its causal chain."""

    actor: str
    command_id: str
    correlation_id: str
    causation_id: str
    reason: str | None = None
    role: str | None = None
    command: str | None = None  # the command's name, e.g. ApproveArticle
    extra: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "actor": self.actor,
            "command_id": self.command_id,
            "correlation_id": self.correlation_id,
            "causation_id": self.causation_id,
        }
        if self.reason is not None:
            out["reason"] = self.reason
        if self.role is not None:
            out["role"] = self.role
        if self.command is not None:
            out["command"] = self.command
        out.update(self.extra)
        return out


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event decided but not yet in the log."""

    event: Event
    metadata: Metadata

    @property
    def event_type(self) -> str:
        return self.event.event_type


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """An event as the log holds it. `data` is as stored; `event()` upcasts and decodes it."""

    global_position: int
    stream_id: str
    stream_version: int
    event_id: str
    event_type: str
    schema_version: int
    data: dict[str, Any]
    metadata: dict[str, Any]
    occurred_at: str
    prev_hash: str
    hash: str
    # Signed events (schema 0005 on); None on events from before signing began.
    recorded_at: str | None = None
    salt: str | None = None
    data_digest: str | None = None
    signature: str | None = None
    _decoded: Event | None = field(default=None, init=False, repr=False, compare=False)

    def event(self) -> Event:
        """The event as today's model (upcast if stored in an older schema), decoded once."""
        if self._decoded is None:
            # Imported here: building the models is the dearest import, and readers of
            # the projections never decode an event.
            from events.models import event_at

            data = upcast(self.event_type, self.schema_version, self.data)
            decoded = event_at(self.global_position, self.event_type, data)
            object.__setattr__(self, "_decoded", decoded)
            return decoded
        return self._decoded

    @property
    def data_json(self) -> str:
        return canonical_json(self.data)

    @property
    def metadata_json(self) -> str:
        return canonical_json(self.metadata)

    @property
    def actor(self) -> str:
        return str(self.metadata.get("actor", ""))

    def as_dict(self) -> dict[str, Any]:
        """The envelope as JSON-ready data: the shape `log --json`, hooks and export use."""
        return {
            "global_position": self.global_position,
            "stream_id": self.stream_id,
            "stream_version": self.stream_version,
            "event_id": self.event_id,
            "event_type": self.event_type,
            "schema_version": self.schema_version,
            "occurred_at": self.occurred_at,
            "actor": self.actor,
            "data": self.data,
            "metadata": self.metadata,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
            "recorded_at": self.recorded_at,
            "salt": self.salt,
            "data_digest": self.data_digest,
            "signature": self.signature,
        }


class Placed(Protocol):
    """Where an event stands in the log and what it is: what every reader of it needs."""

    @property
    def global_position(self) -> int: ...
    @property
    def stream_id(self) -> str: ...
    @property
    def stream_version(self) -> int: ...
    @property
    def event_type(self) -> str: ...
    @property
    def schema_version(self) -> int: ...
    @property
    def occurred_at(self) -> str: ...


class Authored(Placed, Protocol):
    """A signed event's fields as stored: what its signature and its link cover."""

    @property
    def event_id(self) -> str: ...
    @property
    def metadata_json(self) -> str: ...
    @property
    def recorded_at(self) -> str | None: ...
    @property
    def data_digest(self) -> str | None: ...
    @property
    def signature(self) -> str | None: ...


def authored_of(event: Authored) -> bytes:
    """The bytes the actor signed (only for a signed event: it has a digest and a clock)."""
    assert event.data_digest is not None and event.recorded_at is not None
    return authored_bytes(
        stream_id=event.stream_id,
        stream_version=event.stream_version,
        event_id=event.event_id,
        event_type=event.event_type,
        schema_version=event.schema_version,
        data_digest=event.data_digest,
        metadata_json=event.metadata_json,
        occurred_at=event.occurred_at,
        recorded_at=event.recorded_at,
    )


def data_of(new: NewEvent) -> dict[str, Any]:
    from events.models import event_data

    return event_data(new.event)
