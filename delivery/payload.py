"""What a hook receives: the event's envelope, and for publications, corrections and
retractions the article as an IPTC ninjs 2.2 document (News in JSON), built from the
article as it stood right after the event being delivered.

A picture's rendition is its public copy (no GPS position, serial numbers or names of
the original's metadata), which whoever runs the delivery makes in the media folder;
a copy that cannot be made fails the delivery, and it is retried, then dead-lettered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from delivery.deliver import DeliveryFailed
from events.catalog import RETRACTED, article_stream, article_uri
from events.chain import canonical_json
from events.envelope import RecordedEvent
from events.erasures import CONFIRMED
from events.errors import NewsroomError
from events.photo import Photo
from events.store import EventStore
from projections.article import ArticleView
from projections.past import fold_article

NINJS_TYPES = ("ArticlePublished", "ArticleCorrected", "ArticleRetracted")


class Rendition(Protocol):
    """A photo's public copy: its path inside the media folder and its size in bytes."""

    @property
    def path(self) -> str: ...
    @property
    def size(self) -> int: ...


PublicCopy = Callable[[Photo], Rendition]


def payload_builder(
    store: EventStore, media_base: str, public_copy: PublicCopy
) -> Callable[[RecordedEvent], bytes]:
    """`media_base`: where the media folder is served (a URL or file: URI), for photo hrefs;
    `public_copy` makes (or finds) a photo's public copy there."""

    def build(record: RecordedEvent) -> bytes:
        body: dict[str, Any] = record.as_dict()
        if record.event_type == CONFIRMED:
            article = article_stream(str(record.data["article_id"]))
            body["ninjs"] = removal_notice(record, store.stream_version(article))
        if record.event_type in NINJS_TYPES:
            history = store.read_stream(record.stream_id, to_version=record.stream_version)
            view = fold_article(history)
            if view is not None:
                try:
                    renditions = [public_copy(photo) for photo in view.photos]
                except NewsroomError as problem:
                    raise DeliveryFailed(f"No public copy of a photo: {problem}") from None
                body["ninjs"] = ninjs(view, record, media_base, renditions)
        return canonical_json(body).encode()

    return build


def removal_notice(record: RecordedEvent, version: int) -> dict[str, Any]:
    """What receivers hear when a court order erases an article: take it down. No words
    of it; the legal basis as a public description (`ednote` is not for publication)."""
    return {
        "uri": article_uri(str(record.data["article_id"])),
        "type": "text",
        "version": str(version),
        "versioncreated": record.occurred_at,
        "pubstatus": "canceled",
        "descriptions": [
            {"role": "removal", "value": f"Removed by court order: {record.data['reason']}"}
        ],
    }


def ninjs(
    view: ArticleView, record: RecordedEvent, media_base: str, renditions: list[Rendition]
) -> dict[str, Any]:
    """`media_base`: where the media folder is served (a URL or file: URI), for photo hrefs;
    `renditions`: each photo's public copy there, in the photos' order."""
    document: dict[str, Any] = {
        "uri": article_uri(view.article_id),
        "type": "text",
        "version": str(view.version),
        "firstcreated": view.drafted_at,
        "versioncreated": record.occurred_at,
        "pubstatus": "canceled" if view.status == RETRACTED else "usable",
        "headlines": [{"value": view.headline}],
        "bodies": [{"contenttype": "text/plain", "value": view.body}],
        "language": view.language,
        "subjects": [{"name": view.category, "rel": "section"}],
        "by": view.byline,
        "associations": [
            _picture(n, photo, media_base, rendition)
            for n, (photo, rendition) in enumerate(zip(view.photos, renditions, strict=True), 1)
        ],
    }
    if view.urgency is not None:  # ninjs: 1 most urgent, 9 least; omitted when none given
        document["urgency"] = view.urgency
    if view.published_at:
        document["contentcreated"] = view.published_at
    if view.corrections:
        document["ednote"] = " ".join(f"Correction: {note.text}" for note in view.corrections)
    return document


def _picture(number: int, photo: Photo, media_base: str, rendition: Rendition) -> dict[str, Any]:
    href = f"{media_base.rstrip('/')}/{rendition.path}"
    picture: dict[str, Any] = {
        "name": f"photo{number}",
        "uri": f"urn:newsroom:photo:{photo.sha256}",
        "type": "picture",
        "renditions": [
            {
                "name": "public",
                "href": href,
                "contenttype": photo.media_type,
                "width": photo.width,
                "height": photo.height,
                "sizeinbytes": rendition.size,
            }
        ],
        "altids": [
            {"role": "sha256", "value": photo.sha256},
            {"role": "file", "value": photo.file},
        ],
    }
    if photo.caption:
        picture["descriptions"] = [{"role": "caption", "value": photo.caption}]
    if photo.alt:
        picture.setdefault("descriptions", []).append({"role": "alt", "value": photo.alt})
    if photo.credit:
        picture["by"] = photo.credit
    return picture
