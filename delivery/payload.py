"""What a hook receives: the event's envelope, and for publications, corrections and
retractions the article as an IPTC ninjs 2.2 document (News in JSON), built from the
article as it stood right after the event being delivered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events.catalog import RETRACTED, article_uri
from events.chain import canonical_json
from events.envelope import RecordedEvent
from events.photo import Photo
from events.store import EventStore
from projections.article import ArticleView
from projections.past import fold_article

NINJS_TYPES = ("ArticlePublished", "ArticleCorrected", "ArticleRetracted")


def payload_builder(store: EventStore, media_base: str) -> Callable[[RecordedEvent], bytes]:
    """`media_base`: where the media folder is served (a URL or file: URI), for photo hrefs."""

    def build(record: RecordedEvent) -> bytes:
        body: dict[str, Any] = record.as_dict()
        if record.event_type in NINJS_TYPES:
            history = store.read_stream(record.stream_id, to_version=record.stream_version)
            view = fold_article(history)
            if view is not None:
                body["ninjs"] = ninjs(view, record, media_base)
        return canonical_json(body).encode()

    return build


def ninjs(view: ArticleView, record: RecordedEvent, media_base: str) -> dict[str, Any]:
    """`media_base`: where the media folder is served (a URL or file: URI), for photo hrefs."""
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
            _picture(n, photo, media_base) for n, photo in enumerate(view.photos, start=1)
        ],
    }
    if view.published_at:
        document["contentcreated"] = view.published_at
    if view.corrections:
        document["ednote"] = " ".join(f"Correction: {note.text}" for note in view.corrections)
    return document


def _picture(number: int, photo: Photo, media_base: str) -> dict[str, Any]:
    href = f"{media_base.rstrip('/')}/{photo.stored_name}"
    picture: dict[str, Any] = {
        "name": f"photo{number}",
        "uri": f"urn:newsroom:photo:{photo.sha256}",
        "type": "picture",
        "renditions": [
            {
                "name": "original",
                "href": href,
                "contenttype": photo.media_type,
                "width": photo.width,
                "height": photo.height,
                "sizeinbytes": photo.size,
            }
        ],
        "altids": [
            {"role": "sha256", "value": photo.sha256},
            {"role": "file", "value": photo.file},
        ],
    }
    if photo.caption:
        picture["descriptions"] = [{"role": "caption", "value": photo.caption}]
    if photo.credit:
        picture["by"] = photo.credit
    return picture
