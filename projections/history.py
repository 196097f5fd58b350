"""The history of an article: every event with its time, actor, role, reason and a summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from events.catalog import CORRECTABLE_FIELDS, REVISABLE_FIELDS, is_pinned
from events.fingerprint import key_fingerprint
from projections.facts import Fact


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


def history_row(fact: Fact) -> tuple[Any, ...] | None:
    """The history table's row for one event (columns in `HistoryEntry` order)."""
    article_id = fact.article_id
    if article_id is None:
        return None
    metadata = fact.metadata
    run_by = metadata.get("run_by")  # the ticks of stores from before signing
    summary = summarise(fact.event_type, fact.data)
    if is_pinned(metadata):
        summary += " (backdated: pinned clock)"
    return (
        fact.position,
        article_id,
        fact.version,
        fact.event_type,
        fact.occurred_at,
        str(metadata.get("actor", "")),
        str(metadata.get("role") or ""),
        str(metadata.get("reason") or ""),
        f"{summary} (tick run by {run_by})" if run_by else summary,
    )


def summarise(event_type: str, data: dict[str, Any]) -> str:
    """A short line saying what changed, for people reading the history.

    Instants appear as `{t:ISO}` so each reader sees them in their own time zone.
    """
    describe = _DESCRIBE.get(event_type)
    if describe is not None:
        return describe(data)
    return _FIXED.get(event_type, event_type)


def _revised(data: dict[str, Any]) -> str:
    # In the fields' own order, not the stored (sorted) key order.
    changed = [name for name in REVISABLE_FIELDS if data.get(name) is not None]
    return "revised " + ", ".join(changed)


def _corrected(data: dict[str, Any]) -> str:
    changed = [name for name in CORRECTABLE_FIELDS if data.get(name) is not None]
    despite = " despite lint errors" if data.get("lint_override") else ""
    return "corrected " + (", ".join(changed) or "note only") + despite


def _with_key(data: dict[str, Any]) -> str:
    key = data.get("public_key")
    return f" with the key {key_fingerprint(key)}" if key else ""


def _approved(data: dict[str, Any]) -> str:
    return "approved despite lint errors" if data.get("lint_override") else "approved"


def _published(data: dict[str, Any]) -> str:
    return "published as the embargo lifted" if data.get("scheduled") else "published"


def _redaction_asked(data: dict[str, Any]) -> str:
    versions = ", ".join(str(v) for v in data["versions"])
    what = f"versions {versions}"
    if data.get("phrase_digest"):
        what = f"a phrase in {what}"
    photos = " and the photo files" if data.get("photos") else ""
    return f"asked to erase {what}{photos} ({data['request_id']})"


def _redaction_done(data: dict[str, Any]) -> str:
    photos = ", photo files removed" if data.get("photos") else ""
    rewritten = len(data["rewritten"])
    return f"erased by court order: {rewritten} events rewritten{photos} ({data['request_id']})"


def _assigned(data: dict[str, Any]) -> str:
    return f"assigned to {data['assignee']} for {data['work']}"


_DESCRIBE = {
    "StaffMemberAdded": lambda d: f"added {d['name']} as {d['role']}" + _with_key(d),
    "StaffKeyChanged": lambda d: f"gave {d['name']} the key {key_fingerprint(d['public_key'])}",
    "StaffRoleChanged": lambda d: f"made {d['name']} {d['role']} (was {d['previous_role']})",
    "StaffMemberRemoved": lambda d: (
        f"removed {d['name']} from the staff (was {d['previous_role']})"
    ),
    "ArticleDrafted": lambda d: f"drafted “{d['headline']}” ({d['category']}, {d['language']})",
    "ArticleRevised": _revised,
    "PhotoAdded": lambda d: (
        f"added photo {d['photo_id']} ({d['file']}, {d['width']}×{d['height']})"
    ),
    "PhotoRemoved": lambda d: f"removed photo {d['photo_id']}",
    "NoteAdded": lambda d: f"internal note: {d['text']}",
    "PhotoEdited": lambda d: (
        f"edited photo {d['photo_id']}: "
        + ", ".join(f"{name} “{d[name]}”" for name in ("caption", "credit", "alt") if name in d)
    ),
    "PhotosReordered": lambda d: "reordered photos: " + ", ".join(d["photo_ids"]),
    "PublicationScheduled": lambda d: f"scheduled for {{t:{d['publish_at']}}}",
    "PublicationUnscheduled": lambda d: f"unscheduled (was due {{t:{d['publish_at']}}})",
    "ArticlePublished": _published,
    "ArticleCorrected": _corrected,
    "ArticleRetracted": lambda d: f"retracted (was {d['was']})",
    "ArticleApproved": _approved,
    "RedactionRequested": _redaction_asked,
    "RedactionConfirmed": _redaction_done,
    "ArticleAssigned": _assigned,
}
_FIXED = {
    "ArticleSubmitted": "submitted for review",
    "ChangesRequested": "changes requested",
    "ArticleSpiked": "spiked",
    "ArticleWithdrawn": "withdrawn from review",
}
