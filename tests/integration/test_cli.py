"""The command line as a user meets it: options anywhere, exit codes, one-line errors, logs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.support.cli import NewsroomCli
from tests.support.keys import key_file, public_of


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one error line, got: {err!r}"
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def drafted(staffed: NewsroomCli) -> NewsroomCli:
    staffed.ok("draft --id cop29 --headline 'Baku hosts COP29' --category Society", actor="aysel")
    return staffed


def test_global_options_work_before_and_after_the_command(drafted: NewsroomCli) -> None:
    before = drafted.run("--json", "show", "cop29")
    after = drafted.run("show", "cop29", "--json")
    assert before.code == after.code == 0
    assert before.json() == after.json()
    assert drafted.run("show", "cop29", "--store", drafted.store_url).code == 0
    assert (
        drafted.run("submit", "cop29", "--as", "aysel", "--key", str(key_file("aysel"))).code == 0
    )


def test_show_json_has_the_documented_shape(drafted: NewsroomCli) -> None:
    shown = drafted.run("show", "cop29", "--json").json()
    for key in (
        "article_id",
        "version",
        "status",
        "headline",
        "body",
        "category",
        "language",
        "photos",
        "published_at",
        "corrections",
    ):
        assert key in shown
    assert (shown["status"], shown["version"]) == ("draft", 1)


def test_write_json_has_the_documented_shape(drafted: NewsroomCli) -> None:
    result = drafted.run("submit", "cop29", "--json", actor="aysel").json()
    assert (result["article_id"], result["version"], result["status"]) == ("cop29", 2, "in_review")
    [event] = result["events"]
    assert event["event_type"] == "ArticleSubmitted" and event["global_position"] == 9


def test_a_missing_store_is_refused_and_never_created(newsroom: NewsroomCli) -> None:
    result = newsroom.run("list")
    assert result.code == 2
    assert "newsroom init" in one_line(result.err)
    assert not (newsroom.workdir / "newsroom.db").exists()


def test_a_file_that_is_not_a_database(newsroom: NewsroomCli) -> None:
    (newsroom.workdir / "newsroom.db").write_text("these are my notes, not a database\n" * 100)
    for command in ("list", "init"):
        result = newsroom.run(command, actor="umud")
        assert result.code == 2
        assert "not" in one_line(result.err)


def test_a_database_of_something_else(newsroom: NewsroomCli) -> None:
    with sqlite3.connect(newsroom.workdir / "newsroom.db") as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    assert "not a newsroom store" in one_line(newsroom.run("ticker").err)
    result = newsroom.run("init", actor="umud")
    assert result.code == 2 and "other tables" in one_line(result.err)


def test_a_read_only_store_refuses_writes_and_writes_nothing(drafted: NewsroomCli) -> None:
    before = len(drafted.events())
    read_only = f"sqlite:///file:{drafted.workdir / 'newsroom.db'}?mode=ro&uri=true"
    result = drafted.run("submit", "cop29", "--store", read_only, actor="aysel")
    assert result.code == 2
    assert "read-only" in one_line(result.err)
    assert len(drafted.events()) == before


def test_a_store_locked_by_another_writer(
    drafted: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSROOM_BUSY_TIMEOUT", "0.2")
    holder = sqlite3.connect(drafted.workdir / "newsroom.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = drafted.run("submit", "cop29", actor="aysel")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 6
    assert "locked" in one_line(result.err)
    assert drafted.run("show", "cop29", "--json").json()["status"] == "draft"


@pytest.mark.parametrize(
    ("env", "value", "fragment"),
    [
        ("NEWSROOM_TZ", "Mars/Olympus", "Unknown time zone"),
        ("NEWSROOM_NOW", "yesterday", "is not a time"),
        ("NEWSROOM_BUSY_TIMEOUT", "soon", "must be a number"),
    ],
)
def test_a_bad_environment_is_bad_input(
    drafted: NewsroomCli, monkeypatch: pytest.MonkeyPatch, env: str, value: str, fragment: str
) -> None:
    monkeypatch.setenv(env, value)
    result = drafted.run("ticker")
    assert result.code == 2
    assert fragment in one_line(result.err)


def test_an_unreadable_body_file(drafted: NewsroomCli) -> None:
    result = drafted.run("revise", "cop29", "--body-file", "no-such-file.txt", actor="aysel")
    assert result.code == 2 and "Cannot read the body file" in one_line(result.err)
    (drafted.workdir / "latin1.txt").write_bytes("Bakı".encode("latin-1", "replace") + b"\xff\xfe")
    assert drafted.run("revise", "cop29", "--body-file", "latin1.txt", actor="aysel").code == 2


def test_body_from_a_file_and_from_stdin(
    drafted: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (drafted.workdir / "body.txt").write_text("First paragraph.\n\nSecond.", encoding="utf-8")
    drafted.ok("revise cop29 --body-file body.txt", actor="aysel")
    assert drafted.run("show", "cop29", "--json").json()["body"] == "First paragraph.\n\nSecond."
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("From stdin."))
    drafted.ok("revise cop29 --body-file -", actor="aysel")
    assert drafted.run("show", "cop29", "--json").json()["body"] == "From stdin."


def test_usage_errors_are_one_line_with_exit_2(drafted: NewsroomCli) -> None:
    for argv in (
        ["draft", "--headline", "x"],
        ["show"],
        ["ticker", "--format", "pdf"],
        ["frobnicate"],
        ["list", "--limit", "many"],
    ):
        result = drafted.run(*argv, actor="aysel")
        assert result.code == 2, argv
        one_line(result.err)


def test_errors_in_json_are_an_error_object(drafted: NewsroomCli) -> None:
    result = drafted.run("approve", "cop29", "--json", actor="kamran")
    assert result.code == 4
    assert json.loads(one_line(result.err)) == {
        "error": {
            "code": "rule_refused",
            "message": "Cannot approve article cop29: it is a draft; that is allowed only when it is in review.",
        }
    }


def test_log_json_writes_one_line_per_command(drafted: NewsroomCli) -> None:
    result = drafted.run("submit", "cop29", "--log-json", actor="aysel")
    record = json.loads(one_line(result.err))
    assert record["event"] == "command.finished"
    assert (
        record["command"],
        record["actor"],
        record["article_id"],
        record["events_appended"],
    ) == ("submit", "aysel", "cop29", 1)
    assert record["exit_code"] == 0 and record["duration_ms"] > 0


def test_quiet_by_default(drafted: NewsroomCli) -> None:
    assert drafted.run("submit", "cop29", actor="aysel").err == ""


def test_photo_add_copies_the_image_into_the_content_addressed_media_folder(
    drafted: NewsroomCli,
) -> None:
    original = drafted.image("street.jpg", (640, 480))
    result = drafted.run(
        "photo", "add", "cop29", "street.jpg", "--caption", "Old city", "--json", actor="aysel"
    ).json()
    data = result["events"][0]["data"]
    assert (data["file"], data["width"], data["height"], data["media_type"]) == (
        "street.jpg",
        640,
        480,
        "image/jpeg",
    )
    copy = drafted.workdir / "media" / data["sha256"][:2] / f"{data['sha256']}.jpg"
    assert copy.read_bytes() == original.read_bytes()
    original.write_bytes(b"changed later")
    assert copy.stat().st_size == data["size"]


def test_a_refused_photo_leaves_the_media_folder_as_it_was(drafted: NewsroomCli) -> None:
    drafted.image("street.jpg")
    drafted.ok("submit cop29", actor="aysel")
    result = drafted.run("photo", "add", "cop29", "street.jpg", actor="aysel")
    assert result.code == 4
    assert not any(Path(drafted.workdir / "media").rglob("*.jpg"))


def test_list_filters_and_tables(drafted: NewsroomCli) -> None:
    drafted.ok(
        "draft --id metro --headline 'Metro line opens' --category Transport", actor="rashad"
    )
    listed = drafted.run("list", "--category", "transport", "--json").json()
    assert [a["article_id"] for a in listed["articles"]] == ["metro"]
    table = drafted.ok("list").out
    assert "metro" in table and "cop29" in table and "Transport" in table
    assert drafted.run("list", "--status", "published", "--json").json()["articles"] == []


def test_staff_list_and_log(drafted: NewsroomCli) -> None:
    staff = drafted.run("staff", "list", "--json").json()["staff"]
    kamran = {"name": "kamran", "role": "editor", "public_key": public_of("kamran")}
    assert kamran in [{k: m[k] for k in kamran} for m in staff]
    log = drafted.run("log", "--from", "7", "--json").json()["events"]
    assert [e["event_type"] for e in log] == ["StaffMemberAdded", "ArticleDrafted"]
    assert set(log[0]) >= {
        "global_position",
        "stream_id",
        "stream_version",
        "event_type",
        "occurred_at",
        "actor",
        "data",
    }


def test_help_never_loads_the_database_stack() -> None:
    import subprocess
    import sys

    code = "import sys; from cli.app import run; run(['--help']); print(sorted(m for m in ('sqlalchemy', 'pydantic') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    "command", ["show a1", "list", "ticker", "history a1", "lint --all", "log --limit 2"]
)
def test_reading_the_projections_never_loads_the_models_or_the_deciders(
    staffed: NewsroomCli, command: str
) -> None:
    import subprocess
    import sys

    staffed.ok("draft --id a1 --headline Seen --category World", actor="aysel")
    code = (
        "import sys, io, contextlib; from cli.app import run\n"
        "with contextlib.redirect_stdout(io.StringIO()): code = run(sys.argv[1:])\n"
        "print(code, sorted(m for m in ('events.models', 'workflow.service') if m in sys.modules))"
    )
    argv = [sys.executable, "-c", code, *command.split()]
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stderr


@pytest.mark.parametrize("words", [(), ("staff",), ("photo",), ("hooks",), ("site",)])
def test_a_bare_command_or_group_prints_its_help(
    newsroom: NewsroomCli, words: tuple[str, ...]
) -> None:
    result = newsroom.run(*words)
    assert result.code == 0
    assert result.out.startswith(f"Usage: newsroom {' '.join(words)}".rstrip() + " ")
    assert "Commands:" in result.out


def test_a_typo_gets_a_suggestion_and_other_commands_their_own_help(newsroom: NewsroomCli) -> None:
    typo = newsroom.run("shw", "x")
    assert typo.code == 2
    assert "Did you mean 'show'?" in one_line(typo.err)
    shown = newsroom.run("show", "--help")
    assert shown.code == 0 and shown.out.startswith("Usage: newsroom show ")
