"""Photos through the command line: what the media folder holds is what the log says, and
what goes out (the site, a hook's payload) carries no private metadata."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest

from events.errors import IntegrityFailure
from images.folder import MediaFolder
from images.reading import read_image
from tests.support.cli import NewsroomCli
from tests.support.forgery import append_raw, publish_raw
from tests.support.photos import CAPTION, COPYRIGHT, ROTATED, SECRETS, found_in, revealing_jpeg

PUBLISHED_AT = "2024-11-14T06:00:00+00:00"


def media(cli: NewsroomCli) -> Path:
    return cli.workdir / "media"


def stored(cli: NewsroomCli, content: bytes, extension: str = ".jpg") -> Path:
    digest = hashlib.sha256(content).hexdigest()
    return media(cli) / digest[:2] / f"{digest}{extension}"


def everything_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def published_with(cli: NewsroomCli, article_id: str, *files: str) -> None:
    cli.ok(f"draft --id {article_id} --headline 'Snow in Baku' --category Society", actor="aysel")
    for file in files:
        cli.ok(f"photo add {article_id} {file} --caption 'Snow' --credit 'R. A.'", actor="aysel")
    cli.ok(f"submit {article_id}", actor="aysel")
    cli.ok(f"approve {article_id}", actor="kamran")
    cli.ok(f"publish {article_id}", actor="kamran")


def revealing_file(cli: NewsroomCli, name: str = "source.jpg") -> bytes:
    content = revealing_jpeg()
    (cli.workdir / name).write_bytes(content)
    return content


# --- photo add --------------------------------------------------------------------------


def test_half_a_jpeg_is_refused_with_the_reason_and_leaves_nothing(staffed: NewsroomCli) -> None:
    staffed.ok("draft --id snow --headline 'Snow in Baku' --category Society", actor="aysel")
    whole = staffed.image("whole.jpg").read_bytes()
    (staffed.workdir / "half.jpg").write_bytes(whole[: len(whole) // 2])
    before = len(staffed.events())
    refused = staffed.line("photo add snow half.jpg", actor="aysel")
    assert refused.code == 2
    assert refused.err.count("\n") == 1 and "half.jpg is a damaged image: " in refused.err
    assert "truncated" in refused.err and "Traceback" not in refused.err
    assert len(staffed.events()) == before
    assert everything_under(media(staffed)) == set()


def test_a_refused_add_never_removes_a_file_another_command_recorded(
    staffed: NewsroomCli,
) -> None:
    # The moment the race test may miss, played in order: one command has written its
    # bytes aside, another records the same picture, then the first is refused.
    staffed.ok("draft --id snow --headline 'Snow in Baku' --category Society", actor="aysel")
    image = read_image(staffed.image("same.jpg"))
    slow = MediaFolder(media(staffed)).stage(image.photo, image.content)
    staffed.ok("photo add snow same.jpg", actor="aysel")
    slow.discard()  # what a refused or failed `photo add` does
    copy = stored(staffed, image.content)
    assert copy.read_bytes() == image.content
    assert everything_under(media(staffed)) == {copy.parent.name, f"{copy.parent.name}/{copy.name}"}
    assert staffed.line("verify --media").code == 0


def test_a_file_under_a_photo_s_name_that_is_not_that_photo_is_never_recorded(
    staffed: NewsroomCli,
) -> None:
    staffed.ok("draft --id snow --headline 'Snow in Baku' --category Society", actor="aysel")
    content = staffed.image("snow.jpg").read_bytes()
    planted = stored(staffed, content)
    planted.parent.mkdir(parents=True)
    planted.write_bytes(b"someone else's bytes")
    refused = staffed.line("photo add snow snow.jpg", actor="aysel")
    assert refused.code == 7 and "has changed since it was added" in refused.err
    assert [e.event_type for e in staffed.events()].count("PhotoAdded") == 0
    assert planted.read_bytes() == b"someone else's bytes"


# --- verify --media ----------------------------------------------------------------------


def test_verify_media_hashes_every_file_again_and_names_each_problem(
    staffed: NewsroomCli,
) -> None:
    files = [staffed.image(f"p{n}.jpg", (40 + n, 30)) for n in range(4)]
    published_with(staffed, "snow", *(f.name for f in files))
    assert staffed.ok("verify --media").out.splitlines()[-1] == (
        "Every one of the 4 media files the log names is as added."
    )
    assert staffed.ok("verify --media --json").json()["media_files"] == 4
    copies = [stored(staffed, f.read_bytes()) for f in files]
    copies[0].unlink()
    copies[1].chmod(0o644)
    copies[1].write_bytes(b"retouched")
    elsewhere = staffed.workdir / "private.jpg"
    elsewhere.write_bytes(copies[2].read_bytes())  # the same bytes: only the link is wrong
    copies[2].unlink()
    copies[2].symlink_to(elsewhere)

    refused = staffed.line("verify --media")
    assert refused.code == 7 and refused.err.count("\n") == 1, refused.err
    assert f"{copies[0]} is missing" in refused.err
    assert "(photo " in refused.err and ".jpg, in snow)" in refused.err
    assert "and 2 more media files not as the log says" in refused.err
    listed = staffed.line("verify --media --json")
    assert listed.code == 7
    problems = {p["path"]: p["problem"] for p in listed.json()["media_problems"]}
    names = [str(c.relative_to(media(staffed))) for c in copies]
    assert problems[names[0]] == "is missing"
    assert problems[names[1]].startswith("has changed since it was added")
    assert problems[names[2]].startswith("is a symbolic link")
    assert names[3] not in problems
    assert json.loads(listed.err)["error"]["code"] == "integrity"


# --- site build ---------------------------------------------------------------------------


def test_the_site_shows_a_clean_copy_and_the_original_stays_as_added(
    staffed: NewsroomCli,
) -> None:
    original = revealing_file(staffed)
    published_with(staffed, "snow", "source.jpg")
    staffed.ok("site build site")
    on_site = (
        staffed.workdir / "site" / "media" / stored(staffed, original).relative_to(media(staffed))
    )
    public = on_site.read_bytes()
    for secret in SECRETS:
        assert secret.encode() not in public, secret
    shown = found_in(public)
    assert shown["gps"] == {} and shown["serial"] is None and shown["artist"] is None
    assert shown["xmp"] is None and shown["byline"] is None
    assert shown["orientation"] == ROTATED and shown["caption"] == CAPTION.encode()
    assert shown["copyright"] == COPYRIGHT and shown["pixels"] == found_in(original)["pixels"]
    kept = stored(staffed, original)
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == hashlib.sha256(original).hexdigest()
    assert on_site.stat().st_nlink == 1 and not on_site.samefile(kept)  # a copy, never a link


def test_a_symbolic_link_in_the_media_folder_is_refused_not_followed(
    staffed: NewsroomCli,
) -> None:
    photo = staffed.image("snow.jpg")
    published_with(staffed, "snow", "snow.jpg")
    kept = stored(staffed, photo.read_bytes())
    private = staffed.workdir / "private.jpg"
    private.write_bytes(kept.read_bytes())
    kept.unlink()
    kept.symlink_to(private)
    refused = staffed.line("site build site")
    assert refused.code == 7 and refused.err.count("\n") == 1
    assert f"{kept} is a symbolic link, which newsroom never follows" in refused.err
    assert not (staffed.workdir / "site").exists()
    assert [p.name for p in staffed.workdir.iterdir() if p.name.startswith(".site")] == []


def test_an_article_id_from_a_crafted_log_never_places_a_page_outside_the_site(
    staffed: NewsroomCli,
) -> None:
    published_with(staffed, "snow")
    publish_raw(staffed.workdir / "newsroom.db", "../../outside", PUBLISHED_AT)
    before = everything_under(staffed.workdir)
    refused = staffed.line("site build deep/site")
    assert refused.code == 7 and refused.err.count("\n") == 1
    assert "'../../outside', which cannot be a file name" in refused.err
    assert everything_under(staffed.workdir) == before  # no page, no site, nothing


def test_a_photo_hash_from_a_crafted_log_is_refused_wherever_the_log_is_read(
    staffed: NewsroomCli,
) -> None:
    staffed.ok("draft --id snow --headline 'Snow in Baku' --category Society", actor="aysel")
    data = {
        "article_id": "snow",
        "photo_id": "0123456789ab",
        "file": "x.jpg",
        "sha256": "../../../../etc/passwd",
        "size": 10,
        "width": 10,
        "height": 10,
        "media_type": "image/jpeg",
    }
    event = append_raw(staffed.workdir / "newsroom.db", "article:snow", "PhotoAdded", data)
    for command in ("show snow", "site build site", "verify --media"):
        refused = staffed.line(command)
        assert refused.code == 7, (command, refused.err)
        assert f"position {event.global_position}: its data is not a valid PhotoAdded" in (
            refused.err
        )
    another = staffed.image("snow.jpg")
    refused = staffed.line(f"photo add snow {another.name}", actor="aysel")
    assert refused.code == 7 and "not a valid PhotoAdded (sha256" in refused.err
    assert everything_under(media(staffed)) == set()


# --- hooks ---------------------------------------------------------------------------------

RECEIVER = """
import json, sys
with open(sys.argv[1], "a") as out:
    out.write(json.dumps(json.load(sys.stdin)) + "\\n")
"""


def wire_hook(staffed: NewsroomCli, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A hook `wire` that writes each payload it gets to the file returned, tried twice."""
    monkeypatch.setenv("NEWSROOM_HOOK_ATTEMPTS", "2")
    monkeypatch.setenv("NEWSROOM_HOOK_BACKOFF", "0.01")
    (staffed.workdir / "receiver.py").write_text(RECEIVER)
    received = staffed.workdir / "received.jsonl"
    program = f"{sys.executable} {staffed.workdir / 'receiver.py'} {received}"
    staffed.ok(f"hooks add wire --on ArticlePublished --exec '{program}'", actor="umud")
    return received


def test_a_hook_s_rendition_is_the_clean_copy(
    staffed: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    received = wire_hook(staffed, monkeypatch)
    original = revealing_file(staffed)
    published_with(staffed, "snow", "source.jpg")
    assert "wire: 1 delivered" in staffed.ok("hooks run", actor="umud").out
    [payload] = [json.loads(line) for line in received.read_text().splitlines()]
    [rendition] = payload["ninjs"]["associations"][0]["renditions"]
    copy = Path(url2pathname(urlsplit(rendition["href"]).path))
    assert copy.is_relative_to(media(staffed).resolve() / "public")
    public = copy.read_bytes()
    assert rendition["sizeinbytes"] == len(public) < len(original)
    for secret in SECRETS:
        assert secret.encode() not in public, secret
    assert found_in(public)["orientation"] == ROTATED
    assert stored(staffed, original).read_bytes() == original


def test_a_hook_whose_photo_changed_gets_a_dead_letter_not_the_changed_file(
    staffed: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    received = wire_hook(staffed, monkeypatch)
    photo = staffed.image("snow.jpg")
    published_with(staffed, "snow", "snow.jpg")
    kept = stored(staffed, photo.read_bytes())
    os.chmod(kept, 0o644)
    kept.write_bytes(revealing_jpeg())  # swapped for a picture nobody approved
    assert "wire: 0 delivered, 1 dead-lettered" in staffed.ok("hooks run", actor="umud").out
    assert not received.exists()
    letters = staffed.ok("hooks dead-letters --json").out
    assert "has changed since it was added" in letters


def test_reading_a_changed_photo_is_an_integrity_failure_naming_the_file(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "p.png"
    Image.new("RGB", (4, 4)).save(path)
    image = read_image(path)
    folder = MediaFolder(tmp_path / "media")
    staged = folder.stage(image.photo, image.content)
    staged.file()
    staged.discard()
    assert folder.read(image.photo) == image.content
    target = folder.path_of(image.photo)
    target.chmod(0o644)
    target.write_bytes(image.content + b"!")
    with pytest.raises(IntegrityFailure, match=str(target)):
        folder.read(image.photo)


def test_a_file_over_the_byte_limit_is_refused_for_its_size(tmp_path: Path) -> None:
    from events.errors import BadInput

    path = tmp_path / "big.jpg"
    path.write_bytes(b"\xff\xd8\xff" + b"\0" * 5000)  # only its size is looked at
    with pytest.raises(BadInput, match=r"big.jpg is larger than 4,096 bytes, the most"):
        read_image(path, max_bytes=4096)
