"""The article view: everything `show` and `list` display, as a pure fold over the log."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import singledispatch
from typing import Any

from events import models as ev
from events.envelope import RecordedEvent


@dataclass(frozen=True, slots=True)
class PhotoView:
    photo_id: str
    file: str
    sha256: str
    size: int
    width: int
    height: int
    media_type: str
    caption: str
    credit: str


@dataclass(frozen=True, slots=True)
class Note:
    """A dated, signed remark: a correction, a request for changes, a retraction."""

    at: str
    by: str
    text: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    article_id: str
    version: int
    status: str
    headline: str
    body: str
    category: str
    language: str
    byline: str
    drafted_by: str
    drafted_at: str
    updated_at: str
    position: int
    photos: tuple[PhotoView, ...] = ()
    published_at: str | None = None
    publish_at: str | None = None
    corrections: tuple[Note, ...] = ()
    changes_requested: Note | None = None
    retraction: Note | None = None
    spike: Note | None = None

    def to_doc(self) -> dict[str, Any]:
        doc = plain(self)
        doc["photos"] = [plain(photo) for photo in self.photos]
        doc["corrections"] = [plain(note) for note in self.corrections]
        for name in ("changes_requested", "retraction", "spike"):
            note = doc[name]
            doc[name] = plain(note) if note is not None else None
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> ArticleView:
        def note(value: dict[str, str] | None) -> Note | None:
            return Note(**value) if value else None

        return cls(
            **{
                **doc,
                "photos": tuple(PhotoView(**p) for p in doc["photos"]),
                "corrections": tuple(Note(**c) for c in doc["corrections"]),
                "changes_requested": note(doc["changes_requested"]),
                "retraction": note(doc["retraction"]),
                "spike": note(doc["spike"]),
            }
        )


def plain(value: Any) -> dict[str, Any]:
    """A slotted dataclass as a dict, one level deep (`asdict` deep-copies: too slow here)."""
    return {name: getattr(value, name) for name in value.__slots__}


@dataclass(frozen=True, slots=True)
class _Step:
    """The envelope facts a fold step needs beside the event itself."""

    at: str
    by: str
    position: int
    version: int
    extra: dict[str, Any] = field(default_factory=dict)


def apply_article(view: ArticleView | None, record: RecordedEvent) -> ArticleView | None:
    """The view after one more event of its stream (events of other streams are ignored)."""
    if not record.stream_id.startswith("article:"):
        return view
    step = _Step(record.occurred_at, record.actor, record.global_position, record.stream_version)
    event = record.event()
    if isinstance(event, ev.ArticleDrafted):
        return _drafted(event, step)
    if view is None:
        return None
    changes = _apply(event, view, step)
    return replace(
        view, **changes, version=step.version, updated_at=step.at, position=step.position
    )


def _drafted(event: ev.ArticleDrafted, step: _Step) -> ArticleView:
    return ArticleView(
        article_id=event.article_id,
        version=step.version,
        status="draft",
        headline=event.headline,
        body=event.body,
        category=event.category,
        language=event.language,
        byline=event.byline,
        drafted_by=step.by,
        drafted_at=step.at,
        updated_at=step.at,
        position=step.position,
    )


@singledispatch
def _apply(event: ev.Event, view: ArticleView, step: _Step) -> dict[str, Any]:
    """What one event changes in the view, as field values (one `replace` per event)."""
    return {}


@_apply.register
def _(event: ev.ArticleRevised, view: ArticleView, step: _Step) -> dict[str, Any]:
    return event.model_dump(exclude={"event_type", "article_id"}, exclude_none=True)


@_apply.register
def _(event: ev.PhotoAdded, view: ArticleView, step: _Step) -> dict[str, Any]:
    photo = PhotoView(**event.model_dump(exclude={"event_type", "article_id"}))
    return dict(photos=(*view.photos, photo))


@_apply.register
def _(event: ev.PhotoRemoved, view: ArticleView, step: _Step) -> dict[str, Any]:
    return dict(photos=tuple(p for p in view.photos if p.photo_id != event.photo_id))


@_apply.register
def _(event: ev.PhotosReordered, view: ArticleView, step: _Step) -> dict[str, Any]:
    by_id = {photo.photo_id: photo for photo in view.photos}
    return dict(photos=tuple(by_id[photo_id] for photo_id in event.photo_ids))


@_apply.register
def _(event: ev.ArticleSubmitted, view: ArticleView, step: _Step) -> dict[str, Any]:
    return dict(status="in_review")


@_apply.register
def _(event: ev.ChangesRequested, view: ArticleView, step: _Step) -> dict[str, Any]:
    return dict(status="draft", changes_requested=Note(step.at, step.by, event.reason))


@_apply.register
def _(event: ev.ArticleApproved, view: ArticleView, step: _Step) -> dict[str, Any]:
    return dict(status="approved", changes_requested=None)


@_apply.register
def _(event: ev.PublicationScheduled, view: ArticleView, step: _Step) -> dict[str, Any]:
    return dict(status="scheduled", publish_at=event.publish_at)


@_apply.register
def _(event: ev.PublicationUnscheduled, view: ArticleView, step: _Step) -> dict[str, Any]:
    return dict(status="approved", publish_at=None)


@_apply.register
def _(event: ev.ArticlePublished, view: ArticleView, step: _Step) -> dict[str, Any]:
    return dict(status="published", published_at=event.published_at, publish_at=None)


@_apply.register
def _(event: ev.ArticleCorrected, view: ArticleView, step: _Step) -> dict[str, Any]:
    return dict(
        headline=event.headline if event.headline is not None else view.headline,
        body=event.body if event.body is not None else view.body,
        corrections=(*view.corrections, Note(step.at, step.by, event.note)),
    )


@_apply.register
def _(event: ev.ArticleRetracted, view: ArticleView, step: _Step) -> dict[str, Any]:
    return dict(
        status="retracted", publish_at=None, retraction=Note(step.at, step.by, event.reason)
    )


@_apply.register
def _(event: ev.ArticleSpiked, view: ArticleView, step: _Step) -> dict[str, Any]:
    return dict(status="spiked", spike=Note(step.at, step.by, event.reason))
