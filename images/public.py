"""The public copy of a photo: its pixels exactly as added, without what could expose a source.

A camera writes far more than the picture: the GPS position, its serial number and
the lens's, the owner's and the author's names, maker notes, editing history, a
thumbnail of the uncropped frame, sometimes a second picture after the first. None of
it goes out. What a reader needs is kept: the orientation, the colour profile, and the
caption, credit and copyright a photo desk set in the file (IPTC, or PNG text).

The copy is made by rewriting the file's container (JPEG segments, PNG chunks, WebP
chunks), never by decoding and encoding again: the pixels stay the very bytes that
were approved, and the same original always gives the same copy, byte for byte, with
any version of Pillow. Pillow only reads the orientation and copyright tags.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator

from PIL import Image

ORIENTATION = 0x0112
COPYRIGHT = 0x8298
# IPTC IIM datasets kept: coded character set, record version, credit, copyright, caption.
IPTC_KEPT = {(1, 90), (2, 0), (2, 110), (2, 116), (2, 120)}
PNG_TEXT_KEPT = {b"Title", b"Description", b"Copyright"}
PNG_CHUNKS_KEPT = {
    *(b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS"),
    *(b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"mDCV", b"cLLI", b"mDCv", b"cLLi"),
    *(b"bKGD", b"hIST", b"pHYs", b"sPLT", b"acTL", b"fcTL", b"fdAT"),
}
WEBP_CHUNKS_KEPT = {b"VP8X", b"ICCP", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L"}
MAX_TEXT = 2000  # bytes of a kept copyright: what IPTC allows a caption


class CannotClean(ValueError):
    """The file's container could not be read to the end: it cannot go out cleaned."""


def public_rendition(content: bytes, media_type: str) -> bytes:
    """The copy of an accepted photo that may be published (see the module's words)."""
    cleaners = {"image/jpeg": _jpeg, "image/png": _png, "image/webp": _webp}
    if media_type not in cleaners:
        raise CannotClean(f"no public copy is made of {media_type}")
    try:
        return cleaners[media_type](content, _kept_tags(content))
    except (IndexError, struct.error) as exc:
        raise CannotClean(f"its {media_type} structure ends early ({exc})") from None


def _kept_tags(content: bytes) -> dict[int, int | str]:
    """The orientation and copyright tags of the original, if it has them."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            exif = image.getexif()
    except (OSError, ValueError, SyntaxError) as exc:
        raise CannotClean(f"its tags cannot be read ({exc})") from None
    kept: dict[int, int | str] = {}
    orientation = exif.get(ORIENTATION)
    if isinstance(orientation, int) and 1 <= orientation <= 8 and orientation != 1:
        kept[ORIENTATION] = orientation
    notice = exif.get(COPYRIGHT)
    if isinstance(notice, bytes):
        notice = notice.decode("utf-8", "replace")
    if isinstance(notice, str) and notice.strip("\x00 "):
        kept[COPYRIGHT] = notice.strip("\x00")
    return kept


def exif_block(tags: dict[int, int | str]) -> bytes:
    """A big-endian TIFF structure holding only `tags` (orientation SHORT, text ASCII)."""
    entries, data = [], b""
    offset_base = 8 + 2 + 12 * len(tags) + 4
    for tag in sorted(tags):
        value = tags[tag]
        if isinstance(value, int):
            entries.append(struct.pack(">HHIHH", tag, 3, 1, value, 0))
            continue
        text = value.encode("utf-8")[:MAX_TEXT] + b"\x00"
        if len(text) <= 4:
            entries.append(struct.pack(">HHI", tag, 2, len(text)) + text.ljust(4, b"\x00"))
            continue
        entries.append(struct.pack(">HHII", tag, 2, len(text), offset_base + len(data)))
        data += text + (b"\x00" if len(text) % 2 else b"")
    ifd = struct.pack(">H", len(entries)) + b"".join(entries) + struct.pack(">I", 0)
    return b"MM\x00\x2a" + struct.pack(">I", 8) + ifd + data


# --- JPEG -----------------------------------------------------------------------------

SOI, EOI, SOS, APP0, APP1, APP2, APP13, APP14, COM = (
    0xD8, 0xD9, 0xDA, 0xE0, 0xE1, 0xE2, 0xED, 0xEE, 0xFE,
)  # fmt: skip
STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and the restart markers carry no length


def _jpeg(content: bytes, tags: dict[int, int | str]) -> bytes:
    if not content.startswith(b"\xff\xd8"):
        raise CannotClean("it does not begin as a JPEG")
    jfif: list[bytes] = []
    head: list[bytes] = []  # the segments before the first scan that are kept
    iptc: list[bytes] = []  # the Photoshop payloads, read for their IPTC
    body: list[bytes] = []  # the first scan onwards, up to the end of the picture
    for marker, segment in _jpeg_segments(content):
        target = body if body or marker == SOS else head
        if marker in (SOS, EOI) or marker in STANDALONE or marker is None:
            target.append(segment)
        elif marker == APP0:
            if not body and not jfif and segment[4:9] == b"JFIF\x00" and len(segment) >= 18:
                # The header without its thumbnail: a preview of the frame before cropping.
                jfif.append(b"\xff\xe0\x00\x10" + segment[4:16] + b"\x00\x00")
        elif marker == APP13 and segment[4:18] == b"Photoshop 3.0\x00":
            iptc.append(segment[18:])
        elif _kept_jpeg_segment(marker, segment):
            target.append(segment)
    added = []
    if tags:
        added.append(_jpeg_segment(APP1, b"Exif\x00\x00" + exif_block(tags)))
    records = _iptc_kept(b"".join(iptc))
    if records:
        added.append(_jpeg_segment(APP13, _photoshop(records)))
    return b"".join([b"\xff\xd8", *jfif, *added, *head, *body])


def _kept_jpeg_segment(marker: int, segment: bytes) -> bool:
    """The picture's own segments, the colour profile and Adobe's colour transform; no
    other application segment (EXIF, XMP, maker data, previews) and no comment."""
    if marker == APP2:
        return segment[4:16] == b"ICC_PROFILE\x00"
    if marker == APP14:
        return segment[4:9] == b"Adobe"
    return not (APP0 <= marker <= 0xEF or marker == COM)


def _jpeg_segments(content: bytes) -> Iterator[tuple[int | None, bytes]]:
    """(marker, bytes) from after SOI to EOI; a scan's coded data comes as (None, bytes).
    Whatever follows the picture's end (a second picture, a video) is left out."""
    at, end = 2, len(content)
    while at < end:
        if content[at] != 0xFF:
            raise CannotClean(f"a JPEG marker was expected at byte {at}")
        while at + 1 < end and content[at + 1] == 0xFF:  # fill bytes before a marker
            at += 1
        marker = content[at + 1]
        if marker == EOI:
            yield EOI, b"\xff\xd9"
            return
        if marker in STANDALONE:
            yield marker, content[at : at + 2]
            at += 2
            continue
        (length,) = struct.unpack(">H", content[at + 2 : at + 4])
        if length < 2 or at + 2 + length > end:
            raise CannotClean(f"a JPEG segment at byte {at} runs past the end")
        yield marker, content[at : at + 2 + length]
        at += 2 + length
        if marker == SOS:
            coded_end = _end_of_scan(content, at)
            yield None, content[at:coded_end]
            at = coded_end
    # A picture without its end marker was accepted by the decoder: end it properly.
    yield EOI, b"\xff\xd9"


def _end_of_scan(content: bytes, at: int) -> int:
    """Where a scan's coded data ends: the first 0xFF that starts a marker (not a stuffed
    0xFF00, a restart marker, or a fill byte)."""
    while True:
        found = content.find(b"\xff", at)
        if found < 0 or found + 1 >= len(content):
            return len(content)
        following = content[found + 1]
        if following == 0x00 or following == 0xFF or 0xD0 <= following <= 0xD7:
            at = found + 1
            continue
        return found


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def _iptc_kept(photoshop: bytes) -> bytes:
    """The kept IPTC datasets of the Photoshop resources' IPTC block, in their order."""
    kept = []
    for resource_id, data in _photoshop_resources(photoshop):
        if resource_id == 0x0404:
            kept += [raw for key, raw in _iim_records(data) if key in IPTC_KEPT]
    return b"".join(kept)


def _photoshop_resources(data: bytes) -> Iterator[tuple[int, bytes]]:
    at = 0
    while at + 12 <= len(data) and data[at : at + 4] in (b"8BIM", b"PHUT", b"DCSR", b"AgHg"):
        (resource_id,) = struct.unpack(">H", data[at + 4 : at + 6])
        name_length = data[at + 6]
        at += 6 + name_length + 1 + ((name_length + 1) % 2)  # a padded Pascal string
        (size,) = struct.unpack(">I", data[at : at + 4])
        at += 4
        yield resource_id, data[at : at + size]
        at += size + (size % 2)


def _iim_records(data: bytes) -> Iterator[tuple[tuple[int, int], bytes]]:
    at = 0
    while at + 5 <= len(data) and data[at] == 0x1C:
        record, dataset = data[at + 1], data[at + 2]
        (length,) = struct.unpack(">H", data[at + 3 : at + 5])
        if length & 0x8000:  # an extended length: no kept dataset is ever that long
            return
        yield (record, dataset), data[at : at + 5 + length]
        at += 5 + length


def _photoshop(iim: bytes) -> bytes:
    pad = b"\x00" if len(iim) % 2 else b""
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim))
    return b"Photoshop 3.0\x00" + resource + iim + pad


# --- PNG ------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png(content: bytes, tags: dict[int, int | str]) -> bytes:
    if not content.startswith(PNG_SIGNATURE):
        raise CannotClean("it does not begin as a PNG")
    out = [PNG_SIGNATURE]
    at = len(PNG_SIGNATURE)
    while at < len(content):
        (length,) = struct.unpack(">I", content[at : at + 4])
        kind = content[at + 4 : at + 8]
        chunk = content[at : at + 12 + length]
        if len(chunk) != 12 + length:
            raise CannotClean(f"a PNG chunk at byte {at} runs past the end")
        data = chunk[8:-4]
        at += 12 + length
        if kind in PNG_CHUNKS_KEPT or (
            kind in (b"tEXt", b"zTXt", b"iTXt") and data.split(b"\x00", 1)[0] in PNG_TEXT_KEPT
        ):
            out.append(chunk)
        if kind == b"IHDR" and tags:
            out.append(_png_chunk(b"eXIf", exif_block(tags)))
        if kind == b"IEND":
            return b"".join(out)
    raise CannotClean("the PNG has no end chunk")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


# --- WebP -----------------------------------------------------------------------------

WEBP_ICC, WEBP_EXIF, WEBP_XMP = 0x20, 0x08, 0x04


def _webp(content: bytes, tags: dict[int, int | str]) -> bytes:
    if content[:4] != b"RIFF" or content[8:12] != b"WEBP":
        raise CannotClean("it does not begin as a WebP")
    (riff_size,) = struct.unpack("<I", content[4:8])
    end = min(len(content), 8 + riff_size)  # anything after the RIFF file is left out
    chunks = list(_riff_chunks(content, 12, end))
    if not chunks or chunks[0][0] != b"VP8X":
        # The simple format holds one picture chunk and has no room for metadata.
        picture = [raw for kind, raw in chunks if kind in (b"VP8 ", b"VP8L")][:1]
        return _riff(picture)
    kept = [raw for kind, raw in chunks if kind in WEBP_CHUNKS_KEPT]
    header = bytearray(kept[0])
    header[8] &= ~(WEBP_EXIF | WEBP_XMP) & 0xFF
    if tags:
        header[8] |= WEBP_EXIF
        block = exif_block(tags)
        kept.append(b"EXIF" + struct.pack("<I", len(block)) + block + b"\x00" * (len(block) % 2))
    return _riff([bytes(header), *kept[1:]])


def _riff_chunks(content: bytes, at: int, end: int) -> Iterator[tuple[bytes, bytes]]:
    while at + 8 <= end:
        kind = content[at : at + 4]
        (size,) = struct.unpack("<I", content[at + 4 : at + 8])
        total = 8 + size + (size % 2)
        if at + 8 + size > end:
            raise CannotClean(f"a WebP chunk at byte {at} runs past the end")
        yield kind, content[at : at + total].ljust(total, b"\x00")
        at += total


def _riff(chunks: list[bytes]) -> bytes:
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body
