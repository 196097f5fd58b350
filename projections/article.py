"""The article view: everything `show` and `list` display, as a pure fold over the log."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from events.catalog import CORRECTABLE_FIELDS, DRAFT, PHOTO_WORDS, STATUS_AFTER
from events.photo import PHOTO_FIELDS, Photo
from projections.facts import Fact


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
    photos: tuple[Photo, ...] = ()
    published_at: str | None = None
    publish_at: str | None = None
    corrections: tuple[Note, ...] = ()
    changes_requested: Note | None = None
    retraction: Note | None = None
    spike: Note | None = None
    removals: tuple[Note, ...] = ()  # erasures by court order: when, who confirmed, why
    photos_removed: bool = False  # their files, by court order
    urgency: int | None = None  # IPTC: 1 a flash, 9 the least urgent; None: none given
    writer: str | None = None  # assigned to write it, last assigned first
    reviewer: str | None = None  # assigned to review it
    notes: tuple[Note, ...] = ()  # internal: between reporter and editor, never published

    def to_doc(self) -> dict[str, Any]:
        doc = plain(self)
        doc["photos"] = [_photo_doc(photo) for photo in self.photos]
        doc["corrections"] = [plain(note) for note in self.corrections]
        doc["removals"] = [plain(note) for note in self.removals]
        # Kept only when there are some: the documents of older stores have no such key.
        doc.pop("notes")
        doc |= {"notes": [plain(note) for note in self.notes]} if self.notes else {}
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
                "photos": tuple(Photo(**p) for p in doc["photos"]),
                "corrections": tuple(Note(**c) for c in doc["corrections"]),
                "removals": tuple(Note(**c) for c in doc.get("removals", ())),
                "notes": tuple(Note(**c) for c in doc.get("notes", ())),
                "changes_requested": note(doc["changes_requested"]),
                "retraction": note(doc["retraction"]),
                "spike": note(doc["spike"]),
            }
        )


def _photo_doc(photo: Photo) -> dict[str, Any]:
    doc = plain(photo)
    if not photo.alt:
        del doc["alt"]  # as photos were stored before alt text
    return doc


def plain(value: Any) -> dict[str, Any]:
    """A slotted dataclass as a dict, one level deep (`asdict` deep-copies: too slow here)."""
    return {name: getattr(value, name) for name in value.__slots__}


Doc = dict[str, Any]
Change = Callable[[Doc, Fact], None]


def apply_doc(doc: Doc | None, fact: Fact) -> Doc | None:
    """The article's document after one more event of its stream, changed in place.

    Documents are the stored form of `ArticleView` (`to_doc`); folding them rather
    than frozen views keeps a replay of millions of events to one dict per article.
    """
    if fact.event_type == "ArticleDrafted":
        return _drafted(fact)
    if (aside := ASIDE.get(fact.event_type)) is not None:
        if doc is not None:
            aside(doc, fact)  # an act on the article from another stream: no new version
        return doc
    change = CHANGES.get(fact.event_type)
    if doc is None or change is None:
        return doc
    change(doc, fact)
    if (status := STATUS_AFTER.get(fact.event_type)) is not None:
        doc["status"] = status
    doc["version"], doc["updated_at"], doc["position"] = (
        fact.version,
        fact.occurred_at,
        fact.position,
    )
    return doc


def fold_docs(facts: Iterable[Fact], docs: dict[str, Doc]) -> dict[str, Doc]:
    """Every article's document after `facts` (any streams, in log order), from `docs`."""
    for fact in facts:
        article_id = fact.article_id
        if article_id is not None and (doc := apply_doc(docs.get(article_id), fact)) is not None:
            docs[article_id] = doc
    return docs


def fold_view(facts: Iterable[Fact]) -> ArticleView | None:
    """One article's view from its own stream's facts."""
    doc: Doc | None = None
    for fact in facts:
        doc = apply_doc(doc, fact)
    return None if doc is None else ArticleView.from_doc(doc)


def _drafted(fact: Fact) -> Doc:
    data = fact.data
    return {
        "article_id": data["article_id"],
        "version": fact.version,
        "status": DRAFT,
        "headline": data["headline"],
        "body": data["body"],
        "category": data["category"],
        "language": data["language"],
        "byline": data["byline"],
        "drafted_by": fact.actor,
        "drafted_at": fact.occurred_at,
        "updated_at": fact.occurred_at,
        "position": fact.position,
        "photos": [],
        "published_at": None,
        "publish_at": None,
        "corrections": [],
        "changes_requested": None,
        "retraction": None,
        "spike": None,
        "removals": [],
        "photos_removed": False,
        "urgency": data.get("urgency"),
        "writer": None,
        "reviewer": None,
    }


def _note(fact: Fact, text: str) -> dict[str, str]:
    return {"at": fact.occurred_at, "by": fact.actor, "text": text}


def _revised(doc: Doc, fact: Fact) -> None:
    doc.update((k, v) for k, v in fact.data.items() if k != "article_id" and v is not None)


def _photo_added(doc: Doc, fact: Fact) -> None:
    data = fact.data
    photo = {name: data.get(name, "") for name in PHOTO_FIELDS if name != "alt"}
    # Only when given: the documents of stores built before alt text stay as they were.
    photo |= {"alt": data["alt"]} if data.get("alt") else {}
    doc["photos"] = [*doc["photos"], photo]


def _photo_removed(doc: Doc, fact: Fact) -> None:
    gone = fact.data["photo_id"]
    doc["photos"] = [p for p in doc["photos"] if p["photo_id"] != gone]


def _photo_edited(doc: Doc, fact: Fact) -> None:
    data = fact.data
    words = {name: data[name] for name in PHOTO_WORDS if data.get(name) is not None}
    doc["photos"] = [
        photo | words if photo["photo_id"] == data["photo_id"] else photo for photo in doc["photos"]
    ]


def _photos_reordered(doc: Doc, fact: Fact) -> None:
    by_id = {photo["photo_id"]: photo for photo in doc["photos"]}
    doc["photos"] = [by_id[photo_id] for photo_id in fact.data["photo_ids"]]


def _no_change(doc: Doc, fact: Fact) -> None:
    """Only the status moves, and `apply_doc` moves it."""


def _changes_requested(doc: Doc, fact: Fact) -> None:
    doc["changes_requested"] = _note(fact, fact.data["reason"])


def _approved(doc: Doc, fact: Fact) -> None:
    doc["changes_requested"] = None


def _scheduled(doc: Doc, fact: Fact) -> None:
    doc["publish_at"] = fact.data["publish_at"]


def _unscheduled(doc: Doc, fact: Fact) -> None:
    doc["publish_at"] = None


def _published(doc: Doc, fact: Fact) -> None:
    doc["published_at"], doc["publish_at"] = fact.data["published_at"], None


def _corrected(doc: Doc, fact: Fact) -> None:
    data = fact.data
    for name in CORRECTABLE_FIELDS:
        if data.get(name) is not None:
            doc[name] = data[name]
    doc["corrections"] = [*doc["corrections"], _note(fact, data["note"])]


def _retracted(doc: Doc, fact: Fact) -> None:
    doc["publish_at"] = None
    doc["retraction"] = _note(fact, fact.data["reason"])


def _spiked(doc: Doc, fact: Fact) -> None:
    doc["spike"] = _note(fact, fact.data.get("reason", ""))


def _removed(doc: Doc, fact: Fact) -> None:
    doc["removals"] = [*doc["removals"], _note(fact, fact.data["reason"])]
    doc["photos_removed"] = doc["photos_removed"] or bool(fact.data.get("photos"))


def _assigned(doc: Doc, fact: Fact) -> None:
    doc["writer" if fact.data["work"] == "writing" else "reviewer"] = fact.data["assignee"]


def _noted(doc: Doc, fact: Fact) -> None:
    # The key comes with the first note: the documents of stores built before stay as they were.
    doc["notes"] = [*doc.get("notes", ()), _note(fact, fact.data["text"])]


# Acts on an article recorded in another stream: they leave its versions as they are.
ASIDE: dict[str, Change] = {"RedactionConfirmed": _removed}

CHANGES: dict[str, Change] = {
    "ArticleRevised": _revised,
    "PhotoAdded": _photo_added,
    "PhotoRemoved": _photo_removed,
    "PhotosReordered": _photos_reordered,
    "ArticleSubmitted": _no_change,
    "ChangesRequested": _changes_requested,
    "ArticleApproved": _approved,
    "PublicationScheduled": _scheduled,
    "PublicationUnscheduled": _unscheduled,
    "ArticlePublished": _published,
    "ArticleCorrected": _corrected,
    "ArticleRetracted": _retracted,
    "ArticleSpiked": _spiked,
    "ArticleAssigned": _assigned,
    "ArticleWithdrawn": _no_change,
    "PhotoEdited": _photo_edited,
    "NoteAdded": _noted,
}
