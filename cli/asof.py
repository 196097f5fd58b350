"""`--as-of T`: a moment (ISO-8601 or HH:MM DD.MM.YYYY) or `#POSITION` in the log."""

from __future__ import annotations

from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from cli.timefmt import parse_time
from events.envelope import RecordedEvent
from events.errors import BadInput
from events.instants import occurred_at_text
from events.sql import SqlEventStore
from events.store import LogQuery


@dataclass(frozen=True, slots=True)
class AsOf:
    """The log up to a position: every past view is a prefix of the log."""

    position: int | None = None
    label: str = ""

    def narrow(self, query: LogQuery) -> LogQuery:
        return replace(query, to_position=self.position)

    def holds(self, record: RecordedEvent) -> bool:
        return self.position is None or record.global_position <= self.position


def parse_as_of(text: str, tz: ZoneInfo, store: SqlEventStore) -> AsOf:
    """`#POSITION` as given; a time, as the position the log had reached by then."""
    cleaned = text.strip()
    if cleaned.startswith("#"):
        digits = cleaned[1:]
        if not digits.isdigit() or int(digits) < 1:
            raise BadInput(
                f"--as-of {text!r}: a log position is # and a number from 1 up, like #1200."
            )
        return AsOf(position=int(digits), label=f"position #{digits}")
    try:
        moment = parse_time(cleaned, tz, "--as-of")
    except BadInput as exc:
        raise BadInput(f"{str(exc).removesuffix('.')}, or a log position like #1200.") from None
    return AsOf(position=store.position_at(occurred_at_text(moment)), label=cleaned)
