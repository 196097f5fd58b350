"""What the folds read of one event: its type, its data (today's schema) and its envelope.

Projections fold plain JSON data rather than the pydantic models (a dict per article
is cheaper than a model per event), but every event is checked against its model
before it is folded: a log can be written by an import or by anyone holding the
database, and the folds (and the paths the site makes of ids) must never take on
trust what newsroom did not write. Readers of the projection tables fold nothing, so
`show` still never imports the event models.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, Protocol

from events.catalog import REDACTIONS_STREAM, article_of
from events.envelope import Placed
from events.errors import IntegrityFailure
from events.upcast import upcast

Data = dict[str, Any]


class Fact(NamedTuple):
    position: int
    stream_id: str
    version: int
    event_type: str
    data: Data
    metadata: Data
    occurred_at: str
    article_id: str | None  # None for events outside the article streams

    @property
    def actor(self) -> str:
        return str(self.metadata.get("actor", ""))


class Recorded(Placed, Protocol):
    """A recorded event as a fact is made of it: its place, its data, its metadata."""

    @property
    def data(self) -> Data: ...
    @property
    def metadata(self) -> Data: ...


# The columns `facts_from_rows` expects, in this order.
FACT_COLUMNS = (
    "global_position",
    "stream_id",
    "stream_version",
    "event_type",
    "schema_version",
    "data",
    "metadata",
    "occurred_at",
)


def checked_data(position: int, event_type: str, schema: int, data: Data | str) -> Data:
    """The event's data in today's schema, once its model accepts it (`IntegrityFailure`
    naming the position if not). `data` as stored: parsed, or its JSON text."""
    from events.models import event_at  # built on the first fold, never by readers

    stored = json.loads(data) if isinstance(data, str) else data
    current = upcast(event_type, schema, stored)
    # The stored text is checked as it is when no upcast changed it: no second encoding.
    event_at(position, event_type, data if current is stored else current)
    return current


def fact_of(record: Recorded) -> Fact:
    data = checked_data(
        record.global_position, record.event_type, record.schema_version, record.data
    )
    return Fact(
        record.global_position,
        record.stream_id,
        record.stream_version,
        record.event_type,
        data,
        record.metadata,
        record.occurred_at,
        article_named(record.stream_id, data),
    )


def article_named(stream_id: str, data: Data) -> str | None:
    """The article an event is about: its own stream's, or the one an erasure names."""
    if stream_id == REDACTIONS_STREAM:
        return str(data["article_id"])
    return article_of(stream_id)


def facts_of(records: Iterable[Recorded]) -> Iterator[Fact]:
    return (fact_of(record) for record in records)


def facts_from_rows(rows: Sequence[Sequence[Any]]) -> list[Fact]:
    """Facts from raw rows of FACT_COLUMNS, data and metadata still JSON text."""
    loads = json.loads
    facts = []
    for position, stream, version, event_type, schema, data, metadata, occurred_at in rows:
        checked = checked_data(int(position), event_type, int(schema), data)
        facts.append(
            Fact(
                int(position),
                stream,
                int(version),
                event_type,
                checked,
                _metadata(int(position), loads(metadata)),
                occurred_at,
                article_named(stream, checked),
            )
        )
    return facts


def _metadata(position: int, metadata: Any) -> Data:
    if not isinstance(metadata, dict):
        raise IntegrityFailure(
            f"The log is not intact at position {position}: its metadata is not an object; "
            "run `newsroom verify`."
        )
    return metadata
