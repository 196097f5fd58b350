"""How the log spells instants, and how editors type and read them.

Both stored spellings sort as text in time order; editors read and type the
newsroom's own `HH:MM DD.MM.YYYY` in its time zone, or ISO-8601.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from events.errors import BadInput

NEWSROOM_FORMAT = "%H:%M %d.%m.%Y"
# The years a time given to the newsroom may fall in: a news log's past and future, and far
# from the ends of Python's calendar, where a change of zone overflows.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def occurred_at_text(moment: datetime) -> str:
    """An envelope's `occurred_at`: UTC with microseconds and `Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def utc_iso(moment: datetime) -> str:
    """A time inside event data (publication, embargo): UTC to the second, `+00:00`."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_time(text: str, tz: ZoneInfo, what: str = "time") -> datetime:
    """An aware datetime; a time without an offset is read in the newsroom's zone."""
    cleaned = text.strip()
    try:
        moment = datetime.strptime(cleaned, NEWSROOM_FORMAT)
    except ValueError:
        try:
            moment = datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
        except ValueError:
            raise BadInput(
                f"{what} {text!r} is not a time: use ISO-8601 (2024-11-14T18:08+04:00) "
                "or HH:MM DD.MM.YYYY (18:08 14.11.2024)."
            ) from None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise BadInput(
            f"{what} {text!r} is in the year {moment.year}: a time must fall in the years "
            f"{EARLIEST_YEAR} to {LATEST_YEAR}."
        )
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def display(iso_text: str, tz: ZoneInfo) -> str:
    """`HH:MM DD.MM.YYYY` in the newsroom's zone, from any stored ISO instant."""
    return local(iso_text, tz).strftime(NEWSROOM_FORMAT)


def local(iso_text: str, tz: ZoneInfo) -> datetime:
    return datetime.fromisoformat(iso_text.replace("Z", "+00:00")).astimezone(tz)
