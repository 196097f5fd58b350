"""Reading an image file at the edge: its bytes and the facts the log records of it.

A photo is decoded whole before it is accepted: a file cut short or damaged past its
header would otherwise be approved and published broken. Size is checked first, in
bytes and then in pixels, so a huge file or a decompression bomb is refused for what
it is, before anything big is read or decoded.
"""

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

# The largest photo accepted, by default: a camera's full-size JPEG fits well within
# both. Callers may pass their own (the command line takes them from its settings).
MAX_BYTES = 64 * 1024 * 1024
MAX_PIXELS = 89_478_485  # Pillow's own decompression-bomb threshold, about 9,500 × 9,500


@dataclass(frozen=True, slots=True)
class ImageFile:
    photo: Photo  # no caption or credit yet: those are the editor's words
    content: bytes


def read_image(path: Path, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> ImageFile:
    """The image's facts and bytes, or `BadInput` saying why the file is not accepted:
    missing, not an image, too large (in bytes or pixels), or damaged."""
    content = _read(path, max_bytes)
    image_format, width, height = inspect_image(str(path), content, max_pixels)
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


def _read(path: Path, max_bytes: int) -> bytes:
    if not path.is_file():
        raise BadInput(f"There is no file {path}.")
    try:
        with path.open("rb") as handle:
            content = handle.read(max_bytes + 1)  # never more than one byte too many
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror}.") from None
    if len(content) > max_bytes:
        raise BadInput(f"{path} is larger than {_megabytes(max_bytes)}, the most a photo may be.")
    return content


def inspect_image(name: str, content: bytes, max_pixels: int = MAX_PIXELS) -> tuple[str, int, int]:
    """Format, width and height of an image whose every pixel decodes, or `BadInput`."""
    with warnings.catch_warnings():
        # Pillow warns of a decompression bomb past its threshold and refuses past twice
        # it: either way the image is too large, never merely "not an image".
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image_format, width, height = _header(name, content)
        if image_format not in FORMATS:
            raise BadInput(f"{name} is a {image_format} image; use JPEG, PNG or WebP.")
        if width * height > max_pixels:
            raise _too_many_pixels(name, width, height, max_pixels)
        _decode(name, content)
    return image_format, width, height


def _header(name: str, content: bytes) -> tuple[str, int, int]:
    try:
        with Image.open(io.BytesIO(content)) as image:
            return str(image.format), image.size[0], image.size[1]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        raise BadInput(f"{name} has too many pixels: {_reason(bomb)}.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        claimed = _signature(content)
        if claimed is None:
            raise BadInput(f"{name} is not a JPEG, PNG or WebP image.") from None
        raise BadInput(f"{name} is a damaged {claimed} image: {_reason(exc)}.") from None


# How each accepted format's files begin: a file that begins so but will not open is a
# damaged image, not some other kind of file.
SIGNATURES = {"JPEG": (b"\xff\xd8\xff",), "PNG": (b"\x89PNG\r\n\x1a\n",)}


def _signature(content: bytes) -> str | None:
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "WebP"
    return next((kind for kind, starts in SIGNATURES.items() if content.startswith(starts)), None)


def _decode(name: str, content: bytes) -> None:
    """`verify` checks the structure (and spends the image), `load` every pixel after it."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        with Image.open(io.BytesIO(content)) as image:
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        raise BadInput(f"{name} has too many pixels: {_reason(bomb)}.") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        raise BadInput(f"{name} is a damaged image: {_reason(exc)}.") from None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().rstrip(".") or type(exc).__name__
    return " ".join(text.split())[:200]


def _too_many_pixels(name: str, width: int, height: int, limit: int) -> BadInput:
    return BadInput(
        f"{name} is {width} × {height} pixels ({width * height:,}), more than the "
        f"{limit:,} pixels a photo may have."
    )


def _megabytes(count: int) -> str:
    if count < 1024 * 1024:
        return f"{count:,} bytes"
    return f"{count / (1024 * 1024):.1f} MB ({count:,} bytes)"
