"""The content-addressed media folder: approved photos can never change under the article.

Reading and checking an image is separate from storing it, so a refused command
can remove a file it had just stored and leave the folder as it found it.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from events.errors import BadInput
from workflow.commands import PhotoFacts

ACCEPTED = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}


@dataclass(frozen=True, slots=True)
class ImageFile:
    facts: PhotoFacts
    content: bytes
    extension: str


def read_image(path: Path) -> ImageFile:
    """The image's facts and bytes, or `BadInput` for a missing or non-image file."""
    if not path.is_file():
        raise BadInput(f"There is no file {path}.")
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror}.") from None
    image_format, width, height = _inspect(path, content)
    media_type, extension = ACCEPTED[image_format]
    digest = hashlib.sha256(content).hexdigest()
    facts = PhotoFacts(
        photo_id=digest[:12],
        file=path.name,
        sha256=digest,
        size=len(content),
        width=width,
        height=height,
        media_type=media_type,
    )
    return ImageFile(facts, content, extension)


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
    if image_format not in ACCEPTED:
        raise BadInput(f"{path} is a {image_format} image; use JPEG, PNG or WebP.")
    return image_format, width, height


def media_path(media_dir: Path, sha256: str, extension: str) -> Path:
    return media_dir / sha256[:2] / f"{sha256}{extension}"


def store_image(image: ImageFile, media_dir: Path) -> bool:
    """Copy the image into the folder; True if this call created the file."""
    target = media_path(media_dir, image.facts.sha256, image.extension)
    if target.exists():
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
            tmp.write(image.content)
        os.chmod(tmp.name, 0o444)
        os.replace(tmp.name, target)
    except OSError as exc:
        raise BadInput(f"Cannot write to the media folder {media_dir}: {exc.strerror}.") from None
    return True


def discard(image: ImageFile, media_dir: Path) -> None:
    media_path(media_dir, image.facts.sha256, image.extension).unlink(missing_ok=True)
