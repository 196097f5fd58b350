"""The history of an article: every event with its time, actor, role, reason and a summary."""

from __future__ import annotations

from dataclasses import dataclass

from events import models as ev
from events.envelope import RecordedEvent


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    global_position: int
    article_id: str
    stream_version: int
    event_type: str
    occurred_at: str
    actor: str
    role: str
    reason: str
    summary: str


def history_entry(record: RecordedEvent) -> HistoryEntry | None:
    if not record.stream_id.startswith("article:"):
        return None
    event = record.event()
    return HistoryEntry(
        global_position=record.global_position,
        article_id=record.stream_id.removeprefix("article:"),
        stream_version=record.stream_version,
        event_type=record.event_type,
        occurred_at=record.occurred_at,
        actor=record.actor,
        role=str(record.metadata.get("role") or ""),
        reason=str(record.metadata.get("reason") or ""),
        summary=summarise(event) + _run_by(record),
    )


def _run_by(record: RecordedEvent) -> str:
    run_by = record.metadata.get("run_by")
    return f" (tick run by {run_by})" if run_by else ""


def summarise(event: ev.Event) -> str:
    """A short line saying what changed, for people reading the history.

    Instants appear as `{t:ISO}` so each reader sees them in their own time zone.
    """
    match event:
        case ev.StaffMemberAdded():
            return f"added {event.name} as {event.role}"
        case ev.StaffRoleChanged():
            return f"made {event.name} {event.role} (was {event.previous_role})"
        case ev.ArticleDrafted():
            return f"drafted “{event.headline}” ({event.category}, {event.language})"
        case ev.ArticleRevised():
            fields = event.model_dump(exclude={"event_type", "article_id"}, exclude_none=True)
            return "revised " + ", ".join(fields)
        case ev.PhotoAdded():
            return f"added photo {event.photo_id} ({event.file}, {event.width}×{event.height})"
        case ev.PhotoRemoved():
            return f"removed photo {event.photo_id}"
        case ev.PhotosReordered():
            return "reordered photos: " + ", ".join(event.photo_ids)
        case ev.PublicationScheduled():
            return f"scheduled for {{t:{event.publish_at}}}"
        case ev.PublicationUnscheduled():
            return f"unscheduled (was due {{t:{event.publish_at}}})"
        case ev.ArticlePublished():
            return "published" + (" as the embargo lifted" if event.scheduled else "")
        case ev.ArticleCorrected():
            changed = [name for name in ("headline", "body") if getattr(event, name) is not None]
            return "corrected " + (", ".join(changed) or "note only")
        case ev.ArticleRetracted():
            return f"retracted (was {event.was})"
    if isinstance(event, ev.ArticleApproved) and event.lint_override:
        return "approved despite lint errors"
    return {
        "ArticleSubmitted": "submitted for review",
        "ChangesRequested": "changes requested",
        "ArticleApproved": "approved",
        "ArticleSpiked": "spiked",
    }.get(event.event_type, event.event_type)
