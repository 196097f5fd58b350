"""How the log spells instants. Both spellings sort as text in time order."""

from __future__ import annotations

from datetime import UTC, datetime


def occurred_at_text(moment: datetime) -> str:
    """An envelope's `occurred_at`: UTC with microseconds and `Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def utc_iso(moment: datetime) -> str:
    """A time inside event data (publication, embargo): UTC to the second, `+00:00`."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()
