"""Step definitions for hostile input, the media part: photos a reporter brings, damaged
exports, a log written behind newsroom's back, and the media folder tampered with.

Export damage is done to the file's bytes as an editor or a broken disk would; a line
"signed anew" is what someone holding that person's key can make: new data, a fresh
digest and signature, and every later link (and the closing line) recomputed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pytest_bdd import given, then

from events.catalog import MEDIA_TYPES
from events.chain import canonical_json
from events.envelope import RecordedEvent
from events.export import FIELDS, TRAILER
from tests.steps.audit import resealed, signed_anew
from tests.steps.common import Scene, make_image, step
from tests.support.forgery import append_raw, publish_raw
from tests.support.photos import (
    CAPTION,
    COPYRIGHT,
    ROTATED,
    SECRETS,
    found_in,
    png_claiming,
    revealing_jpeg,
)

PUBLISHED_AT = "2024-11-14T06:00:00+00:00"  # the scenarios' morning, in UTC


# --- photos ---------------------------------------------------------------------------


@given(step('a JPEG image "{name}" cut off halfway'))
def _(scene: Scene, name: str) -> None:
    path = make_image(scene.cli.workdir, name, "JPEG", (800, 600))
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])


@given(step('a PNG image "{name}" claiming {width:d} by {height:d} pixels in a few bytes'))
def _(scene: Scene, name: str, width: int, height: int) -> None:
    (scene.cli.workdir / name).write_bytes(png_claiming(width, height))


@given(
    step(
        'a JPEG image "{name}" from a source\'s camera, with a GPS position, its serial '
        "number, an author, an XMP creator, and the desk's caption and copyright"
    )
)
def _(scene: Scene, name: str) -> None:
    (scene.cli.workdir / name).write_bytes(revealing_jpeg())


def media_file(scene: Scene, name: str) -> Path:
    """Where the media folder keeps the photo added from the file `name`."""
    added = [e.data for e in scene.log() if e.event_type == "PhotoAdded" and e.data["file"] == name]
    assert added, f"no PhotoAdded for {name}"
    sha256, media_type = added[-1]["sha256"], added[-1]["media_type"]
    return Path(sha256[:2]) / f"{sha256}{MEDIA_TYPES[media_type]}"


@given(step('the media file of "{name}" has been replaced by a link to a private copy'))
def _(scene: Scene, name: str) -> None:
    kept = scene.cli.workdir / "media" / media_file(scene, name)
    private = scene.cli.workdir / f"private-{name}"
    private.write_bytes(kept.read_bytes())  # the very bytes: only the link is wrong
    kept.unlink()
    kept.symlink_to(private)


@given(step('the media file of "{name}" has been retouched'))
def _(scene: Scene, name: str) -> None:
    kept = scene.cli.workdir / "media" / media_file(scene, name)
    os.chmod(kept, 0o644)
    kept.write_bytes(kept.read_bytes() + b"retouched")


def site_copy(scene: Scene, name: str) -> bytes:
    return (scene.cli.workdir / "site" / "media" / media_file(scene, name)).read_bytes()


@then(
    step('the site\'s copy of "{name}" has no GPS position, serial number, author or XMP creator')
)
def _(scene: Scene, name: str) -> None:
    content = site_copy(scene, name)
    shown = found_in(content)
    assert shown["gps"] == {} and shown["serial"] is None and shown["artist"] is None
    assert shown["xmp"] is None and shown["byline"] is None
    for secret in SECRETS:
        assert secret.encode() not in content, f"{secret!r} is still in the site's copy"


@then(step('the site\'s copy of "{name}" keeps its orientation, caption and copyright'))
def _(scene: Scene, name: str) -> None:
    shown = found_in(site_copy(scene, name))
    assert shown["orientation"] == ROTATED
    assert shown["caption"] == CAPTION.encode()
    assert shown["copyright"] == COPYRIGHT and shown["iptc_copyright"] == COPYRIGHT.encode()


@then(step('the site\'s copy of "{name}" is a file of its own, not a link'))
def _(scene: Scene, name: str) -> None:
    relative = media_file(scene, name)
    copy = scene.cli.workdir / "site" / "media" / relative
    assert not copy.is_symlink() and copy.stat().st_nlink == 1
    assert not copy.samefile(scene.cli.workdir / "media" / relative)


# --- a log written behind newsroom's back ------------------------------------------------


@given(step('a database writer has published an article with the id "{article_id}"'))
def _(scene: Scene, article_id: str) -> None:
    publish_raw(scene.cli.workdir / "newsroom.db", article_id, PUBLISHED_AT)


@given(step('a database writer has added a photo to {article_id:Id} with the hash "{digest}"'))
def _(scene: Scene, article_id: str, digest: str) -> None:
    data = {
        "article_id": article_id,
        "photo_id": "0123456789ab",
        "file": "x.jpg",
        "sha256": digest,
        "size": 10,
        "width": 10,
        "height": 10,
        "media_type": "image/jpeg",
    }
    append_raw(scene.cli.workdir / "newsroom.db", f"article:{article_id}", "PhotoAdded", data)


@then(step('there is no file "{name}" anywhere in the newsroom\'s folder'))
def _(scene: Scene, name: str) -> None:
    root = scene.cli.workdir
    found = [*root.rglob(name), *root.parent.glob(name)]
    assert not found, f"written outside its folder: {found}"


# --- damaged exports ----------------------------------------------------------------------


@given(step('the log of snow with a photo has been exported to "{file}"'))
def _(scene: Scene, file: str) -> None:
    make_image(scene.cli.workdir, "snow.jpg", "JPEG", (800, 600))
    scene.given("photo add snow snow.jpg", "aysel")
    scene.given(f"export {file}", "rashad")


def lines_of(scene: Scene, file: str) -> list[bytes]:
    return (scene.cli.workdir / file).read_bytes().splitlines(keepends=True)


def write_lines(scene: Scene, file: str, lines: list[bytes]) -> None:
    (scene.cli.workdir / file).write_bytes(b"".join(lines))


@given(step('binary bytes have been written over line {number:d} of "{file}"'))
def _(scene: Scene, number: int, file: str) -> None:
    lines = lines_of(scene, file)
    lines[number - 1] = b"\x00\x01\x02\xfe\xff\x80 a sector of the disk\x00\n"
    write_lines(scene, file, lines)


@given(step('a byte that is not UTF-8 has been put into "{text}" on line {number:d} of "{file}"'))
def _(scene: Scene, text: str, number: int, file: str) -> None:
    lines = lines_of(scene, file)
    wanted = text.encode()
    assert wanted in lines[number - 1], f"{text!r} is not in line {number}"
    lines[number - 1] = lines[number - 1].replace(wanted, wanted[:2] + b"\xff" + wanted[3:])
    write_lines(scene, file, lines)


@given(step('line {number:d} of "{file}" has been repeated'))
def _(scene: Scene, number: int, file: str) -> None:
    lines = lines_of(scene, file)
    lines.insert(number, lines[number - 1])
    write_lines(scene, file, lines)


@given(step('the last line of "{file}" has lost its end of line'))
def _(scene: Scene, file: str) -> None:
    lines = lines_of(scene, file)
    assert lines[-1].endswith(b"\n")
    lines[-1] = lines[-1][:-1]
    write_lines(scene, file, lines)


@given(step('line {number:d} of "{file}" has been replaced by "{text}"'))
def _(scene: Scene, number: int, file: str, text: str) -> None:
    lines = lines_of(scene, file)
    lines[number - 1] = text.encode() + b"\n"
    write_lines(scene, file, lines)


@given(step('the position on line {number:d} of "{file}" has been written as text'))
def _(scene: Scene, number: int, file: str) -> None:
    lines = lines_of(scene, file)
    item = json.loads(lines[number - 1])
    item["global_position"] = str(item["global_position"])
    lines[number - 1] = canonical_json(item).encode() + b"\n"
    write_lines(scene, file, lines)


def signed_anew_in_file(scene: Scene, file: str, number: int, signer: str, **changes: Any) -> None:
    """Line `number` changed and signed with `signer`'s key, each later line linked to it
    again, and the closing line naming the new last hash: a file only the rules can fault."""
    lines = lines_of(scene, file)
    events = [RecordedEvent(**json.loads(line)) for line in lines[:-1]]
    closing = json.loads(lines[-1])
    at = number - 1
    previous = events[at - 1].hash if at else "0" * 64
    events[at] = signed_anew(events[at], previous, signer, **changes)
    for later in range(at + 1, len(events)):
        events[later] = resealed(events[later], events[later - 1].hash)
    closing[TRAILER]["last_hash"] = events[-1].hash
    rewritten = [
        canonical_json({name: getattr(event, name) for name in FIELDS}).encode() + b"\n"
        for event in events
    ]
    write_lines(scene, file, [*rewritten, canonical_json(closing).encode() + b"\n"])


@given(
    step(
        'someone holding {signer:Name}\'s key has set {name} to "{value}" in line '
        '{number:d} of "{file}" and signed it anew'
    )
)
def _(scene: Scene, signer: str, name: str, value: str, number: int, file: str) -> None:
    data = json.loads(lines_of(scene, file)[number - 1])["data"]
    assert name in data, f"line {number} has no {name}"
    signed_anew_in_file(scene, file, number, signer, data={**data, name: value})


@given(
    step(
        "someone holding {signer:Name}'s key has renamed the event of line {number:d} of "
        '"{file}" to {event_type:Event} and signed it anew'
    )
)
def _(scene: Scene, signer: str, number: int, file: str, event_type: str) -> None:
    signed_anew_in_file(scene, file, number, signer, event_type=event_type)
