"""The photo record: what the log keeps of a picture, and where its bytes are filed."""

from __future__ import annotations

from dataclasses import dataclass

from events.catalog import MEDIA_TYPES
from events.errors import IntegrityFailure
from events.paths import SHA256_HEX


@dataclass(frozen=True, slots=True)
class Photo:
    """A picture of an article: its file's facts, read once at the edge, and its words."""

    photo_id: str
    file: str
    sha256: str
    size: int
    width: int
    height: int
    media_type: str
    caption: str = ""
    credit: str = ""
    alt: str = ""  # what the picture shows, for who cannot see it (the page's <img alt>)

    @property
    def stored_name(self) -> str:
        return stored_name(self.sha256, self.media_type)


PHOTO_FIELDS: tuple[str, ...] = Photo.__slots__


def stored_name(sha256: str, media_type: str) -> str:
    """The photo's path inside the media folder: `ab/abcdef….jpg`, named by its content.

    Every path to a photo's bytes (the media folder, the site, a hook's href) is made here,
    so a hash or a media type a crafted log gives can never point anywhere else.
    """
    if not isinstance(sha256, str) or SHA256_HEX.fullmatch(sha256) is None:
        raise IntegrityFailure(
            f"The log gives a photo the hash {sha256!r}, which is not a SHA-256: it was not "
            "written by newsroom; run `newsroom verify`."
        )
    extension = MEDIA_TYPES.get(media_type) if isinstance(media_type, str) else None
    if extension is None:
        raise IntegrityFailure(
            f"The log gives photo {sha256[:12]} the media type {media_type!r}, which newsroom "
            "never accepts; run `newsroom verify`."
        )
    return f"{sha256[:2]}/{sha256}{extension}"
