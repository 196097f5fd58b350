"""Times as editors type and read them: ISO-8601 or the newsroom's `HH:MM DD.MM.YYYY`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from events.errors import BadInput

NEWSROOM_FORMAT = "%H:%M %d.%m.%Y"


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(
            f"Unknown time zone {name!r} in NEWSROOM_TZ (try Asia/Baku or UTC)."
        ) from None


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
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def display(iso_text: str, tz: ZoneInfo) -> str:
    """`HH:MM DD.MM.YYYY` in the newsroom's zone, from any stored ISO instant."""
    return local(iso_text, tz).strftime(NEWSROOM_FORMAT)


def local(iso_text: str, tz: ZoneInfo) -> datetime:
    return datetime.fromisoformat(iso_text.replace("Z", "+00:00")).astimezone(tz)


def localise_times(text: str, tz: ZoneInfo) -> str:
    """Replace each `{t:ISO}` in a stored summary by its `HH:MM DD.MM.YYYY` in `tz`."""
    import re

    return re.sub(r"\{t:([^}]+)\}", lambda m: display(m.group(1), tz), text)
