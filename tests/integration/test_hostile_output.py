"""Hostile input, from the output's side: what a crafted import puts on the site and in the
feeds, what a store that can only be read still serves (and that serving it writes
nothing), and what a failed export leaves behind."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import feedparser
import pytest
from lxml import etree
from sqlalchemy import Engine, event

from events.chain import canonical_json
from events.envelope import RecordedEvent
from events.export import FIELDS, TRAILER
from tests.steps.audit import resealed, signed_anew
from tests.support.cli import NewsroomCli
from tests.support.fixtures import staff_a_newsroom
from tests.support.keys import acting_as
from tests.support.pg import pg_schema_url
from tests.support.readonly import make_read_only

HOSTILE = '<script>alert("x")</script> Tom & Jerry \x1b[2J\x07'
SHOWN = '<script>alert("x")</script> Tom & Jerry \\x1b[2J\\x07'
READS = ("show snow", "list", "ticker", "history snow", "log", "verify", "export", "lint snow")


def published_day(cli: NewsroomCli, headline: str = "Snow in Baku") -> None:
    cli.ok(f"draft --id snow --headline '{headline}' --category Society", actor="aysel")
    cli.ok("submit snow", actor="aysel")
    cli.ok("approve snow --allow-lint 'As the agency sent it'", actor="kamran")
    cli.ok("publish snow", actor="kamran")
    cli.ok("draft --id rain --headline 'Rain tomorrow' --category Society", actor="aysel")


# --- a crafted import: escaped HTML, valid feeds ----------------------------------------


def crafted_export(text: str, plain: str, hostile: str) -> str:
    """The export with `plain` replaced by `hostile` in the events that hold it, each
    signed again by its actor, every later link and the closing line made to match."""
    *lines, _closing = text.splitlines()
    out, prev_hash, changed = [], None, False
    for line in lines:
        event = RecordedEvent(**json.loads(line))
        prev_hash = event.prev_hash if prev_hash is None else prev_hash
        data = json.dumps(event.data, ensure_ascii=False)
        if plain in data:
            edited = json.loads(data.replace(plain, json.dumps(hostile)[1:-1]))
            event, changed = signed_anew(event, prev_hash, event.actor, data=edited), True
        elif changed:
            event = resealed(event, prev_hash)
        out.append(canonical_json({name: getattr(event, name) for name in FIELDS}))
        prev_hash = event.hash
    first = json.loads(lines[0])["global_position"]
    closing_line = {
        "events": len(lines),
        "first_position": first,
        "last_position": first + len(lines) - 1,
        "last_hash": prev_hash,
    }
    return "\n".join([*out, canonical_json({TRAILER: closing_line})]) + "\n"


def test_markup_and_control_characters_in_an_imported_headline_stay_inert_on_the_site(
    staffed: NewsroomCli,
) -> None:
    published_day(staffed, "Placeholder headline")
    exported = staffed.ok("export").out
    (staffed.workdir / "crafted.jsonl").write_text(
        crafted_export(exported, "Placeholder headline", HOSTILE), encoding="utf-8"
    )
    imported = f"sqlite:///{staffed.workdir / 'imported.db'}"
    loaded = staffed.run("import", "crafted.jsonl", "--store", imported, actor="umud")
    if loaded.code != 0:  # an import may refuse such a headline: then clearly, in one line
        assert loaded.code in (2, 7) and loaded.err.count("\n") == 1, loaded.err
        return

    def read(*argv: str) -> str:
        result = staffed.run(*argv, "--store", imported)
        assert result.code == 0, result.err
        return result.out

    for kind in ("rss", "atom"):
        feed = read("ticker", "--format", kind)
        etree.fromstring(feed.encode())  # well-formed XML, or this raises
        parsed = feedparser.parse(feed)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.entries[0].title == SHOWN
    html = read("ticker", "--format", "html")
    assert "&lt;script&gt;" in html and "&amp; Jerry" in html and "<script>" not in html
    read("site", "build", "site")
    site = staffed.workdir / "site"
    for page in (site / "index.html", site / "articles" / "snow.html"):
        text = page.read_text(encoding="utf-8")
        assert "&lt;script&gt;" in text and "<script>alert" not in text, page
    etree.parse(str(site / "feed.xml"))
    etree.parse(str(site / "atom.xml"))


# --- stores that can only be read ---------------------------------------------------------


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement any engine sends while the block runs."""
    sent: list[str] = []

    def record(conn: object, cursor: object, statement: str, *rest: object) -> None:
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", record)


WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|BEGIN IMMEDIATE)\b", re.I)


def writes_among(sent: list[str]) -> list[str]:
    """The statements that would change the store: verify's own temporary tables do not."""
    return [
        statement for statement in sent if WRITES.match(statement) and "verify_" not in statement
    ]


def lagging_copy(cli: NewsroomCli, monkeypatch: pytest.MonkeyPatch, folder: str) -> Path:
    """A copy of the store whose views miss its last act (a crash before they caught up)."""
    with monkeypatch.context() as crashing:
        crashing.setattr("cli.bootstrap.Session.catch_up_after_write", lambda session: None)
        cli.ok("correct snow --headline 'Snow closes the pass' --note 'More precise'", "kamran")
    copy = cli.workdir / folder / "newsroom.db"
    copy.parent.mkdir()
    shutil.copy2(cli.workdir / "newsroom.db", copy)
    return copy


def test_reads_on_a_store_that_can_only_be_read_print_what_the_store_prints_and_write_nothing(
    staffed: NewsroomCli, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    published_day(staffed)
    copy = lagging_copy(staffed, monkeypatch, "snapshot")
    make_read_only(copy.parent, request)
    before = copy.read_bytes()
    url = f"sqlite:///{copy}"
    for command in READS:
        with statements() as sent:
            read_only = staffed.run(*command.split(), "--store", url)
        assert read_only.code == 0, f"{command}: {read_only.err}"
        assert writes_among(sent) == [], f"{command} tried to write: {writes_among(sent)}"
        if command != "verify":  # verify says where it compared the views that lag
            assert read_only.out == staffed.ok(command).out, command
    assert "Snow closes the pass" in staffed.run("ticker", "--store", url).out
    with statements() as sent:
        built = staffed.run("site", "build", "from-snapshot", "--store", url, actor="rashad")
    assert built.code == 0 and writes_among(sent) == [], built.err
    staffed.ok("site build from-store", actor="rashad")
    assert files_in(staffed.workdir / "from-snapshot") == files_in(staffed.workdir / "from-store")
    assert copy.read_bytes() == before and sorted(os.listdir(copy.parent)) == ["newsroom.db"]


def files_in(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_asking_for_read_only_in_the_url_writes_nothing_even_where_it_could(
    staffed: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    published_day(staffed)
    copy = lagging_copy(staffed, monkeypatch, "copy")
    before = copy.read_bytes()
    for url in (f"sqlite:///file:{copy}?mode=ro&uri=true", f"sqlite:///{copy}?mode=ro"):
        for command in READS:
            with statements() as sent:
                result = staffed.run(*command.split(), "--store", url)
            assert result.code == 0, f"{command}: {result.err}"
            assert writes_among(sent) == [], f"{command} tried to write: {writes_among(sent)}"
        refused = staffed.run("spike", "rain", "--store", url, actor="kamran")
        assert refused.code == 2 and "read-only" in refused.err, refused.err
    assert copy.read_bytes() == before


def live_snapshot(cli: NewsroomCli, folder: str, *, with_shm: bool) -> Path:
    """A copy taken while another process had the store open: its last acts are still in
    the -wal file, which only the -shm file beside it makes readable."""
    holder = sqlite3.connect(cli.workdir / "newsroom.db")
    try:
        holder.execute("SELECT 1 FROM events").fetchall()  # keeps the WAL from being folded in
        cli.ok("draft --id late --headline 'Late news' --category Society", actor="aysel")
        copy = cli.workdir / folder / "newsroom.db"
        copy.parent.mkdir()
        for suffix in ("", "-wal", *(["-shm"] if with_shm else [])):
            shutil.copy2(cli.workdir / f"newsroom.db{suffix}", copy.with_name(copy.name + suffix))
    finally:
        holder.close()
    assert (copy.with_name("newsroom.db-wal")).stat().st_size > 0
    return copy


def test_a_snapshot_taken_live_is_read_through_its_wal_and_shm(
    staffed: NewsroomCli, request: pytest.FixtureRequest
) -> None:
    published_day(staffed)
    copy = live_snapshot(staffed, "snapshot", with_shm=True)
    make_read_only(copy.parent, request)
    shown = staffed.run("show", "late", "--store", f"sqlite:///{copy}")
    assert shown.code == 0 and "Late news" in shown.out, shown.err
    assert staffed.run("list", "--store", f"sqlite:///{copy}").out == staffed.ok("list").out


def test_a_snapshot_missing_the_shm_its_wal_needs_is_refused_in_one_line(
    staffed: NewsroomCli, request: pytest.FixtureRequest
) -> None:
    published_day(staffed)
    copy = live_snapshot(staffed, "snapshot", with_shm=False)
    make_read_only(copy.parent, request)
    for command in ("list", "export", "verify"):
        result = staffed.run(command, "--store", f"sqlite:///{copy}")
        assert result.code == 2 and result.out == "", result
        assert result.err.count("\n") == 1 and "newsroom.db-shm" in result.err, result.err


def test_a_store_on_a_read_only_mount_serves_reads_and_refuses_writes(
    staffed: NewsroomCli,
) -> None:
    """A real read-only file system: the folder bound read-only in a mount namespace of
    its own, seen by the newsroom run inside it (root only, where namespaces are allowed)."""
    published_day(staffed)
    unshare = ["unshare", "--mount", "--propagation", "private"]
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("no mount namespace here to bind a folder read-only")
    if subprocess.run([*unshare, "true"], capture_output=True, check=False).returncode:
        pytest.skip("mount namespaces are not allowed here")
    folder, newsroom = staffed.workdir, Path(sys.executable).with_name("newsroom")

    def on_the_mount(command: str) -> subprocess.CompletedProcess[str]:
        script = f"mount --bind -o ro {folder} {folder} && {newsroom} {command}"
        return subprocess.run(
            [*unshare, "sh", "-c", script], capture_output=True, text=True, check=False
        )

    for command in ("list", "history snow", "ticker", "verify", "export"):
        done = on_the_mount(command)
        assert done.returncode == 0, f"{command}: {done.stderr}"
        assert done.stdout == staffed.ok(command).out, command
    refused = on_the_mount(f"spike rain {' '.join(acting_as('kamran'))}")
    assert refused.returncode == 2 and "read-only" in refused.stderr, refused.stderr
    assert refused.stderr.count("\n") == 1


@pytest.mark.pg
def test_a_postgresql_login_that_may_only_read_serves_reads_from_the_log(
    newsroom: NewsroomCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A standby, or a login whose every transaction is read-only: views that lag are
    folded from the log; writes are refused in one line."""
    with pg_schema_url() as url:
        newsroom.store_url = url
        monkeypatch.setenv("NEWSROOM_STORE", url)
        monkeypatch.setenv("NEWSROOM_NOW", "10:00 14.11.2024")
        staff_a_newsroom()
        published_day(newsroom)
        with monkeypatch.context() as crashing:
            crashing.setattr("cli.bootstrap.Session.catch_up_after_write", lambda session: None)
            newsroom.ok("spike rain", actor="kamran")
        standby = url + quote(" -cdefault_transaction_read_only=on")
        for command in ("show rain", "list", "ticker", "history rain", "log", "export"):
            read = newsroom.run(*command.split(), "--store", standby)
            assert read.code == 0, f"{command}: {read.err}"
            assert read.out == newsroom.ok(command).out, command
        refused = newsroom.run("spike", "snow", "--store", standby, actor="kamran")
        assert refused.code == 2 and "read-only" in refused.err, refused.err


# --- a failed export ---------------------------------------------------------------------


def test_an_export_that_fails_halfway_leaves_no_file_and_no_partial_file(
    staffed: NewsroomCli,
) -> None:
    """The disk fills up (a file size limit the export outgrows): the write fails in one
    line, and neither the export nor its temporary file is left."""
    for n in range(40):
        body = f"Paragraph {n}. " + "Snow fell overnight on the whole of Absheron. " * 40
        staffed.ok(
            f"draft --id a{n} --headline 'Snow {n}' --category Society --body '{body}'", "aysel"
        )
    size = len(staffed.ok("export").out.encode())
    newsroom = Path(sys.executable).with_name("newsroom")
    limit = size // 2

    def small_disk() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        [str(newsroom), "export", "day.jsonl"],
        cwd=staffed.workdir,
        capture_output=True,
        text=True,
        preexec_fn=small_disk,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Cannot write day.jsonl" in done.stderr, done.stderr
    left = [p.name for p in staffed.workdir.iterdir() if "day.jsonl" in p.name]
    assert left == [], left


def test_keys_create_never_removes_a_key_that_appeared_while_it_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone else's key lands at the path between the check and the write: it stays."""
    from events.errors import BadInput
    from signing import keyfile

    path, write = tmp_path / "key", keyfile._write_new

    def racing(target: Path, data: bytes, mode: int) -> None:
        if target == path:
            path.write_text("someone else's key\n")
        write(target, data, mode)

    monkeypatch.setattr(keyfile, "_write_new", racing)
    with pytest.raises(BadInput):
        keyfile.create(path, "aysel@newsroom")
    assert path.read_text() == "someone else's key\n"
    assert not keyfile.public_path(path).exists()
