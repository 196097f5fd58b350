"""Rich tables for people at a terminal: articles, history, the log, staff, hooks.

Every cell is a `Text` of inert text: rich never reads markup (`[/]`, `[bold]`) or
emoji codes in what the log says, and no character in it reaches the terminal live.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from cli.times import localise_times
from events.envelope import RecordedEvent
from events.inert import inert
from events.instants import display
from projections.article import ArticleView
from projections.history import HistoryEntry

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from delivery.deliver import DeadLetter
    from delivery.deliveries import Delivery


def console() -> Console:
    # Imported on use: rich costs a tenth of a second, and most commands print plain text.
    from rich.console import Console

    # Piped output keeps whole rows, so `grep` and `less` see one event per line.
    width = None if sys.stdout.isatty() else 200
    return Console(width=width, highlight=False, markup=False, emoji=False)


def new_table(*columns: str, title: str | None = None) -> Table:
    from rich.table import Table

    return Table(*columns, title=cell(title) if title is not None else None)


def add_row(table: Table, *cells: str) -> None:
    from rich.text import Text

    table.add_row(*(Text(inert(text)) for text in cells))


def cell(text: str) -> Text:
    from rich.text import Text

    return Text(inert(text))


def articles_table(views: Sequence[ArticleView], total: int, tz: ZoneInfo) -> None:
    table = new_table("ID", "Status", "Ver", "Urg", "Category", "Lang", "Headline", "Updated")
    for view in views:
        add_row(
            table,
            view.article_id,
            view.status,
            str(view.version),
            "" if view.urgency is None else str(view.urgency),
            view.category,
            view.language,
            view.headline,
            display(view.updated_at, tz),
        )
    out = console()
    out.print(table)
    if total > len(views):
        out.print(f"Showing {len(views)} of {total}; use --limit 0 to see all.")


def history_table(article_id: str, entries: Sequence[HistoryEntry], tz: ZoneInfo) -> None:
    table = new_table(
        "Ver", "Time", "Actor", "Role", "Event", "What and why", title=f"History of {article_id}"
    )
    for entry in entries:
        why = localise_times(entry.summary, tz) + (f" — “{entry.reason}”" if entry.reason else "")
        add_row(
            table,
            str(entry.stream_version),
            display(entry.occurred_at, tz),
            entry.actor,
            entry.role,
            entry.event_type,
            why,
        )
    console().print(table)


LOG_PAGE = 500


def act_time(record: RecordedEvent, tz: ZoneInfo) -> str:
    """When the act took effect, and when the store recorded it if that was another time."""
    when = display(record.occurred_at, tz)
    if record.recorded_at and record.recorded_at[:16] != record.occurred_at[:16]:
        when += f" (recorded {display(record.recorded_at, tz)})"
    return when


def log_tables(records: Iterable[RecordedEvent], tz: ZoneInfo) -> None:
    """The log as tables of `LOG_PAGE` rows, so a long log never sits in memory."""
    out = console()
    printed = False
    while page := list(itertools.islice(records, LOG_PAGE)):
        printed = True
        table = new_table("Pos", "Time", "Stream", "Ver", "Event", "Actor", "Hash")
        for record in page:
            add_row(
                table,
                str(record.global_position),
                act_time(record, tz),
                record.stream_id,
                str(record.stream_version),
                record.event_type,
                record.actor,
                record.hash[:12],
            )
        out.print(table)
    if not printed and sys.stdout.isatty():
        print("No events match.", file=sys.stderr)


def profiles_table(rows: Sequence[dict[str, Any]]) -> None:
    table = new_table("Profile", "Default", "Store", "Actor", "Key", "Zone")
    for row in rows:
        keys = ("store", "actor", "key", "tz")
        add_row(
            table, row["name"], "yes" if row["default"] else "", *(row.get(k, "—") for k in keys)
        )
    console().print(table)


def staff_table(rows: Sequence[dict[str, Any]]) -> None:
    table = new_table("Name", "Role", "Key")
    for row in rows:
        add_row(table, row["name"], row["role"], row["fingerprint"] or "—")
    console().print(table)


def hooks_table(rows: Sequence[dict[str, Any]]) -> None:
    table = new_table("Name", "On", "Target", "Secret", "Delivered up to", "Dead letters")
    for row in rows:
        target = f"{row['target_kind']}: {row['target']}"
        if row.get("env"):
            target += f" (given {', '.join(row['env'])})"
        secret = row["secret"] or "—"
        on = ", ".join(row["on"])
        add_row(
            table,
            row["name"],
            on,
            target,
            secret,
            f"#{row['checkpoint']}",
            str(row["dead_letters"]),
        )
    console().print(table)


def dead_letters_table(letters: Sequence[DeadLetter], tz: ZoneInfo) -> None:
    table = new_table("Hook", "Pos", "Event", "Attempts", "Failed at", "Last error")
    for letter in letters:
        add_row(
            table,
            letter.name,
            str(letter.global_position),
            letter.event_type,
            str(letter.attempts),
            display(letter.failed_at, tz),
            letter.error,
        )
    console().print(table)


def deliveries_table(
    article_id: str, found: Sequence[Delivery], counts: dict[str, int], tz: ZoneInfo
) -> None:
    table = new_table(
        "Hook",
        "Ver",
        "Event",
        "Status",
        "When",
        "Attempts",
        "Code",
        "Last error",
        title=f"Deliveries of {article_id}",
    )
    for line in found:
        event = line.event_type + (" (retraction notice)" if line.retraction_notice else "")
        status = line.status + (" on retry" if line.retry and line.status == "delivered" else "")
        add_row(
            table,
            line.hook if line.wired else f"{line.hook} (removed)",
            str(line.version),
            event,
            status,
            display(line.at, tz) if line.at else "—",
            str(line.attempts) if line.attempts else "—",
            "—" if line.code is None else str(line.code),
            line.error or "—",
        )
    out = console()
    out.print(table)
    out.print(", ".join(f"{n} {status}" for status, n in counts.items()) + ".")
