"""The photo record: what the log keeps of a picture, and where its bytes are filed."""

from __future__ import annotations

from dataclasses import dataclass

from events.catalog import MEDIA_TYPES


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

    @property
    def stored_name(self) -> str:
        return stored_name(self.sha256, self.media_type)


PHOTO_FIELDS: tuple[str, ...] = Photo.__slots__


def stored_name(sha256: str, media_type: str) -> str:
    """The photo's path inside the media folder: `ab/abcdef….jpg`, named by its content."""
    return f"{sha256[:2]}/{sha256}{MEDIA_TYPES[media_type]}"
