"""Times as the command line takes and shows them, beyond the log's own spellings."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from cli.options import whole_number
from events.catalog import POSITION_MAX
from events.errors import BadInput
from events.instants import display, occurred_at_text, parse_time
from events.store import EventStore
from projections.past import AsOf

_INSTANT = re.compile(r"\{t:([^}]+)\}")


def localise_times(text: str, tz: ZoneInfo) -> str:
    """Replace each `{t:ISO}` in a stored summary by its `HH:MM DD.MM.YYYY` in `tz`."""
    return _INSTANT.sub(lambda m: display(m.group(1), tz), text)


def parse_as_of(text: str, tz: ZoneInfo, store: EventStore) -> AsOf:
    """`--as-of`: `#POSITION` as given; a time, as the position the log had reached by then."""
    cleaned = text.strip()
    if cleaned.startswith("#"):
        position = whole_number(cleaned[1:])
        if position is None or not 1 <= position <= POSITION_MAX:
            raise BadInput(
                f"--as-of {text!r}: a log position is # and a number from 1 to "
                f"{POSITION_MAX}, like #1200."
            )
        return AsOf(position=position, label=f"position #{position}")
    try:
        moment = parse_time(cleaned, tz, "--as-of")
    except BadInput as exc:
        raise BadInput(f"{str(exc).removesuffix('.')}, or a log position like #1200.") from None
    return AsOf(position=store.position_at(occurred_at_text(moment)), label=cleaned)
