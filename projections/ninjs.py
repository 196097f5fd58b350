"""The article as an IPTC ninjs 2.2 document, for publishing hooks (News in JSON).

Built from the article view as it stood right after the event being delivered.
"""

from __future__ import annotations

from typing import Any

from events.envelope import RecordedEvent
from projections.article import ArticleView, PhotoView

NINJS_TYPES = ("ArticlePublished", "ArticleCorrected", "ArticleRetracted")
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}


def article_uri(article_id: str) -> str:
    return f"urn:newsroom:article:{article_id}"


def ninjs(view: ArticleView, record: RecordedEvent, media_base: str) -> dict[str, Any]:
    """`media_base`: where the media folder is served (a URL or file: URI), for photo hrefs."""
    document: dict[str, Any] = {
        "uri": article_uri(view.article_id),
        "type": "text",
        "version": str(view.version),
        "firstcreated": view.drafted_at,
        "versioncreated": record.occurred_at,
        "pubstatus": "canceled" if view.status == "retracted" else "usable",
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


def _picture(number: int, photo: PhotoView, media_base: str) -> dict[str, Any]:
    extension = EXTENSIONS.get(photo.media_type, "")
    href = f"{media_base.rstrip('/')}/{photo.sha256[:2]}/{photo.sha256}{extension}"
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
