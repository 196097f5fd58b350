"""Photos that carry what a camera and a photo desk write into them, and what a reader finds.

`revealing_jpeg` is what a source's own camera might hand a reporter: a GPS position,
the camera's serial number, the owner's name as author, an XMP creator and an IPTC
by-line, beside what the desk means to publish (orientation, caption, copyright).
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

from PIL import ExifTags, Image, IptcImagePlugin

CAPTION = "Fountain Square under snow"
COPYRIGHT = "(c) Newsroom Agency"
AUTHOR = "Farid Secret-Source"
SERIAL = "SN-0042-4242"
CREATOR = "Leyla Hidden-Creator"
GPS = {1: "N", 2: (40.0, 22.0, 30.5), 3: "E", 4: (49.0, 50.0, 10.25)}
ROTATED = 6  # shown turned a quarter to the right
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{CREATOR}</dc:creator>'
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
).encode()
SECRETS = (AUTHOR, SERIAL, CREATOR, "GPS")


def iptc_segment(records: dict[tuple[int, int], bytes]) -> bytes:
    """A JPEG APP13 segment holding IPTC IIM datasets, as photo desks' tools write it."""
    iim = b"".join(
        b"\x1c" + bytes(key) + struct.pack(">H", len(value)) + value
        for key, value in records.items()
    )
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(iim))
    payload = b"Photoshop 3.0\x00" + resource + iim + (b"\0" if len(iim) % 2 else b"")
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def revealing_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = ROTATED
    exif[ExifTags.Base.Artist] = AUTHOR
    exif[ExifTags.Base.Copyright] = COPYRIGHT
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = SERIAL
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    return exif


def revealing_jpeg(
    size: tuple[int, int] = (96, 64), colour: tuple[int, int, int] = (200, 60, 30)
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", exif=revealing_exif(), xmp=XMP)
    plain = out.getvalue()
    desk = iptc_segment(
        {(2, 120): CAPTION.encode(), (2, 116): COPYRIGHT.encode(), (2, 80): AUTHOR.encode()}
    )
    return plain[:2] + desk + plain[2:]  # right after the start of image, as desks put it


def found_in(content: bytes) -> dict[str, Any]:
    """What any reader of the file finds in it: the tags, the XMP, the IPTC, the pixels."""
    with Image.open(io.BytesIO(content)) as image:
        image.load()
        exif = image.getexif()
        iptc = IptcImagePlugin.getiptcinfo(image) or {}
        return {
            "orientation": exif.get(ExifTags.Base.Orientation),
            "copyright": exif.get(ExifTags.Base.Copyright),
            "artist": exif.get(ExifTags.Base.Artist),
            "gps": dict(exif.get_ifd(ExifTags.IFD.GPSInfo)),
            "serial": exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.BodySerialNumber),
            "xmp": image.info.get("xmp"),
            "caption": iptc.get((2, 120)),
            "iptc_copyright": iptc.get((2, 116)),
            "byline": iptc.get((2, 80)),
            "size": image.size,
            "pixels": image.tobytes(),
        }


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a size its few bytes of data never fill: a decompression
    bomb's shape, without its weight."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )
