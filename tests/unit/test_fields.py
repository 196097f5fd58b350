"""Input checked at the edge: control characters, id patterns, lengths, numbers and times.

Each limit is tried at its boundary: exactly at it passes, one past it is refused.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from cli.options import Settings, resolve, whole_number
from events import models as ev
from events.errors import BadInput, RuleRefused
from events.instants import parse_time
from events.photo import Photo
from workflow import commands as cmd
from workflow.article import ARTICLE, PHOTOS_MAX, Article, command_of, refuse_more_photos
from workflow.decider import When
from workflow.fields import (
    ARTICLE_ID_PATTERN,
    PHOTO_ID_PATTERN,
    bad_character,
    refuse_bad_character,
    refuse_malformed,
)
from workflow.roles import Actor

BAKU = ZoneInfo("Asia/Baku")
A = "snow"
PHOTO = Photo("0123456789ab", "snow.jpg", "ab" * 32, 10, 4, 3, "image/jpeg")


# --- control characters -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "what"),
    [
        ("Snow\x1b[31m", 4, "a control character U+001B"),
        ("\x00", 0, "a control character U+0000"),
        ("Baku\x7f", 4, "a control character U+007F"),
        ("Baku \x85next", 5, "a control character U+0085"),  # C1: NEXT LINE
        ("ab\x9f", 2, "a control character U+009F"),  # the last of C1
        ("Bakı\tBaku", 4, "a control character U+0009"),  # a tab: one line only
        ("Bakı\nBaku", 4, "a control character U+000A"),
        ("a\x1bb\x07c", 1, "a control character U+001B"),  # the first is named
        ("Bak\udcff", 3, "a byte that is not UTF-8 (0xFF)"),  # how argv carries bad bytes
        ("x\ud800", 1, "an unpaired surrogate U+D800"),
    ],
)
def test_a_one_line_field_names_its_first_bad_character_and_where(
    text: str, position: int, what: str
) -> None:
    found = bad_character(text)
    assert found is not None
    assert (found.position, found.what) == (position, what)


@pytest.mark.parametrize(
    "text",
    [
        "Snow closes schools in Baku",
        "Bakı qarlı, Москва",
        "\xa0no-break\xa0space",  # U+00A0 is the first character past C1
        "zero\u200bwidth",  # a format character: lint's error, not the edge's
        "\u202eRTL override",
        "",
    ],
)
def test_printable_text_and_format_characters_pass_the_edge(text: str) -> None:
    assert bad_character(text) is None


def test_a_body_keeps_tabs_and_newlines_but_no_other_control() -> None:
    assert bad_character("One.\n\n\tTwo.", lines=True) is None
    found = bad_character("One.\r\nTwo.", lines=True)
    assert found is not None and (found.position, found.what) == (4, "a control character U+000D")


def test_the_refusal_is_one_sentence_naming_the_field() -> None:
    with pytest.raises(BadInput) as refused:
        refuse_bad_character("--body-file notes.txt", "ok\x00", lines=True)
    assert str(refused.value) == (
        "--body-file notes.txt has a control character U+0000 at position 2; remove it."
    )


# --- the command models: the edge, and only the edge ---------------------------------


@pytest.mark.parametrize(
    ("command", "fields", "field", "position"),
    [
        (cmd.DraftArticle, {"headline": "Snow\x1b", "category": "Society"}, "headline", 4),
        (cmd.DraftArticle, {"headline": "Snow", "category": "\x1bSociety"}, "category", 0),
        (cmd.DraftArticle, {"headline": "\x1fSnow", "category": "Society"}, "headline", 0),
        (cmd.DraftArticle, {"headline": "S", "category": "C", "byline": "Ay\x9bsel"}, "byline", 2),
        (cmd.DraftArticle, {"headline": "S", "category": "C", "body": "a\n\x00"}, "body", 2),
        (cmd.ReviseArticle, {"headline": "Snow\u0085in Baku"}, "headline", 4),
        (cmd.RequestChanges, {"reason": "Check\tthe figures"}, "reason", 5),
        (cmd.RetractArticle, {"reason": "Wrong\n"}, "reason", 5),
        (cmd.SpikeArticle, {"reason": "old\x1b"}, "reason", 3),
        (cmd.ApproveArticle, {"allow_lint": "As\x07 quoted"}, "allow_lint", 2),
        (cmd.CorrectArticle, {"note": "Fixed\x1b", "body": "New."}, "note", 5),
    ],
)
def test_every_text_field_of_a_command_refuses_control_characters(
    command: type[cmd.ArticleCommand], fields: dict[str, str], field: str, position: int
) -> None:
    with pytest.raises(BadInput) as refused:
        cmd.build(command, article_id=A, **fields)
    assert str(refused.value).startswith(f"{field} has a control character U+")
    assert f"at position {position};" in str(refused.value)
    assert refused.value.facts["field"] == field


@pytest.mark.parametrize(
    ("words", "field"),
    [
        ({"caption": "Baku\x1b in snow"}, "caption"),
        ({"credit": "Aysel\x00"}, "credit"),
        ({"file": "snow\x1b.jpg"}, "file name"),
    ],
)
def test_a_photo_caption_credit_and_file_name_are_checked(
    words: dict[str, str], field: str
) -> None:
    with pytest.raises(BadInput, match=f"^{field} has a control character"):
        cmd.build(cmd.AddPhoto, article_id=A, photo=replace(PHOTO, **words))


@pytest.mark.parametrize(
    ("command", "field", "limit"),
    [
        (cmd.AddPhoto, "caption", cmd.REASON_MAX),
        (cmd.AddPhoto, "credit", cmd.NAME_MAX),
        (cmd.SpikeArticle, "reason", cmd.REASON_MAX),
        (cmd.DraftArticle, "headline", cmd.HEADLINE_MAX),
    ],
)
def test_a_text_exactly_at_its_limit_passes_and_one_more_character_is_refused(
    command: type[cmd.ArticleCommand], field: str, limit: int
) -> None:
    def fields(length: int) -> dict[str, object]:
        text = "x" * length
        if command is cmd.AddPhoto:
            return {"photo": replace(PHOTO, **{field: text})}
        return (
            {"category": "Society", field: text} if command is cmd.DraftArticle else {field: text}
        )

    cmd.build(command, article_id=A, **fields(limit))
    with pytest.raises(BadInput, match=f"^{field} is too long: at most {limit} characters"):
        cmd.build(command, article_id=A, **fields(limit + 1))


def test_photo_ids_are_checked_by_their_pattern() -> None:
    cmd.build(cmd.RemovePhoto, article_id=A, photo_id="0123456789ab")
    with pytest.raises(BadInput, match=r"^photo_id 'p1' is not valid"):
        cmd.build(cmd.RemovePhoto, article_id=A, photo_id="p1")
    with pytest.raises(BadInput, match=r"^photo_id '0123456789AB' is not valid"):
        cmd.build(cmd.ReorderPhotos, article_id=A, photo_ids=("0123456789ab", "0123456789AB"))


def test_an_event_stored_before_the_edge_checks_is_still_decided_as_it_was() -> None:
    """`verify` and `import` rebuild each act's command from its event and decide it again:
    a headline with a control character, drafted before it was refused, must still be
    lawful, or old logs would no longer load."""
    drafted = ev.ArticleDrafted(
        article_id=A,
        headline="Snow\x1b[31m",
        body="Old\x00text",
        category="Soci\x85ety",
        language="en",
        byline="aysel",
    )
    again = command_of([drafted], None)
    when = When.at(datetime(2024, 11, 14, 10, 0, tzinfo=UTC))
    assert ARTICLE.decide(again, None, Actor("aysel", "reporter"), when) == [drafted]
    spiked = ev.ArticleSpiked(article_id=A, reason="x" * (cmd.REASON_MAX + 1))
    assert isinstance(command_of([spiked], None), cmd.SpikeArticle)
    with pytest.raises(BadInput):
        cmd.build(cmd.DraftArticle, **drafted.model_dump(exclude={"event_type"}))


# --- ids -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("snow", True),
        ("a" * 80, True),
        ("a" * 81, False),
        ("Snow", False),
        ("snow day", False),
        ("-snow", False),
        ("snow\n", False),
        ("../etc", False),
        ("", False),
    ],
)
def test_article_ids_by_their_pattern(value: str, ok: bool) -> None:
    if ok:
        refuse_malformed("article id", value, ARTICLE_ID_PATTERN)
    else:
        with pytest.raises(BadInput, match="lower-case letters, digits and dashes"):
            refuse_malformed("article id", value, ARTICLE_ID_PATTERN)


def test_a_photo_id_is_twelve_hex_digits() -> None:
    refuse_malformed("photo id", "0123456789ab", PHOTO_ID_PATTERN)
    for bad in ("0123456789a", "0123456789abc", "0123456789aG"):
        with pytest.raises(BadInput):
            refuse_malformed("photo id", bad, PHOTO_ID_PATTERN)


# --- photos per article ----------------------------------------------------------------


def test_an_article_takes_photos_up_to_its_maximum() -> None:
    def article(photos: int) -> Article:
        ids = tuple(f"{n:012x}" for n in range(photos))
        return Article(A, 1, "draft", "Snow", "", "Society", "en", "aysel", photo_ids=ids)

    refuse_more_photos(None)
    refuse_more_photos(article(PHOTOS_MAX - 1))
    with pytest.raises(RuleRefused, match=f"has {PHOTOS_MAX} photos, the most"):
        refuse_more_photos(article(PHOTOS_MAX))


# --- times ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["00:00 01.01.1900", "1900-01-01T00:00+00:00", "23:59 31.12.2200", "2200-12-31T23:59Z"]
)
def test_times_from_1900_to_2200_are_taken(text: str) -> None:
    assert 1900 <= parse_time(text, BAKU, "--at").year <= 2200


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("23:59 31.12.1899", 1899),
        ("1899-12-31T23:59:59+00:00", 1899),
        ("00:00 01.01.2201", 2201),
        ("0001-01-01T00:00:00+04:00", 1),  # a change of zone would overflow
        ("9999-12-31T23:59:59-05:00", 9999),
    ],
)
def test_times_outside_1900_to_2200_are_bad_input(text: str, year: int) -> None:
    with pytest.raises(BadInput, match=rf"^--at '.*' is in the year {year}: .* 1900 to 2200"):
        parse_time(text, BAKU, "--at")


# --- numbers from the environment ----------------------------------------------------


def _settings(**env: str) -> Settings:
    return resolve({}, {"NEWSROOM_ACTOR": "aysel", **env})


@pytest.mark.parametrize(
    ("name", "low", "high", "field"),
    [
        ("NEWSROOM_BODY_LIMIT", 1, 64 * 1024 * 1024, "body_limit"),
        ("NEWSROOM_PHOTO_LIMIT", 1, 1024 * 1024 * 1024, "photo_limit"),
        ("NEWSROOM_PHOTO_PIXELS", 1, 89_478_485, "photo_pixels"),
        ("NEWSROOM_HEADLINE_LIMIT", 1, 300, "headline_limit"),
        ("NEWSROOM_HOOK_ATTEMPTS", 1, 1000, "hook_attempts"),
    ],
)
def test_a_whole_number_variable_takes_its_range_and_nothing_else(
    name: str, low: int, high: int, field: str
) -> None:
    assert getattr(_settings(**{name: str(low)}), field) == low
    assert getattr(_settings(**{name: str(high)}), field) == high
    for bad in (str(low - 1), str(high + 1), "-1", "nan", "inf", "1e3", "12.5", " 5", "٣", "x"):
        with pytest.raises(BadInput, match=f"^{name} must be a whole number from {low} to {high}"):
            _settings(**{name: bad})


@pytest.mark.parametrize(
    "name", ["NEWSROOM_BUSY_TIMEOUT", "NEWSROOM_HOOK_BACKOFF", "NEWSROOM_HOOK_TIMEOUT"]
)
def test_a_seconds_variable_is_a_finite_number_from_0_to_a_day(name: str) -> None:
    assert _settings(**{name: "0"}) is not None
    assert _settings(**{name: "86400"}) is not None
    assert _settings(**{name: "0.25"}) is not None
    for bad in ("-0.1", "86400.5", "nan", "inf", "-inf", "1e400", "soon"):
        with pytest.raises(BadInput, match=f"^{name} must be a number of seconds from 0 to 86400"):
            _settings(**{name: bad})


def test_the_defaults_without_variables() -> None:
    settings = _settings()
    assert (settings.body_limit, settings.headline_limit) == (1024 * 1024, 140)


def test_whole_numbers_are_plain_ascii_digits() -> None:
    assert whole_number("0") == 0
    assert whole_number("0" * 50 + "12") == 12
    assert whole_number(str(2**63 - 1)) == 2**63 - 1
    for bad in ("", "-1", "+1", "1_000", " 1", "١٢", "²", "1" * 5000):
        assert whole_number(bad) is None
