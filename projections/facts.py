"""What the folds read of one event: its type, its data (today's schema) and its envelope.

Projections fold plain JSON data rather than the pydantic models: the log is already
validated on the way in and its chain proves it unchanged, so replaying a million
events need not validate them again, and `show` need not import the event models.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, Protocol

from events.catalog import article_of
from events.envelope import Placed
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


def fact_of(record: Recorded) -> Fact:
    return Fact(
        record.global_position,
        record.stream_id,
        record.stream_version,
        record.event_type,
        upcast(record.event_type, record.schema_version, record.data),
        record.metadata,
        record.occurred_at,
        article_of(record.stream_id),
    )


def facts_of(records: Iterable[Recorded]) -> Iterator[Fact]:
    return (fact_of(record) for record in records)


def facts_from_rows(rows: Sequence[Sequence[Any]]) -> list[Fact]:
    """Facts from raw rows of FACT_COLUMNS, data and metadata still JSON text."""
    loads = json.loads
    return [
        Fact(
            int(position),
            stream,
            int(version),
            event_type,
            upcast(event_type, int(schema), loads(data)),
            loads(metadata),
            occurred_at,
            article_of(stream),
        )
        for position, stream, version, event_type, schema, data, metadata, occurred_at in rows
    ]
