"""Text and JSON output. Human text is for reading; `--json` shapes are the README's."""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from cli.times import localise_times
from events.catalog import BREAKING_UP_TO, PUBLISHED, RETRACTED
from events.envelope import RecordedEvent
from events.inert import inert, inert_json
from events.instants import display, local
from projections.article import ArticleView
from projections.history import HistoryEntry, summarise
from projections.ticker import TickerItem

if TYPE_CHECKING:
    from workflow.service import Outcome


def json_text(data: Any, indent: int | None = None) -> str:
    """Exact JSON, safe on a terminal: every character that could steer it is escaped."""
    return inert_json(json.dumps(data, ensure_ascii=False, indent=indent))


def print_json(data: Any) -> None:
    sys.stdout.write(json_text(data, indent=2) + "\n")


def warn(message: str) -> None:
    """A warning on stderr, one line, after work that was done all the same."""
    print(f"newsroom: warning: {inert(message)}", file=sys.stderr)


def outcome_data(outcome: Outcome) -> dict[str, Any]:
    return {
        "article_id": outcome.article_id,
        "version": outcome.version,
        "status": outcome.status,
        "replayed": outcome.replayed,
        "events": [event.as_dict() for event in outcome.events],
    }


def outcome_text(outcome: Outcome, tz: ZoneInfo) -> str:
    subject = f"Article {inert(outcome.article_id)}" if outcome.article_id else "Staff"
    lines = [
        f"{subject}: {inert(summarise(event.event_type, event.data))}" for event in outcome.events
    ]
    state = f"  now {outcome.status}, version {outcome.version}" if outcome.article_id else ""
    prefix = "Already done (same command id): " if outcome.replayed else ""
    return localise_times(prefix + "\n".join(lines) + ("\n" + state if state else ""), tz)


def article_text(view: ArticleView, tz: ZoneInfo) -> str:
    """The article as the seed page prints it, then its photos, notes and workflow facts.

    Every field is shown inert; only the body keeps its own line breaks and tabs.
    """
    parts = [inert(view.headline), "", _dateline(view, tz), ""]
    if view.body.strip():
        parts += [inert(view.body.strip(), lines=True), ""]
    if view.photos:
        parts.append("Photos")
        parts += [_photo_line(n, photo) for n, photo in enumerate(view.photos, start=1)]
        parts.append("")
    parts += [inert(note) for note in _notes(view, tz)]
    if parts[-1] != "":
        parts.append("")
    if view.notes:
        parts.append("Internal notes (never published)")
        parts += [inert(f"  {display(n.at, tz)} {n.by}: {n.text}") for n in view.notes]
        parts.append("")
    facts = (view.article_id, view.status, f"version {view.version}", view.language)
    parts.append(inert("— " + " · ".join(facts) + f" · by {view.byline}"))
    return "\n".join(parts)


def _notes(view: ArticleView, tz: ZoneInfo) -> list[str]:
    notes = _work_notes(view) + [
        f"Correction {display(note.at, tz)}: {note.text}" for note in view.corrections
    ]
    if view.changes_requested:
        asked = view.changes_requested
        notes.append(f"Changes requested by {asked.by}: {asked.text}")
    if view.retraction:
        note = view.retraction
        notes.append(f"Retracted {display(note.at, tz)} by {note.by}: {note.text}")
    if view.spike:
        notes.append(
            f"Spiked by {view.spike.by}" + (f": {view.spike.text}" if view.spike.text else "")
        )
    notes += [
        f"Removed {display(note.at, tz)} by court order (confirmed by {note.by}): {note.text}"
        for note in view.removals
    ]
    return notes


def _dateline(view: ArticleView, tz: ZoneInfo) -> str:
    category = inert(view.category)
    if view.published_at and view.status in (PUBLISHED, RETRACTED):
        return f"{category} {display(view.published_at, tz)}"
    if view.publish_at:
        return f"{category} (embargoed until {display(view.publish_at, tz)})"
    return f"{category} ({view.status.replace('_', ' ')})"


def _photo_line(number: int, photo: Any) -> str:
    described = " — ".join(part for part in (photo.caption, photo.credit) if part)
    tail = f"  {described}" if described else ""
    return inert(f"{number}. {photo.file} [{photo.photo_id}] {photo.width}×{photo.height}{tail}")


def _work_notes(view: ArticleView) -> list[str]:
    """Urgency and who the article is assigned to, shown only once they are given."""
    notes = []
    if view.urgency is not None:
        breaking = " (breaking)" if view.urgency <= BREAKING_UP_TO else ""
        notes.append(f"Urgency {view.urgency}{breaking}")
    if view.writer:
        notes.append(f"Assigned to {view.writer} for writing")
    if view.reviewer:
        notes.append(f"Assigned to {view.reviewer} for review")
    return notes


def article_data(view: ArticleView) -> dict[str, Any]:
    return view.to_doc()


def ticker_text(items: Iterable[TickerItem], tz: ZoneInfo) -> str:
    return "".join(f"{inert(item.headline)}\n{display(item.published_at, tz)}\n" for item in items)


def ticker_data(items: Iterable[TickerItem], tz: ZoneInfo) -> dict[str, Any]:
    return {
        "items": [
            {
                "article_id": item.article_id,
                "headline": item.headline,
                "category": item.category,
                "language": item.language,
                "published_at": local(item.published_at, tz).isoformat(),
                "display_time": display(item.published_at, tz),
            }
            for item in items
        ]
    }


def history_data(
    entries: Sequence[HistoryEntry], records: Sequence[RecordedEvent]
) -> dict[str, Any]:
    by_position = {record.global_position: record for record in records}
    return {
        "events": [
            {
                **by_position[entry.global_position].as_dict(),
                "role": entry.role,
                "reason": entry.reason,
                "summary": entry.summary,
            }
            for entry in entries
        ]
    }


def stream_json_events(
    records: Iterable[RecordedEvent], after: Callable[[], dict[str, Any]] = dict
) -> None:
    """`{"events": [...], ...}` written one event at a time; `after`'s keys follow them,
    asked for once the events are out (a page knows whether more follow only then)."""
    write = sys.stdout.write
    write('{\n  "events": [')
    for n, record in enumerate(records):
        write(("," if n else "") + "\n    " + json_text(record.as_dict()))
    write("\n  ]")
    for key, value in after().items():
        write(f",\n  {json_text(key)}: {json_text(value)}")
    write("\n}\n")


def say(as_json: bool, data: dict[str, Any], text: str) -> None:
    """`data` as JSON, or `text` for a person: its lines kept, nothing in it live."""
    if as_json:
        print_json(data)
    else:
        print(inert(text, lines=True))


DIFFED = ("headline", "byline", "language", "urgency", "category")


def _diff_document(view: ArticleView, *, shown: bool) -> list[str]:
    """The article as lines to diff; `shown`: inert, for a terminal (JSON keeps them exact)."""
    one_line = inert if shown else str
    photos = [
        one_line(f"  {n}. {p.file} [{p.photo_id}]" + (f" {p.caption}" if p.caption else ""))
        for n, p in enumerate(view.photos, start=1)
    ]
    return [
        *(one_line(f"{field}: {_shown(getattr(view, field))}") for field in diffed_fields(view)),
        "photos:",
        *photos,
        "body:",
        *(inert(view.body, lines=True) if shown else view.body).splitlines(),
    ]


def _shown(value: object) -> str:
    return "none" if value is None else str(value)  # an article given no urgency


def diffed_fields(view: ArticleView) -> tuple[str, ...]:
    """The one-line fields a diff compares; urgency too once articles have one."""
    return tuple(name for name in DIFFED if hasattr(view, name))


def diff_text(before: ArticleView, after: ArticleView, *, shown: bool = True) -> str:
    lines = list(
        difflib.unified_diff(
            _diff_document(before, shown=shown),
            _diff_document(after, shown=shown),
            fromfile=inert(f"{before.article_id} version {before.version}"),
            tofile=inert(f"{after.article_id} version {after.version}"),
            lineterm="",
        )
    )
    if not lines:
        return (
            f"Versions {before.version} and {after.version} of {inert(before.article_id)} have "
            f"the same {', '.join(diffed_fields(after))}, body and photos.\n"
        )
    return "\n".join(lines) + "\n"


def diff_data(before: ArticleView, after: ArticleView) -> dict[str, Any]:
    changes: dict[str, Any] = {
        field: {"from": getattr(before, field), "to": getattr(after, field)}
        for field in (*diffed_fields(after), "body")
        if getattr(before, field) != getattr(after, field)
    }
    old_ids = [p.photo_id for p in before.photos]
    new_ids = [p.photo_id for p in after.photos]
    if old_ids != new_ids:
        changes["photos"] = {
            "added": [p.photo_id for p in after.photos if p.photo_id not in old_ids],
            "removed": [p.photo_id for p in before.photos if p.photo_id not in new_ids],
            "from": old_ids,
            "to": new_ids,
        }
    return {
        "article_id": after.article_id,
        "from_version": before.version,
        "to_version": after.version,
        "changes": changes,
        "unified": diff_text(before, after, shown=False),
    }


def finding_text(finding: Any) -> str:
    where = f"{finding.field} {finding.start}–{finding.end}"
    return inert(f"{finding.severity}: {where}: {finding.message} [{finding.code}]")
