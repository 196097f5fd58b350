"""Erasure by court order, attacked: words that survive, rewrites that slip past, refusals."""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from events.envelope import RecordedEvent
from events.sql.grants import Roles
from tests.integration.test_pg_roles import admin_url, login_as, roles
from tests.integration.test_redaction import (
    COURT,
    NAME,
    erased,
    pg_two_chiefs,
    request_id,
    store_bytes,
    two_chiefs,
)
from tests.support.cli import NewsroomCli

__all__ = ["admin_url", "pg_two_chiefs", "roles", "two_chiefs"]


@pytest.fixture
def staffed_two(staffed: NewsroomCli) -> NewsroomCli:
    """A second chief, and a draft naming the person."""
    staffed.ok("staff add sona --role chief", actor="umud")
    staffed.ok(
        f"draft --id d1 --headline '{NAME} accused' --category Society "
        f"--body 'The ministry said {NAME} took bribes.'",
        actor="aysel",
    )
    return staffed


def test_an_empty_phrase_is_bad_input(two_chiefs: NewsroomCli) -> None:
    """`""` is in every text: a request for it would name every version and its
    confirmation would put the replacement between every two letters."""
    refused = two_chiefs.line(f"redact a1 --text '' --reason '{COURT}'", actor="umud")
    assert refused.code == 2, (refused.code, refused.out, refused.err)
    assert "RedactionRequested" not in two_chiefs.ok("log --json").out


def test_a_correction_note_naming_the_person_is_erased_with_all(two_chiefs: NewsroomCli) -> None:
    """The note goes from the article; the act's reason, which its signature covers,
    stays in the log, and the chief who asks is told so."""
    cli = two_chiefs
    cli.ok(f"correct a1 --note 'An earlier version misspelt {NAME}.'", actor="leyla")
    asked = cli.ok(f"--json redact a1 --all --reason '{COURT}'", actor="umud")
    assert "covered by their signatures and stay in the log" in asked.err
    assert asked.json()["reasons_kept"] == [5]
    cli.ok(f"redact --confirm {asked.json()['request_id']}", actor="sona")
    assert NAME not in cli.ok("show a1").out
    assert NAME not in json.dumps([e["data"] for e in cli.ok("log --json").json()["events"]])


def test_a_phrase_in_a_correction_note_is_found(two_chiefs: NewsroomCli) -> None:
    cli = two_chiefs
    cli.ok("correct a1 --note 'Rauf Babayev was misnamed.'", actor="leyla")
    asked = cli.line(f"--json redact a1 --text 'Rauf Babayev' --reason '{COURT}'", actor="umud")
    assert asked.code == 0, asked.err
    rid = json.loads(asked.out)["request_id"]
    cli.ok(f"redact --confirm {rid} --text 'Rauf Babayev'", actor="sona")
    assert "Rauf Babayev" not in cli.ok("show a1").out


def test_a_revision_between_request_and_confirm_is_not_left_standing(
    staffed_two: NewsroomCli,
) -> None:
    cli = staffed_two
    asked = request_id(cli, f"redact d1 --all --reason '{COURT}'")
    cli.ok(f"revise d1 --body 'Again: {NAME} took bribes.'", actor="aysel")
    done = cli.line(f"redact --confirm {asked}", actor="sona")
    assert done.code == 6 and "changed after redaction" in done.err, (done.code, done.err)
    assert "RedactionConfirmed" not in cli.ok("log --json").out
    again = request_id(cli, f"redact d1 --all --reason '{COURT}'")
    cli.ok(f"redact --confirm {again}", actor="sona")
    assert NAME not in cli.ok("show d1").out
    assert NAME.encode() not in store_bytes(cli)


def test_a_publication_between_request_and_confirm_is_erased_with_it(
    staffed_two: NewsroomCli,
) -> None:
    """What the request names, repeated by a later act (the headline a publication
    carries), goes too: nothing is left standing, so the confirmation goes through."""
    cli = staffed_two
    cli.ok("submit d1", actor="aysel")
    cli.ok("approve d1", actor="kamran")
    asked = request_id(cli, f"redact d1 --all --reason '{COURT}'")
    cli.ok("publish d1", actor="kamran")
    cli.ok(f"redact --confirm {asked}", actor="sona")
    assert NAME not in cli.ok("show d1").out + cli.ok("ticker").out
    assert cli.ok("--json verify").json()["ok"] is True


def test_a_byline_naming_the_person_goes_with_all(staffed_two: NewsroomCli) -> None:
    cli = staffed_two
    cli.ok(f"revise d1 --byline 'Told to {NAME}'", actor="aysel")
    erased(cli, f"redact d1 --all --reason '{COURT}'")
    assert NAME not in cli.ok("show d1").out


def test_a_phrase_in_a_photo_file_name_leaves_media_and_site_whole(
    staffed_two: NewsroomCli,
) -> None:
    cli = staffed_two
    cli.image("Qasimov-door.jpg", (64, 48))
    cli.ok("photo add d1 Qasimov-door.jpg --caption 'Door'", actor="aysel")
    asked = request_id(cli, f"redact d1 --text 'Qasimov' --reason '{COURT}'")
    cli.ok(f"redact --confirm {asked} --text Qasimov", actor="sona")
    assert cli.line("verify --media").code == 0, cli.line("verify --media").err
    built = cli.line("site build site", actor="kamran")
    assert built.code == 0, built.err


def test_odd_inputs_refused_with_the_right_codes(two_chiefs: NewsroomCli) -> None:
    cli = two_chiefs
    cases = {
        f"redact a1 --all --reason '{'x' * 201}'": 2,
        "redact a1 --all --reason ''": 2,
        f"redact a1 --versions 0 --reason '{COURT}'": 2,
        f"redact a1 --versions 1,x --reason '{COURT}'": 2,
        f"redact a1 --versions 99999999999999999999999 --reason '{COURT}'": 2,
        f"redact a1 --text '   ' --reason '{COURT}'": 2,
        f"redact a1 --text Elvin --replacement 'Elvin Q.' --reason '{COURT}'": 2,
        f"redact nope --all --reason '{COURT}'": 3,
        f"redact a1 --versions 2 --reason '{COURT}'": 4,
        "redact --confirm rd-0badf00d": 3,
        "redact --confirm rd-nothere": 2,
        "redact --confirm ''": 2,
        f"redact a1 --all --text x --reason '{COURT}'": 2,
    }
    for command, code in cases.items():
        got = cli.line(command, actor="umud")
        assert got.code == code, (command, got.code, got.err, got.out)
        assert "Traceback" not in got.err
    assert "RedactionRequested" not in cli.ok("log --json").out
    by_reporter = cli.line(f"redact a1 --all --reason '{COURT}'", actor="aysel")
    assert by_reporter.code == 5


def test_a_confirmation_that_rewrites_another_article_fails_verify(
    two_chiefs: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A confirmation names the article it erases; a chief's bent client that slips in a
    row of another article (or of the staff) must not pass as an erasure."""
    cli = two_chiefs
    [other] = [e for e in cli.events() if e.stream_id == "article:a2" and e.stream_version == 1]
    confirm_with_a_bent_rewrite(
        cli, monkeypatch, other, {**other.data, "body": "Metro line never opened"}
    )
    assert "Metro line never opened" in cli.ok("show a2").out  # the lie is in the log

    failed = cli.line("verify")
    assert failed.code == 7, failed.out
    assert "belongs to article:a2" in failed.err
    receipt = cli.workdir / "a2.json"
    receipt.write_text(cli.ok("prove a2").out)
    refused = cli.line(f"check {receipt}")
    assert refused.code == 7 and "was changed" in refused.err, refused.out


FLAKY = """import pathlib, sys
if not pathlib.Path(sys.argv[2]).exists():
    sys.stderr.write("receiver down\\n")
    sys.exit(1)
with open(sys.argv[1], "ab") as out:
    out.write(sys.stdin.buffer.read() + b"\\n")
"""


def test_a_dead_letter_retried_after_the_erasure_carries_no_word(
    two_chiefs: NewsroomCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = two_chiefs
    monkeypatch.setenv("NEWSROOM_HOOK_ATTEMPTS", "2")
    monkeypatch.setenv("NEWSROOM_HOOK_BACKOFF", "0.01")
    (tmp_path / "flaky.py").write_text(FLAKY)
    wire, up = tmp_path / "wire.jsonl", tmp_path / "up"
    program = f"{sys.executable} {tmp_path / 'flaky.py'} {wire} {up}"
    cli.ok(f"hooks add wire --on ArticlePublished --exec '{program}' --from-start", actor="umud")
    cli.ok("hooks run", actor="umud")
    assert "ArticlePublished" in cli.ok("hooks dead-letters wire", actor="umud").out
    erased(cli, f"redact a1 --all --reason '{COURT}'")
    up.touch()
    cli.ok("hooks retry wire", actor="umud")
    sent = wire.read_bytes()
    assert b"Metro line opens" in sent and NAME.encode() not in sent
    assert NAME.encode() not in store_bytes(cli)


def test_every_view_of_the_past_shows_the_gap(two_chiefs: NewsroomCli, tmp_path: Path) -> None:
    cli = two_chiefs
    cli.at("12:00 14.11.2024")
    erased(cli, f"redact a1 --all --reason '{COURT}'")
    seen = [
        cli.ok("show a1 --version 1").out,
        cli.ok("show a1 --as-of '11:00 14.11.2024'").out,
        cli.ok("list --as-of '11:00 14.11.2024'").out,
        cli.ok("ticker --as-of '11:00 14.11.2024'").out,
        cli.ok("history a1 --json").out,
        cli.ok("--json log").out,
        cli.ok("diff a1 1 4").out,
        cli.ok("prove a1").out,
        cli.ok("export -").out,
    ]
    for out in seen:
        assert NAME not in out, out


def test_all_after_a_partial_erasure_takes_what_is_left(two_chiefs: NewsroomCli) -> None:
    cli = two_chiefs
    cli.ok(f"correct a1 --body 'Corrected: {NAME} denies it.' --note 'Denial added'", actor="leyla")
    first = request_id(cli, f"redact a1 --versions 1 --reason '{COURT}'")
    cli.ok(f"redact --confirm {first}", actor="sona")
    rest = cli.line(f"--json redact a1 --all --reason '{COURT}'", actor="umud")
    assert rest.code == 0, rest.err
    cli.ok(f"redact --confirm {rest.json()['request_id']}", actor="sona")
    assert NAME not in cli.ok("show a1").out
    nothing = cli.line(f"redact a1 --all --reason '{COURT}'", actor="umud")
    assert nothing.code == 4 and "erased already" in nothing.err


def test_two_pending_requests_for_one_version(two_chiefs: NewsroomCli) -> None:
    cli = two_chiefs
    first = request_id(cli, f"redact a1 --versions 1 --reason '{COURT}'")
    second = request_id(cli, "redact a1 --versions 1 --reason 'Another order'")
    cli.ok(f"redact --confirm {first}", actor="sona")
    again = cli.line(f"redact --confirm {second}", actor="sona")
    assert again.code in (0, 4), again.err
    assert cli.ok("--json verify").json()["ok"] is True


def _pg_files_holding(url: str, needle: bytes) -> list[str] | None:
    """The store's tables (their TOAST and indexes too) whose files on the server's disk
    hold `needle`; None when the server's files cannot be read here."""
    from sqlalchemy import text

    from events.sql.engine import open_engine

    engine = open_engine(url)
    with engine.connect() as conn:
        conn.execute(text("CHECKPOINT"))
        root = Path(str(conn.execute(text("SHOW data_directory")).scalar()))
        files = conn.execute(
            text(
                "SELECT c.relname, pg_relation_filepath(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() OR c.oid IN ("
                "  SELECT reltoastrelid FROM pg_class k JOIN pg_namespace m "
                "  ON m.oid = k.relnamespace WHERE m.nspname = current_schema())"
            )
        ).all()
    engine.dispose()
    if not root.is_dir():
        return None
    return sorted(
        {
            name
            for name, relative in files
            if relative
            for path in root.glob(f"{relative}*")
            if needle in path.read_bytes()
        }
    )


@pytest.mark.pg
def test_on_postgresql_no_table_file_keeps_the_words(pg_two_chiefs: str) -> None:
    from sqlalchemy import text

    from cli.app import run
    from events.sql.engine import open_engine
    from tests.support.keys import acting_as

    before = _pg_files_holding(pg_two_chiefs, NAME.encode())
    if before is None:
        pytest.skip("the server's files are not readable here")
    assert "events" in before
    assert run(["--json", "redact", "a1", "--all", "--reason", COURT, *acting_as("umud")]) == 0
    engine = open_engine(pg_two_chiefs)
    with engine.connect() as conn:
        asked = conn.execute(
            text(
                "SELECT data::json->>'request_id' FROM events "
                "WHERE event_type = 'RedactionRequested'"
            )
        ).scalar()
    engine.dispose()
    assert run(["redact", "--confirm", str(asked), *acting_as("sona")]) == 0
    assert _pg_files_holding(pg_two_chiefs, NAME.encode()) == []


@pytest.mark.pg
def test_on_postgresql_the_writer_login_cannot_erase_by_a_confirmation_of_its_own(
    newsroom: NewsroomCli, admin_url: str, roles: Roles
) -> None:
    """The writer login every person shares appends rows it need not sign: a row that only
    looks like a confirmation must not open the way to rewriting someone's event."""
    import hashlib
    import secrets
    import uuid

    from sqlalchemy import create_engine, text

    newsroom.ok(f"init --chief umud --writer {roles.writer} --owner {roles.owner}", "umud")
    writer_url = login_as(admin_url, roles.writer)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("NEWSROOM_STORE", writer_url)
        newsroom.ok("staff add aysel --role reporter", "umud")
        newsroom.ok(f"draft --id a1 --headline '{NAME} cleared' --category Society", "aysel")
    writer = create_engine(writer_url)
    try:
        with writer.begin() as conn:
            at, head = conn.execute(
                text("SELECT global_position, hash FROM events ORDER BY global_position DESC")
            ).first()  # the draft
            forged = json.dumps(
                {
                    "article_id": "a1",
                    "headline": "Vandalised",
                    "body": "",
                    "category": "Society",
                    "language": "en",
                    "byline": "x",
                }
            )
            salt = secrets.token_hex(16)
            digest = hashlib.sha256(bytes.fromhex(salt) + forged.encode()).hexdigest()
            confirmation = json.dumps(
                {
                    "request_id": "rd-00000000",
                    "article_id": "a1",
                    "reason": "none",
                    "rewritten": {str(at): digest},
                    "photos": False,
                }
            )
            conn.execute(
                text(
                    "INSERT INTO events (global_position, stream_id, stream_version, event_id,"
                    " event_type, schema_version, data, metadata, occurred_at, prev_hash, hash,"
                    " recorded_at, salt, data_digest, signature) VALUES (:p, 'redactions', 1,"
                    " :id, 'RedactionConfirmed', 1, :data, '{}', '2024-01-01T00:00:00Z',"
                    " :prev, :hash, '2024-01-01T00:00:00Z', :salt, :digest, 'x')"
                ),
                {
                    "p": at + 1,
                    "id": str(uuid.uuid4()),
                    "data": confirmation,
                    "prev": head,
                    "hash": "0" * 64,
                    "salt": salt,
                    "digest": digest,
                },
            )
        with pytest.raises(DBAPIError, match="permission denied"), writer.begin() as conn:
            conn.execute(
                text("UPDATE events SET data = :d, salt = :s WHERE global_position = :p"),
                {"d": forged, "s": salt, "p": at},
            )
    finally:
        writer.dispose()


@pytest.mark.pg
def test_on_postgresql_a_chief_on_the_writer_login_is_told_to_confirm_as_the_owner(
    newsroom: NewsroomCli, admin_url: str, roles: Roles
) -> None:
    newsroom.ok(f"init --chief umud --writer {roles.writer} --owner {roles.owner}", "umud")
    writer_url = login_as(admin_url, roles.writer)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("NEWSROOM_STORE", writer_url)
        newsroom.ok("staff add sona --role chief", "umud")
        newsroom.ok(f"draft --id a1 --headline '{NAME} cleared' --category Society", "umud")
        asked = newsroom.ok(f"--json redact a1 --all --reason '{COURT}'", "umud").json()
        before = newsroom.ok("log --json --limit 0", "umud").out
        refused = newsroom.line(f"redact --confirm {asked['request_id']}", "sona")
        assert refused.code == 5 and "only the log's owner may rewrite events" in refused.err
        assert newsroom.ok("log --json --limit 0", "umud").out == before
    with pytest.MonkeyPatch.context() as env:  # the owner's login carries it out
        env.setenv("NEWSROOM_STORE", admin_url)
        newsroom.ok(f"redact --confirm {asked['request_id']}", "sona")
        assert NAME not in newsroom.ok("show a1", "umud").out


def test_a_confirmation_that_rewrites_a_wordless_event_fails_verify(
    two_chiefs: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An approval, a submission, a retraction hold nothing an erasure may take: a bent
    client that rewrites one (here: an approval given a lint override it never had)
    must not pass."""

    cli = two_chiefs
    [approval] = [e for e in cli.events() if e.event_type == "ArticleApproved"][:1]
    confirm_with_a_bent_rewrite(
        cli, monkeypatch, approval, {**approval.data, "lint_override": "the chief said so"}
    )

    failed = cli.line("verify")
    assert failed.code == 7 and "holds no words to erase" in failed.err, failed.out


def test_photo_files_go_while_their_caption_stays_and_the_store_still_proves(
    staffed_two: NewsroomCli,
) -> None:
    cli = staffed_two
    cli.image("door.jpg", (64, 48))
    cli.ok("photo add d1 door.jpg --caption 'The door'", actor="aysel")
    cli.ok("submit d1", actor="aysel")
    cli.ok("approve d1", actor="kamran")
    cli.ok("publish d1", actor="kamran")
    cli.ok("site build site", actor="kamran")
    asked = request_id(cli, f"redact d1 --versions 1 --photos --reason '{COURT}'")
    done = cli.ok(f"--json redact --confirm {asked}", actor="sona").json()
    assert done["photo_files"]
    assert cli.ok("--json verify --media").json()["ok"] is True
    cli.ok("site build site", actor="kamran")
    assert not [p for p in (cli.workdir / "site").rglob("*.jpg")]
    assert NAME.encode() not in store_bytes(cli)


def test_a_request_retried_with_its_command_id_is_the_same_request(
    two_chiefs: NewsroomCli,
) -> None:
    """`--command-id` makes a retry safe: the same request again, not a refusal or a
    second request."""
    cli = two_chiefs
    command = f"--json redact a1 --all --reason '{COURT}' --command-id court-1"
    first = cli.ok(command, actor="umud").json()
    again = cli.line(command, actor="umud")
    assert again.code == 0, again.err
    assert again.json()["request_id"] == first["request_id"]
    phrase = f"--json redact a1 --text '{NAME}' --reason '{COURT}' --command-id court-2"
    cli.ok(phrase, actor="umud")
    retried = cli.line(phrase, actor="umud")
    assert retried.code == 0, retried.err
    assert retried.json()["replayed"] is True


def test_a_confirmation_retried_with_its_command_id_is_done_once(
    two_chiefs: NewsroomCli,
) -> None:
    cli = two_chiefs
    asked = request_id(cli, f"redact a1 --all --reason '{COURT}'")
    done = cli.ok(f"--json redact --confirm {asked} --command-id ok-1", actor="sona").json()
    again = cli.ok(f"--json redact --confirm {asked} --command-id ok-1", actor="sona").json()
    assert again["replayed"] is True and again["events"] == done["events"]
    reused = cli.line(f"redact a2 --all --reason '{COURT}' --command-id ok-1", actor="sona")
    assert reused.code == 2 and "already used for another `redact --confirm`" in reused.err


def confirm_with_a_bent_rewrite(
    cli: NewsroomCli, monkeypatch: pytest.MonkeyPatch, event: RecordedEvent, data: dict[str, object]
) -> None:
    """A chief's modified client: it confirms a real request, and rewrites `event` too."""
    from events.chain import canonical_json, salted_digest
    from workflow import redacting
    from workflow.erasure import Rewrite

    honest = redacting._rewrites

    def bent(*args: object, **kwargs: object) -> list[Rewrite]:
        salt, data_json = secrets.token_hex(16), canonical_json(data)
        extra = Rewrite(event.global_position, data_json, salt, salted_digest(salt, data_json))
        return [*honest(*args, **kwargs), extra]  # type: ignore[arg-type]

    asked = request_id(cli, f"redact a1 --versions 1 --reason '{COURT}'")
    monkeypatch.setattr(redacting, "_rewrites", bent)
    cli.ok(f"redact --confirm {asked}", actor="sona")
    monkeypatch.setattr(redacting, "_rewrites", honest)
