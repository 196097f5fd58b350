"""Erasure by court order, end to end: asked, confirmed, gone from the files, still proven."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from events.sql.engine import open_engine
from tests.support.cli import NewsroomCli
from tests.support.fixtures import SHARED
from tests.support.keys import acting_as, key_file
from tests.support.pg import pg_schema_url

COURT = "Baku Court order 2-1234/2025"
NAME = "Elvin Qasımov"


@pytest.fixture
def pg_two_chiefs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    from cli.app import run

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSROOM_MEDIA", str(tmp_path / "media"))
    with pg_schema_url() as url:
        monkeypatch.setenv("NEWSROOM_STORE", url)
        assert run(["init", "--chief", "umud", *acting_as("umud")]) == 0
        for name, role in (("sona", "chief"), ("aysel", "reporter"), ("kamran", "editor")):
            member = ["staff", "add", name, "--role", role, "--public-key", f"{key_file(name)}.pub"]
            assert run([*member, *acting_as("umud")]) == 0
        body = f"The ministry said {NAME} took bribes."
        draft = ["draft", "--id", "a1", "--headline", f"{NAME} accused", "--category", "Society"]
        assert run([*draft, "--body", body, *acting_as("aysel")]) == 0
        yield url


@pytest.fixture
def two_chiefs(staffed: NewsroomCli) -> NewsroomCli:
    staffed.ok("staff add sona --role chief", actor="umud")
    staffed.ok(
        f"draft --id a1 --headline 'Official {NAME} accused' --category Society "
        f"--body 'The ministry said {NAME} took bribes. Nobody else was named.'",
        actor="aysel",
    )
    staffed.ok("submit a1", actor="aysel")
    staffed.ok("approve a1", actor="kamran")
    staffed.ok("publish a1", actor="kamran")
    staffed.publish_new("a2", "Metro line opens")
    return staffed


def request_id(cli: NewsroomCli, command: str) -> str:
    return str(json.loads(cli.ok(f"--json {command}", actor="umud").out)["request_id"])


def erased(cli: NewsroomCli, command: str) -> str:
    """Asked by umud, confirmed by sona: the erasure carried out; its request id."""
    asked = request_id(cli, command)
    cli.ok(f"redact --confirm {asked}", actor="sona")
    return asked


def store_bytes(cli: NewsroomCli) -> bytes:
    folder = Path(cli.store_url.removeprefix("sqlite:///")).parent
    return b"".join(p.read_bytes() for p in folder.glob("newsroom.db*"))


def test_an_erasure_waits_for_a_second_chief_then_leaves_no_trace(two_chiefs: NewsroomCli) -> None:
    cli = two_chiefs
    asked = request_id(cli, f"redact a1 --all --reason '{COURT}'")
    assert NAME in cli.ok("show a1").out  # nothing goes before the second chief says so
    assert NAME.encode() in store_bytes(cli)

    refused = cli.line(f"redact --confirm {asked}", actor="umud")
    assert refused.code == 5 and "four eyes" in refused.err

    done = json.loads(cli.ok(f"--json redact --confirm {asked}", actor="sona").out)
    assert done["vacuumed"] is True and done["rewritten"] == 2

    shown = cli.ok("show a1").out
    assert NAME not in shown and f"[removed on 14.11.2024: {COURT}]" in shown
    assert f"by court order (confirmed by sona): {COURT}" in shown
    history = cli.ok("history a1 --json").out
    assert f"asked to erase versions 1, 4 ({asked})" in history
    assert "erased by court order: 2 events rewritten" in history
    assert NAME not in history + cli.ok("ticker").out + cli.ok("diff a1 1 4").out
    assert NAME.encode() not in store_bytes(cli)
    assert "Metro line opens" in cli.ok("show a2").out
    verified = json.loads(cli.ok("--json verify").out)
    assert verified["ok"] is True
    [erased] = verified["erasures"]
    assert (erased["request_id"], erased["asked_by"], erased["confirmed_by"]) == (
        asked,
        "umud",
        "sona",
    )
    assert erased["reason"] == COURT and len(erased["positions"]) == 2
    assert "Erased by court order at positions" in cli.ok("verify").out
    assert NAME not in cli.ok("export -").out


def test_a_phrase_is_replaced_in_every_version_and_the_rest_stays(two_chiefs: NewsroomCli) -> None:
    cli = two_chiefs
    asked = request_id(cli, f"redact a1 --text '{NAME}' --replacement 'E. Q.' --reason '{COURT}'")
    wrong = cli.line(f"redact --confirm {asked} --text 'Elvin'", actor="sona")
    assert wrong.code == 5 and "the very phrase" in wrong.err

    cli.ok(f"redact --confirm {asked} --text '{NAME}'", actor="sona")

    shown = cli.ok("show a1").out
    assert "Official E. Q. accused" in shown and "Nobody else was named." in shown
    assert NAME.encode() not in store_bytes(cli)
    assert json.loads(cli.ok("--json verify").out)["ok"] is True


def test_an_erased_row_changed_afterwards_fails_verify(two_chiefs: NewsroomCli) -> None:
    """What the redaction left is proven too: its confirmation names the new digests."""
    cli = two_chiefs
    erased(cli, f"redact a1 --versions 1 --reason '{COURT}'")
    engine = open_engine(cli.store_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TRIGGER events_no_update"))
        conn.execute(
            text(
                "UPDATE events SET data = replace(data, 'removed', 'kept') WHERE global_position = "
                "(SELECT global_position FROM events WHERE stream_id = 'article:a1' "
                "AND stream_version = 1)"
            )
        )
    engine.dispose()
    failed = cli.line("verify")
    assert failed.code == 7 and "not what the redaction that erased it left there" in failed.err


def test_the_log_refuses_a_rewrite_no_redaction_names(two_chiefs: NewsroomCli) -> None:
    engine = open_engine(two_chiefs.store_url)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE events SET data = '{}' WHERE global_position = 9"))
    engine.dispose()


@pytest.mark.pg
def test_on_postgresql_the_log_takes_only_the_rewrite_a_confirmation_names(
    pg_two_chiefs: str,
) -> None:
    """The trigger checks the new data against the digest the confirmation carries."""
    from cli.app import run

    assert run(["--json", "redact", "a1", "--all", "--reason", COURT, *acting_as("umud")]) == 0
    engine = open_engine(pg_two_chiefs)
    with engine.connect() as conn:
        asked = conn.execute(
            text(
                "SELECT data::json->>'request_id' FROM events WHERE event_type = 'RedactionRequested'"
            )
        ).scalar()
    assert run(["redact", "--confirm", str(asked), *acting_as("sona")]) == 0
    with engine.connect() as conn:
        texts = "".join(str(row[0]) for row in conn.execute(text("SELECT data FROM events")))
        erased = conn.execute(
            text("SELECT global_position FROM events WHERE data LIKE '%removed on%' LIMIT 1")
        ).scalar()
    assert NAME not in texts and erased is not None
    forged = text(
        "UPDATE events SET data = replace(data, 'removed', 'kept') WHERE global_position = :at"
    )
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(forged, {"at": erased})
    engine.dispose()
    assert run(["verify"]) == 0


def test_an_export_carries_the_erasure_and_an_import_proves_it(
    two_chiefs: NewsroomCli, tmp_path: Path
) -> None:
    cli = two_chiefs
    erased(cli, f"redact a1 --all --reason '{COURT}'")
    shown = cli.ok("show a1").out
    cli.ok(f"export {tmp_path / 'log.jsonl'}")
    assert NAME.encode() not in (tmp_path / "log.jsonl").read_bytes()

    other = f"sqlite:///{tmp_path / 'again.db'}"
    cli.ok(f"--store {other} import {tmp_path / 'log.jsonl'}")

    assert cli.ok(f"--store {other} show a1").out == shown
    assert cli.ok(f"--store {other} verify --json").json()["ok"] is True


def test_an_import_refuses_an_erased_row_changed_in_the_file(
    two_chiefs: NewsroomCli, tmp_path: Path
) -> None:
    cli = two_chiefs
    erased(cli, f"redact a1 --versions 1 --reason '{COURT}'")
    exported = tmp_path / "log.jsonl"
    cli.ok(f"export {exported}")
    exported.write_text(exported.read_text().replace("[removed on", "[kept on", 1))

    refused = cli.line(f"--store sqlite:///{tmp_path / 'again.db'} import {exported}")

    assert refused.code == 7 and "not what the redaction that erased it left there" in refused.err


RECEIVER = """import pathlib, sys
with open(sys.argv[1], "ab") as out:
    out.write(sys.stdin.buffer.read() + b"\\n")
"""


def test_hooks_hear_a_removal_notice_with_no_word_of_the_article(
    two_chiefs: NewsroomCli, tmp_path: Path
) -> None:
    import jsonschema

    cli = two_chiefs
    (tmp_path / "receiver.py").write_text(RECEIVER)
    received = tmp_path / "wire.jsonl"
    program = f"{sys.executable} {tmp_path / 'receiver.py'} {received}"
    cli.ok(
        f"hooks add wire --on ArticlePublished,RedactionConfirmed --exec '{program}' --from-start",
        actor="umud",
    )
    erased(cli, f"redact a1 --all --reason '{COURT}'")

    cli.ok("hooks run", actor="umud")

    payloads = received.read_bytes()
    assert NAME.encode() not in payloads  # not even in the publication sent after the fact
    notice = json.loads(payloads.splitlines()[-1])["ninjs"]
    assert notice["pubstatus"] == "canceled" and "headlines" not in notice
    assert notice["descriptions"] == [
        {"role": "removal", "value": f"Removed by court order: {COURT}"}
    ]
    official = json.loads((SHARED / "standards" / "ninjs-schema_2.2.json").read_text())
    jsonschema.Draft202012Validator(official).validate(notice)


def test_receipts_before_and_after_the_erasure_both_check(
    two_chiefs: NewsroomCli, tmp_path: Path
) -> None:
    """The old receipt carries the old words and still proves them; the new one proves
    the version is in the log and that a court order erased its words, and why."""
    cli = two_chiefs
    (tmp_path / "before.json").write_text(cli.ok("prove a1").out)
    asked = request_id(cli, f"redact a1 --text '{NAME}' --replacement 'E. Q.' --reason '{COURT}'")
    cli.ok(f"redact --confirm {asked} --text '{NAME}'", actor="sona")
    (tmp_path / "after.json").write_text(cli.ok("prove a1").out)
    assert NAME not in (tmp_path / "after.json").read_text()

    before = cli.ok(f"--json check {tmp_path / 'before.json'}").json()
    after = cli.ok(f"--json check {tmp_path / 'after.json'}").json()

    assert before["ok"] and after["ok"]
    assert "erased by court order, confirmed as event" in after["summary"]
    assert COURT in after["summary"]
    checkpoint = tmp_path / "checkpoint.txt"
    checkpoint.write_text(json.loads((tmp_path / "after.json").read_text())["checkpoint"])
    script = Path(__file__).resolve().parents[2] / "website" / "evidence" / "verify-receipt.py"
    standalone = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "after.json"), str(checkpoint)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert standalone.returncode == 0, standalone.stderr
    assert "words erased by court order" in standalone.stdout and COURT in standalone.stdout


def test_a_receipt_whose_erasure_is_dropped_fails(two_chiefs: NewsroomCli, tmp_path: Path) -> None:
    cli = two_chiefs
    asked = request_id(cli, f"redact a1 --text '{NAME}' --replacement 'E. Q.' --reason '{COURT}'")
    cli.ok(f"redact --confirm {asked} --text '{NAME}'", actor="sona")
    receipt = json.loads(cli.ok("prove a1").out)
    del receipt["erasures"]
    (tmp_path / "bent.json").write_text(json.dumps(receipt))

    refused = cli.line(f"check {tmp_path / 'bent.json'}")

    assert refused.code == 7 and "was changed" in refused.err


def test_what_is_erased_is_nowhere_in_the_store_media_site_or_export(
    two_chiefs: NewsroomCli, tmp_path: Path
) -> None:
    """A byte search of every file the newsroom writes: the store and its write-ahead log,
    the media folder (originals and public copies), the built site and a fresh export."""
    cli = two_chiefs
    cli.image("door.jpg", (64, 48))
    photo = (tmp_path / "door.jpg").read_bytes()
    cli.ok(f"draft --id raid --headline 'Raid on {NAME}' --category Society", actor="aysel")
    cli.ok(f"photo add raid door.jpg --caption '{NAME} at the door'", actor="aysel")
    cli.ok("submit raid", actor="aysel")
    cli.ok("approve raid", actor="kamran")
    cli.ok("publish raid", actor="kamran")
    cli.ok("site build site", actor="kamran")
    public = [p.read_bytes() for p in (tmp_path / "site").rglob("*.jpg")]  # the copies served
    assert public and NAME.encode() in store_bytes(cli)
    for article in ("a1", "raid"):
        erased(cli, f"redact {article} --all --photos --reason '{COURT}'")
    cli.ok("site build site", actor="kamran")
    cli.ok(f"export {tmp_path / 'fresh.jsonl'}")

    searched = [
        *Path(cli.store_url.removeprefix("sqlite:///")).parent.glob("newsroom.db*"),
        *(p for p in (tmp_path / "media").rglob("*") if p.is_file()),
        *(p for p in (tmp_path / "site").rglob("*") if p.is_file()),
        tmp_path / "fresh.jsonl",
    ]
    assert len(searched) > 10
    for path in searched:
        content = path.read_bytes()
        assert NAME.encode() not in content, path
        assert photo not in content and not any(copy in content for copy in public), path
    assert cli.ok("verify --json --media").json()["ok"] is True
