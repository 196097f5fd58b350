"""Hostile input at the command line's edge: text, numbers, times, ids, bodies, photos, env.

Every refusal is exit 2 (or 3 for a well-formed id that names nothing), one line on
stderr, nothing on stdout, and no event written.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from events.catalog import POSITION_MAX, VERSION_MAX
from tests.support.cli import NewsroomCli, Result
from tests.support.fixtures import STAFF
from tests.support.keys import key_file
from tests.support.pg import pg_schema_url

HASH = "0" * 64


@pytest.fixture
def desk(staffed: NewsroomCli) -> NewsroomCli:
    """A draft (snow) with one photo, and a published article (rain)."""
    return _articles(staffed)


@pytest.fixture
def pg_desk(newsroom: NewsroomCli, monkeypatch: pytest.MonkeyPatch) -> Iterator[NewsroomCli]:
    """The same desk on PostgreSQL, whose columns are where large numbers overflowed."""
    with pg_schema_url() as url:
        newsroom.store_url = url
        monkeypatch.setenv("NEWSROOM_STORE", url)
        newsroom.at("")  # the server's own clock
        newsroom.ok("init --chief umud", actor="umud")
        for name, role in STAFF.items():
            if role != "chief":
                newsroom.ok(f"staff add {name} --role {role}", actor="umud")
        yield _articles(newsroom)


def _articles(newsroom: NewsroomCli) -> NewsroomCli:
    newsroom.ok("draft --id snow --headline 'Snow in Baku' --category Society", actor="aysel")
    newsroom.image("snow.jpg", (800, 600))
    newsroom.ok("photo add snow snow.jpg", actor="aysel")
    newsroom.publish_new("rain", "Rain in Baku")
    return newsroom


def refused(newsroom: NewsroomCli, code: int, *argv: str, actor: str | None = "aysel") -> str:
    """Run a command that must be refused with `code`, write nothing; its one error line."""
    before = len(newsroom.events())
    result = newsroom.run(*argv, actor=actor)
    assert result.code == code, f"exit {result.code}, not {code}: {result.err or result.out}"
    assert_one_line(result)
    assert len(newsroom.events()) == before, "a refused command wrote to the log"
    return result.err


def assert_one_line(result: Result) -> None:
    assert result.out == "", f"a refusal printed on stdout: {result.out!r}"
    assert result.err.endswith("\n") and result.err.count("\n") == 1, repr(result.err)
    assert "Traceback" not in result.err and "Internal error" not in result.err


# --- control characters in every text field ------------------------------------------


CONTROLS = [
    (["draft", "--headline", "Snow\x1b[2J", "--category", "Society"], "aysel", "--headline"),
    (["draft", "--headline", "Snow", "--category", "Soc\x85iety"], "aysel", "--category"),
    (["draft", "--headline", "S", "--category", "C", "--byline", "A\x07"], "aysel", "--byline"),
    (["draft", "--headline", "S", "--category", "C", "--body", "a\x00b"], "aysel", "--body"),
    (["revise", "snow", "--headline", "\x1fSnow"], "aysel", "--headline"),
    (["photo", "add", "snow", "rain.jpg", "--caption", "Baku\x1b"], "aysel", "--caption"),
    (["photo", "add", "snow", "rain.jpg", "--credit", "\x9bAysel"], "aysel", "--credit"),
    (["submit", "snow", "--command-id", "retry\x1b"], "aysel", "--command-id"),
    (["spike", "snow", "--reason", "Dup\x0blicate"], "kamran", "--reason"),
    (["retract", "rain", "--reason", "Sources\rwithdrew"], "umud", "--reason"),
    (["correct", "rain", "--note", "Fixed\x1b", "--body", "New."], "leyla", "--note"),
    (["hooks", "add", "site", "--on", "ArticlePublished", "--exec", "x\x1b"], "umud", "target"),
]


def test_a_control_character_in_any_text_field_is_refused_naming_it(desk: NewsroomCli) -> None:
    desk.image("rain.jpg", (320, 200))
    for argv, actor, said in CONTROLS:
        err = refused(desk, 2, *argv, actor=actor)
        assert err.startswith(f"newsroom: {said} has a control character U+"), err
        assert "at position" in err and err.endswith("; remove it.\n"), err


def test_a_request_for_changes_names_where_its_reason_holds_the_character(
    desk: NewsroomCli,
) -> None:
    desk.ok("submit snow", actor="aysel")
    err = refused(desk, 2, "request-changes", "snow", "--reason", "Check\x1b[0m it", actor="kamran")
    assert err == "newsroom: --reason has a control character U+001B at position 5; remove it.\n"


def test_a_byte_that_is_not_utf8_in_an_argument_is_refused(desk: NewsroomCli) -> None:
    # How Python hands over argv bytes that are not UTF-8 (surrogateescape).
    err = refused(desk, 2, "revise", "snow", "--headline", "Bak\udcff")
    assert "--headline has a byte that is not UTF-8 (0xFF) at position 3" in err


def test_a_photo_file_name_with_a_control_character_is_refused(desk: NewsroomCli) -> None:
    desk.image("rain\x1b.jpg", (320, 200))
    err = refused(desk, 2, "photo", "add", "snow", "rain\x1b.jpg")
    assert "file name has a control character U+001B at position 4" in err
    assert len(list((desk.workdir / "media").rglob("*.jpg"))) == 1  # snow.jpg's alone


def test_an_acting_name_that_no_staff_member_could_have_is_bad_input(desk: NewsroomCli) -> None:
    key = str(key_file("aysel"))
    err = refused(desk, 2, "submit", "snow", "--as", "aysel\x1b", "--key", key, actor=None)
    assert "--as 'aysel\\x1b' is not valid" in err


def test_a_command_id_longer_than_the_store_keeps_is_refused(desk: NewsroomCli) -> None:
    assert "--command-id is too long: at most 200" in refused(
        desk, 2, "submit", "snow", "--command-id", "x" * 201
    )
    desk.ok(f"submit snow --command-id {'x' * 200}", actor="aysel")


def test_text_with_format_characters_is_left_to_lint(desk: NewsroomCli) -> None:
    """A zero-width space is no control character: drafted, then flagged by lint."""
    desk.ok("revise snow --headline 'Snow\u200bin Baku'", actor="aysel")
    assert "ZERO WIDTH SPACE" in desk.ok("lint snow").out


# --- numbers ---------------------------------------------------------------------------

TOO_BIG = str(POSITION_MAX + 1)
BIGGEST = str(POSITION_MAX)


OUT_OF_RANGE = [
    ["log", "--limit", TOO_BIG],
    ["log", "--limit", "9" * 30],
    ["log", "--from", TOO_BIG],
    ["log", "--from", "0"],
    ["list", "--limit", TOO_BIG],
    ["list", "--limit", "-1"],
    ["ticker", "--limit", TOO_BIG],
    ["export", "--from", TOO_BIG],
    ["export", "--until", TOO_BIG],
    ["signature", TOO_BIG],
    ["show", "snow", "--version", str(VERSION_MAX + 1)],
    ["prove", "rain", "--version", str(VERSION_MAX + 1)],
    ["diff", "snow", "1", str(VERSION_MAX + 1)],
    ["diff", "snow", "nan", "2"],
    ["revise", "snow", "--body", "x", "--expected-version", str(VERSION_MAX + 1)],
    ["show", "snow", "--as-of", f"#{TOO_BIG}"],
    ["show", "snow", "--as-of", "#0"],
    ["show", "snow", "--as-of", "#²"],
    ["list", "--as-of", "#-5"],
    ["verify", "--against", f"{TOO_BIG}:{HASH}"],
    ["verify", "--against", f"²:{HASH}"],
    ["hooks", "run", "--poll", "nan"],
    ["hooks", "run", "--poll", "inf"],
]


def test_a_number_out_of_range_is_bad_input(desk: NewsroomCli) -> None:
    for argv in OUT_OF_RANGE:
        refused(desk, 2, *argv)


AT_THE_BOUND = [
    (["log", "--limit", BIGGEST], 0),
    (["log", "--from", BIGGEST], 0),
    (["list", "--limit", BIGGEST], 0),
    (["ticker", "--limit", BIGGEST], 0),
    (["export", "--from", BIGGEST], 0),
    (["export", "--until", BIGGEST], 0),
    (["show", "snow", "--as-of", f"#{BIGGEST}"], 0),
    (["show", "snow", "--version", str(VERSION_MAX)], 3),
    (["diff", "snow", "1", str(VERSION_MAX)], 3),
    (["prove", "rain", "--version", str(VERSION_MAX)], 3),
    (["signature", BIGGEST], 3),
    (["revise", "snow", "--body", "x", "--expected-version", str(VERSION_MAX)], 6),
]


def test_the_largest_number_the_store_holds_is_still_taken(desk: NewsroomCli) -> None:
    _at_the_bound(desk)


@pytest.mark.pg
def test_numbers_at_and_past_the_bounds_on_postgresql(pg_desk: NewsroomCli) -> None:
    _at_the_bound(pg_desk)
    for argv in OUT_OF_RANGE:
        refused(pg_desk, 2, *argv)


def _at_the_bound(newsroom: NewsroomCli) -> None:
    for argv, code in AT_THE_BOUND:
        result = newsroom.run(*argv, actor="aysel")
        assert result.code == code, f"{argv}: {result.err}"
        if code:
            assert_one_line(result)


def test_an_export_range_upside_down_is_refused_not_empty(desk: NewsroomCli) -> None:
    err = refused(desk, 2, "export", "--from", "30", "--until", "20")
    assert err == "newsroom: --until 20 comes before --from 30: the range selects nothing.\n"
    assert not list(desk.workdir.glob("*.jsonl"))
    one = desk.ok("export --from 3 --until 3").out.splitlines()
    assert len(one) == 2  # the event, and the head line that closes every export


def test_a_log_window_upside_down_is_refused(desk: NewsroomCli) -> None:
    since, until = "2024-11-14T12:00+04:00", "2024-11-14T11:00+04:00"
    err = refused(desk, 2, "log", "--since", since, "--until", until)
    assert f"--until {until} comes before --since {since}" in err
    assert desk.ok(f"log --since {until} --until {until}").out == ""


# --- times -----------------------------------------------------------------------------


OUT_OF_TIME = [
    ["publish", "rain", "--at", "10:00 01.01.1000"],
    ["show", "snow", "--as-of", "1899-12-31T23:59:59Z"],
    ["list", "--as-of", "00:00 01.01.2201"],
    ["ticker", "--as-of", "9999-12-31T23:59:59-05:00"],
    ["log", "--since", "0001-01-01T00:00:00+04:00"],
    ["log", "--until", "2201-01-01T00:00Z"],
    ["site", "build", "site", "--as-of", "1000-01-01T00:00Z"],
]


def test_a_time_outside_1900_to_2200_is_bad_input(desk: NewsroomCli) -> None:
    for argv in OUT_OF_TIME:
        err = refused(desk, 2, *argv, actor="kamran")
        assert "a time must fall in the years 1900 to 2200" in err, err
    assert not (desk.workdir / "site").exists()


def test_the_first_and_last_moments_of_the_range_are_taken(desk: NewsroomCli) -> None:
    assert desk.ok("log --since 1900-01-01T00:00Z --until 2200-12-31T23:59:59Z").out
    assert desk.ok("ticker --as-of '23:59 31.12.2200'").out


def test_a_pinned_clock_outside_the_range_is_bad_input(
    desk: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.pinned("1000-01-01T00:00Z")
    err = refused(desk, 2, "revise", "snow", "--headline", "Snow", actor="umud")
    assert "NEWSROOM_NOW '1000-01-01T00:00Z' is in the year 1000" in err


# --- ids -----------------------------------------------------------------------------

MALFORMED = ["Snow Day", "../etc/passwd", "snow\x1b", "snow_day", "a" * 81, ""]


TAKING_AN_ID = [
    ["show", "{}"],
    ["history", "{}"],
    ["diff", "{}", "1", "2"],
    ["prove", "{}"],
    ["lint", "{}"],
    ["submit", "{}"],
    ["photo", "remove", "{}", "0123456789ab"],
    ["log", "--stream", "{}"],
]


def test_a_malformed_article_id_is_bad_input_everywhere(desk: NewsroomCli) -> None:
    for command in TAKING_AN_ID:
        for bad in MALFORMED:
            argv = [bad if word == "{}" else word for word in command]
            assert "is not" in refused(desk, 2, *argv), argv


UNKNOWN = [
    ["show", "nowhere"],
    ["history", "nowhere"],
    ["diff", "nowhere", "1", "2"],
    ["prove", "nowhere"],
    ["lint", "nowhere"],
    ["submit", "nowhere"],
    ["photo", "remove", "snow", "0123456789ab"],
    ["hooks", "retry", "nowhere"],
]


def test_a_well_formed_id_that_names_nothing_is_not_found(desk: NewsroomCli) -> None:
    for argv in UNKNOWN:
        refused(desk, 3, *argv, actor="umud")


OTHER_MALFORMED = [
    ["photo", "remove", "snow", "snow.jpg"],
    ["photo", "reorder", "snow", "0123456789AB"],
    ["hooks", "retry", "Site Hook"],
    ["hooks", "dead-letters", "site/hook"],
    ["log", "--actor", "aysel\x1b"],
    ["log", "--stream", "article:"],
    ["list", "--category", "Society\x1b[0m"],
]


def test_other_malformed_ids_and_names_are_bad_input(desk: NewsroomCli) -> None:
    for argv in OTHER_MALFORMED:
        refused(desk, 2, *argv, actor="umud")


# --- the body ----------------------------------------------------------------------------


def test_a_body_exactly_at_the_limit_passes_and_one_byte_more_is_refused(
    desk: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSROOM_BODY_LIMIT", "10")
    desk.ok("revise snow --body əəəəə", actor="aysel")  # five letters, ten bytes
    err = refused(desk, 2, "revise", "snow", "--body", "əəəəəx")
    assert err == (
        "newsroom: --body is longer than the body limit of 10 bytes (NEWSROOM_BODY_LIMIT); "
        "shorten the text.\n"
    )
    (desk.workdir / "ten.txt").write_bytes(b"0123456789")
    (desk.workdir / "eleven.txt").write_bytes(b"0123456789A")
    desk.ok("revise snow --body-file ten.txt", actor="aysel")
    assert "--body-file eleven.txt is longer than the body limit of 10 bytes" in refused(
        desk, 2, "revise", "snow", "--body-file", "eleven.txt"
    )


def test_an_endless_body_file_is_refused_at_the_default_limit(desk: NewsroomCli) -> None:
    started = time.perf_counter()
    err = refused(
        desk, 2, "draft", "--headline", "Zero", "--category", "C", "--body-file", "/dev/zero"
    )
    assert "--body-file /dev/zero is longer than the body limit of 1048576 bytes" in err
    assert time.perf_counter() - started < 5


def test_an_endless_standard_input_is_read_no_further_than_the_limit(
    desk: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSROOM_BODY_LIMIT", "1000")
    endless = _Endless()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(endless))  # type: ignore[arg-type]
    err = refused(desk, 2, "revise", "snow", "--body-file", "-")
    assert "--body-file - (standard input) is longer than the body limit of 1000 bytes" in err
    assert endless.given <= 1001 + io.DEFAULT_BUFFER_SIZE


class _Endless(io.RawIOBase):
    """Standard input that never ends; counts what was taken from it."""

    given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        buffer[:] = b"a" * len(buffer)
        self.given += len(buffer)
        return len(buffer)


def test_a_body_file_that_is_not_utf8_names_the_file_and_the_byte(desk: NewsroomCli) -> None:
    (desk.workdir / "latin1.txt").write_bytes("Bakı qarlı".encode()[:3] + b"\xfe rest")
    err = refused(desk, 2, "revise", "snow", "--body-file", "latin1.txt")
    assert err == (
        "newsroom: --body-file latin1.txt is not UTF-8 text (byte 3 is 0xFE); save it as UTF-8.\n"
    )


def test_a_control_character_in_a_body_file_names_the_file_and_position(
    desk: NewsroomCli,
) -> None:
    (desk.workdir / "esc.txt").write_text("Para one.\n\nPara\x1b[31m two.", encoding="utf-8")
    err = refused(desk, 2, "revise", "snow", "--body-file", "esc.txt")
    assert "--body-file esc.txt has a control character U+001B at position 15" in err


def test_a_body_keeps_its_tabs_and_newlines_and_windows_line_ends_become_newlines(
    desk: NewsroomCli,
) -> None:
    (desk.workdir / "crlf.txt").write_bytes(b"One.\r\n\tTwo.\rThree.")
    desk.ok("revise snow --body-file crlf.txt", actor="aysel")
    assert desk.run("show", "snow", "--json").json()["body"] == "One.\n\tTwo.\nThree."


# --- photos ---------------------------------------------------------------------------


def test_a_photo_file_over_the_limit_is_refused_before_it_is_read(
    desk: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = desk.image("big.png", (64, 64), "PNG").stat().st_size
    monkeypatch.setenv("NEWSROOM_PHOTO_LIMIT", str(size - 1))
    err = refused(desk, 2, "photo", "add", "snow", "big.png")
    assert f"big.png is {size} bytes, over the photo limit of {size - 1} bytes" in err
    assert len(list((desk.workdir / "media").rglob("*.png"))) == 0
    monkeypatch.setenv("NEWSROOM_PHOTO_LIMIT", str(size))
    desk.ok("photo add snow big.png", actor="aysel")


def test_a_photo_over_the_pixel_limit_is_refused(
    desk: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.image("wide.jpg", (400, 300))
    monkeypatch.setenv("NEWSROOM_PHOTO_PIXELS", str(400 * 300 - 1))
    err = refused(desk, 2, "photo", "add", "snow", "wide.jpg")
    assert "wide.jpg is 400×300 pixels, over the photo limit of 119999 pixels" in err
    monkeypatch.setenv("NEWSROOM_PHOTO_PIXELS", str(400 * 300))
    desk.ok("photo add snow wide.jpg", actor="aysel")


def test_an_article_full_of_photos_takes_no_more(
    desk: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("workflow.article.PHOTOS_MAX", 2)  # snow has one already
    desk.image("two.jpg", (320, 200))
    desk.ok("photo add snow two.jpg", actor="aysel")
    desk.image("three.jpg", (200, 320))
    err = refused(desk, 4, "photo", "add", "snow", "three.jpg")
    assert "Article snow has 2 photos, the most an article may have" in err
    assert len(list((desk.workdir / "media").rglob("*.jpg"))) == 2


# --- the environment ----------------------------------------------------------------------


BAD_VARIABLES = [
    ("NEWSROOM_BODY_LIMIT", "nan"),
    ("NEWSROOM_BODY_LIMIT", "inf"),
    ("NEWSROOM_BODY_LIMIT", "-1"),
    ("NEWSROOM_BODY_LIMIT", "0"),
    ("NEWSROOM_BODY_LIMIT", "1MB"),
    ("NEWSROOM_BODY_LIMIT", "9" * 30),
    ("NEWSROOM_HEADLINE_LIMIT", "1e3"),
    ("NEWSROOM_HEADLINE_LIMIT", "301"),
    ("NEWSROOM_BUSY_TIMEOUT", "inf"),
    ("NEWSROOM_BUSY_TIMEOUT", "nan"),
    ("NEWSROOM_BUSY_TIMEOUT", "1e400"),
    ("NEWSROOM_HOOK_ATTEMPTS", "0"),
    ("NEWSROOM_HOOK_BACKOFF", "-1"),
    ("NEWSROOM_HOOK_TIMEOUT", "forever"),
    ("NEWSROOM_PHOTO_LIMIT", "-0"),
    ("NEWSROOM_PHOTO_PIXELS", "100000000"),
]


def test_a_bad_numeric_variable_is_bad_input_and_writes_nothing(
    desk: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in BAD_VARIABLES:
        with monkeypatch.context() as env:
            env.setenv(name, value)
            err = refused(desk, 2, "revise", "snow", "--headline", "Heavy snow")
        assert err.startswith(f"newsroom: {name} must be a ") and repr(value) in err, err


# --- old logs still load ---------------------------------------------------------------


def test_a_log_written_before_the_edge_checks_still_verifies_and_imports(
    desk: NewsroomCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Control characters were once let in: verify and import replay the rules over such a
    log without the checks a person's input now meets."""
    with monkeypatch.context() as before_the_checks:
        before_the_checks.setattr("workflow.commands.EDGE", {})
        before_the_checks.setattr("cli.commands.articles.refuse_bad_character", _let_in)
        desk.ok("draft --id old --headline 'Old\x1b[31m' --category 'Wor\x85ld'", actor="aysel")
        desk.ok("revise old --body 'Text\x00'", actor="aysel")
        desk.ok("spike old --reason " + "x" * 2500, actor="kamran")
    refused(desk, 2, "revise", "snow", "--headline", "New\x1b[31m")
    assert desk.ok("verify").out.startswith("The log is intact")
    desk.ok("export day.jsonl")
    restored = f"sqlite:///{tmp_path / 'restored.db'}"
    desk.ok(f"import day.jsonl --store {restored}", actor="umud")
    shown = desk.run("show", "old", "--json", "--store", restored).json()
    assert (shown["headline"], shown["body"]) == ("Old\x1b[31m", "Text\x00")


def _let_in(field: str, text: str, *, lines: bool = False) -> None:
    """The body check as it was before there was one."""


def test_a_founding_chief_with_a_malformed_name_leaves_no_store_behind(
    newsroom: NewsroomCli,
) -> None:
    for name in ("Bad Name", "umud\x1b", "a" * 65):
        result = newsroom.run("init", "--chief", name, actor="umud")
        assert result.code == 2, result.err
        assert_one_line(result)
        assert "the founding chief's name" in result.err
        assert not (newsroom.workdir / "newsroom.db").exists()


def test_a_malformed_log_origin_leaves_no_store_and_no_key_behind(newsroom: NewsroomCli) -> None:
    result = newsroom.run("init", "--chief", "umud", "--origin", "news example", actor="umud")
    assert result.code == 2 and "--origin 'news example' is not valid" in result.err
    assert_one_line(result)
    assert not (newsroom.workdir / "newsroom.db").exists()
    assert not (newsroom.workdir / "log-key").exists()  # NEWSROOM_LOG_KEY in the tests
    newsroom.ok("init --chief umud", actor="umud")
    before = len(newsroom.events())
    again = newsroom.run("log-key", "second.key", "--origin", "x\x1by", actor="umud")
    assert again.code == 2 and "--origin 'x\\x1by' is not valid" in again.err
    assert len(newsroom.events()) == before
    assert not list(newsroom.workdir.glob("second.key*"))


def test_an_endless_checkpoint_receipt_or_key_file_is_refused_not_read_to_its_end(
    desk: NewsroomCli,
) -> None:
    for argv in (
        ["check", "/dev/zero"],
        ["check", "/dev/null", "--checkpoint", "/dev/zero"],
        ["prove", "--since", "/dev/zero"],
        ["checkpoint", "--cosign", "/dev/zero"],
    ):
        assert "is larger than" in refused(desk, 2, *argv, actor="umud"), argv
    (desk.workdir / "huge.pub").write_text("ssh-ed25519 " + "A" * 70_000, encoding="utf-8")
    err = refused(
        desk, 2, "staff", "add", "nigar", "--role", "reporter", "--public-key", "huge.pub"
    )
    assert "(larger than 65536 bytes)" in err
