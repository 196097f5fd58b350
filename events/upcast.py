"""Upcasters: read an old stored event as the current schema, never rewriting the row.

Each step turns (event_type, version N) data into version N+1 data. Reading applies
the chain up to `catalog.SCHEMA_VERSIONS[event_type]`; the stored row and its hash
stay exactly as written, so the chain still verifies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Data = dict[str, Any]
Step = Callable[[Data], Data]


# Before the multilingual desks every article was written in English: a fact of old
# data, which no change of today's default language may alter.
V1_LANGUAGE = "en"


def _drafted_v1_to_v2(data: Data) -> Data:
    return {**data, "language": V1_LANGUAGE}


# (event_type, from_version) -> step producing from_version + 1
STEPS: dict[tuple[str, int], Step] = {
    ("ArticleDrafted", 1): _drafted_v1_to_v2,
}


def upcast(event_type: str, schema_version: int, data: Data) -> Data:
    version = schema_version
    while (step := STEPS.get((event_type, version))) is not None:
        data = step(data)
        version += 1
    return data
