"""Photos at the edge, with no store: what is accepted, and what a published copy keeps."""

from __future__ import annotations

import io

import pytest
from PIL import ExifTags, Image

from events.errors import BadInput
from images.public import CannotClean, public_rendition
from images.reading import inspect_image
from tests.support.photos import (
    AUTHOR,
    CAPTION,
    COPYRIGHT,
    CREATOR,
    ROTATED,
    SECRETS,
    SERIAL,
    XMP,
    found_in,
    png_claiming,
    revealing_exif,
    revealing_jpeg,
)


def encoded(kind: str, size: tuple[int, int] = (64, 48), **options: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, kind, **options)
    return out.getvalue()


# --- what photo add accepts -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_an_image_cut_in_half_is_damaged_not_accepted(kind: str) -> None:
    whole = encoded(kind, (200, 150))
    assert inspect_image("p", whole) == (kind, 200, 150)
    with pytest.raises(BadInput, match="p is a damaged"):
        inspect_image("p", whole[: len(whole) // 2])


def test_a_picture_over_the_pixel_limit_is_refused_for_its_size() -> None:
    with pytest.raises(BadInput, match=r"is 200 × 150 pixels \(30,000\), more than the 29,999"):
        inspect_image("p", encoded("JPEG", (200, 150)), max_pixels=29_999)


def test_a_decompression_bomb_is_too_large_not_corrupt() -> None:
    # 40,000 × 40,000 claimed by a file of 100 bytes: Pillow's bomb guard, said as such.
    with pytest.raises(BadInput, match="has too many pixels") as refused:
        inspect_image("bomb.png", png_claiming(40_000, 40_000))
    assert "damaged" not in str(refused.value) and "not a JPEG" not in str(refused.value)
    # Under Pillow's guard but over the newsroom's own limit: refused for its size too.
    with pytest.raises(
        BadInput, match=r"is 5000 × 4000 pixels \(20,000,000\), more than the 1,000,000"
    ):
        inspect_image("big.png", png_claiming(5_000, 4_000), max_pixels=1_000_000)


def test_a_renamed_text_file_is_not_an_image() -> None:
    with pytest.raises(BadInput, match="is not a JPEG, PNG or WebP image"):
        inspect_image("notes.jpg", b"Call the mayor's office back.\n")


# --- the public copy --------------------------------------------------------------------


def test_a_public_jpeg_loses_what_exposes_a_source_and_keeps_what_the_desk_set() -> None:
    original = revealing_jpeg()
    before = found_in(original)
    assert before["gps"] and before["serial"] == SERIAL and before["artist"] == AUTHOR
    assert CREATOR.encode() in before["xmp"] and before["byline"] == AUTHOR.encode()

    public = public_rendition(original, "image/jpeg")
    after = found_in(public)
    assert after["gps"] == {} and after["serial"] is None and after["artist"] is None
    assert after["xmp"] is None and after["byline"] is None
    for secret in SECRETS:
        assert secret.encode() not in public, secret
    assert after["orientation"] == ROTATED
    assert after["caption"] == CAPTION.encode()
    assert after["iptc_copyright"] == COPYRIGHT.encode() and after["copyright"] == COPYRIGHT
    assert after["pixels"] == before["pixels"]  # the very picture, not encoded again


def test_the_public_copy_is_the_same_bytes_every_time_and_cleaning_it_again_changes_nothing() -> (
    None
):
    original = revealing_jpeg()
    public = public_rendition(original, "image/jpeg")
    assert public_rendition(original, "image/jpeg") == public
    assert public_rendition(public, "image/jpeg") == public


def test_whatever_follows_the_end_of_a_jpeg_and_its_thumbnail_stay_behind() -> None:
    exif = revealing_exif()
    with_thumbnail = encoded("JPEG", (64, 48), exif=exif)
    hidden = b"\xff\xd8second picture of the source's face\xff\xd9"
    public = public_rendition(with_thumbnail + hidden, "image/jpeg")
    assert b"source's face" not in public and public.endswith(b"\xff\xd9")
    assert found_in(public)["pixels"] == found_in(with_thumbnail)["pixels"]


@pytest.mark.parametrize(("kind", "media_type"), [("PNG", "image/png"), ("WEBP", "image/webp")])
def test_public_png_and_webp_lose_the_author_and_position_and_keep_the_orientation(
    kind: str, media_type: str
) -> None:
    options: dict[str, object] = {"exif": revealing_exif()}
    if kind == "WEBP":
        options["xmp"] = XMP
        options["lossless"] = True
    original = encoded(kind, (40, 30), **options)
    assert AUTHOR.encode() in original
    public = public_rendition(original, media_type)
    for secret in SECRETS:
        assert secret.encode() not in public, secret
    after = found_in(public)
    assert after["orientation"] == ROTATED and after["copyright"] == COPYRIGHT
    assert after["gps"] == {} and after["artist"] is None
    assert after["pixels"] == found_in(original)["pixels"]


def test_a_plain_photo_gains_nothing_and_loses_no_pixel() -> None:
    original = encoded("JPEG")
    public = public_rendition(original, "image/jpeg")
    assert found_in(public)["pixels"] == found_in(original)["pixels"]
    assert found_in(public)["orientation"] is None


def test_a_file_that_is_not_what_its_type_says_gets_no_public_copy() -> None:
    with pytest.raises(CannotClean):
        public_rendition(encoded("PNG"), "image/jpeg")
    assert ExifTags.Base.Orientation == 0x0112  # the tag the copies keep
