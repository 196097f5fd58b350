"""Reading an image file at the edge: its bytes and the facts the log records of it."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from events.errors import BadInput
from events.photo import Photo

# Pillow's name for each format the newsroom accepts, and its media type.
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass(frozen=True, slots=True)
class ImageFile:
    photo: Photo  # no caption or credit yet: those are the editor's words
    content: bytes


def read_image(path: Path) -> ImageFile:
    """The image's facts and bytes, or `BadInput` for a missing or non-image file."""
    if not path.is_file():
        raise BadInput(f"There is no file {path}.")
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror}.") from None
    image_format, width, height = _inspect(path, content)
    digest = hashlib.sha256(content).hexdigest()
    photo = Photo(
        photo_id=digest[:12],
        file=path.name,
        sha256=digest,
        size=len(content),
        width=width,
        height=height,
        media_type=FORMATS[image_format],
    )
    return ImageFile(photo, content)


def _inspect(path: Path, content: bytes) -> tuple[str, int, int]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image_format, (width, height) = str(image.format), image.size
                image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombWarning,
    ):
        raise BadInput(f"{path} is not a JPEG, PNG or WebP image.") from None
    except Image.DecompressionBombError:
        raise BadInput(f"{path} is too large an image to accept.") from None
    if image_format not in FORMATS:
        raise BadInput(f"{path} is a {image_format} image; use JPEG, PNG or WebP.")
    return image_format, width, height
