"""Steps for features/hostile_input.feature (what is printed): hostile text in the log, files in the way,
stores that can only be read.

In a quoted text, `\\x1b` (and every Python escape) stands for the character itself where
text goes into the log, and for its four characters where text is shown: that is how the
newsroom shows it. Hostile text reaches the log the way a database writer or an edited
import would put it there, each event signed again with its actor's key, so nothing at
the command edge is asked to accept it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import sqlite3
import stat
import sys
from contextlib import closing
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when

from tests.steps.audit import (
    database,
    last_position,
    resealed,
    rewrite,
    set_head,
    signed_anew,
    stored_event,
)
from tests.steps.common import TYPES, Scene, _typed, step
from tests.support.cli import Result
from tests.support.readonly import make_read_only

# What a terminal would obey: C0 but tab and newline, DEL, C1, bidirectional controls.
STEERING = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def quoted_step(text: str) -> parsers.parse:
    """A step whose `{…:Quoted}` fields stop at the closing quote, so that `a folder "x"`
    never swallows `a folder "x" holding "y"` (another module's step)."""
    return parsers.parse(text, extra_types={**TYPES, "Quoted": _typed(r'[^"]*')})


def meant(text: str) -> str:
    """The characters a quoted text with Python escapes stands for (non-ASCII kept)."""
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape")


# --- Given: hostile text already in the log ---------------------------------------------


@given(
    step(
        'the log holds "{hostile}" in place of "{plain}" in every event of article '
        "{article_id:Id}, each signed again by its actor, and the views rebuilt from it"
    )
)
def _(scene: Scene, hostile: str, plain: str, article_id: str) -> None:
    changed = 0
    with database(scene) as db:
        prev_hash = None
        for position in range(1, last_position(db) + 1):
            event = stored_event(db, position)
            prev_hash = event.prev_hash if prev_hash is None else prev_hash
            text = json.dumps(event.data, ensure_ascii=False)
            if event.stream_id == f"article:{article_id}" and plain in text:
                data = json.loads(text.replace(plain, json.dumps(meant(hostile))[1:-1]))
                event = signed_anew(event, prev_hash, event.actor, data=data)
                changed += 1
            elif changed:
                event = resealed(event, prev_hash)
            if changed:
                rewrite(db, event)
            prev_hash = event.hash
        assert changed, f'no event of article {article_id} holds "{plain}"'
        set_head(db, last_position(db), prev_hash)
    scene.cli.ok("rebuild", actor="umud")  # a chief's task


@given(step('a hook program ${name:Field} that fails, saying "{said}"'))
def _(scene: Scene, name: str, said: str) -> None:
    program = scene.cli.workdir / f"{name}.py"
    program.write_text(
        f"import sys\nsys.stdin.read()\nsys.stderr.write({meant(said)!r})\nsys.exit(1)\n",
        encoding="utf-8",
    )
    scene.noted[name] = f"{shlex.quote(sys.executable)} {shlex.quote(str(program))}"


# --- When: input with the characters themselves in it ----------------------------------


@when(
    step("{person:Name} runs `{command}`, the escapes in it read as characters"),
    target_fixture="result",
)
def _(scene: Scene, person: str, command: str) -> Result:
    scene.before, scene.command_run = scene.log(), command
    words = [meant(word) for word in shlex.split(scene.command(command))]
    return scene.cli.run(*words, actor=person)


# --- Then: what is shown ---------------------------------------------------------------


@then(step('the output shows "{text}"'))
def _(result: Result, text: str) -> None:
    assert text in result.out, f"{text!r} not in {result.out!r}"


@then("nothing in the output would steer a terminal")
def _(result: Result) -> None:
    found = STEERING.findall(result.out + result.err)
    assert not found, f"raw {found[:5]} in {result.out + result.err!r}"


@then(step('the JSON output\'s {name:Field} is exactly "{text}"'))
def _(result: Result, name: str, text: str) -> None:
    assert result.json()[name] == meant(text), result.json()[name]


# --- Given: what lies where a file is to be written ------------------------------------


@given(quoted_step('a folder "{name:Quoted}"'))
def _(scene: Scene, name: str) -> None:
    (scene.cli.workdir / name).mkdir()


@given(quoted_step('a symbolic link "{name:Quoted}" to "{target:Quoted}"'))
def _(scene: Scene, name: str, target: str) -> None:
    (scene.cli.workdir / name).symlink_to(target)


@given(quoted_step('a named pipe "{name:Quoted}"'))
def _(scene: Scene, name: str) -> None:
    os.mkfifo(scene.cli.workdir / name)


@given(quoted_step('"{name:Quoted}" is another name for the store\'s file'))
def _(scene: Scene, name: str) -> None:
    os.link(scene.cli.workdir / "newsroom.db", scene.cli.workdir / name)


# --- Then: files as they were left -----------------------------------------------------


KINDS = {
    "a folder": stat.S_ISDIR,
    "a symbolic link": stat.S_ISLNK,
    "a named pipe": stat.S_ISFIFO,
    "a regular file": stat.S_ISREG,
}


@then(quoted_step('the file "{name:Quoted}" still holds "{text}"'))
def _(scene: Scene, name: str, text: str) -> None:
    assert (scene.cli.workdir / name).read_text(encoding="utf-8") == text


@then(quoted_step('"{name:Quoted}" is still {kind}'))
def _(scene: Scene, name: str, kind: str) -> None:
    assert KINDS[kind](os.lstat(scene.cli.workdir / name).st_mode), f"{name} is not {kind}"


@then("no partial file was left behind")
def _(scene: Scene) -> None:
    left = [p.name for p in scene.cli.workdir.rglob("*") if p.name.endswith(".partial")]
    assert not left, f"left behind: {left}"


@then(quoted_step('there is no file "{name:Quoted}"'))
def _(scene: Scene, name: str) -> None:
    assert not os.path.lexists(scene.cli.workdir / name), f"{name} was written"


@then(quoted_step('there is no folder "{name:Quoted}"'))
def _(scene: Scene, name: str) -> None:
    assert not os.path.lexists(scene.cli.workdir / name), f"{name} was made"


@then(quoted_step('the folder "{name:Quoted}" is still empty'))
def _(scene: Scene, name: str) -> None:
    assert list((scene.cli.workdir / name).iterdir()) == []


# --- Given: stores that can only be read -----------------------------------------------


@given(
    quoted_step('an auditor\'s copy "{db:Quoted}" of the store, in a folder that can only be read')
)
def _(scene: Scene, db: str, request: pytest.FixtureRequest) -> None:
    copy = scene.cli.workdir / db
    copy.parent.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        if (original := scene.cli.workdir / f"newsroom.db{suffix}").exists():
            shutil.copy2(original, copy.with_name(copy.name + suffix))
    scene.noted[f"bytes of {db}"] = _fingerprint(copy)
    make_read_only(copy.parent, request)


@given(quoted_step('an auditor\'s copy "{db:Quoted}" of the store'))
def _(scene: Scene, db: str) -> None:
    copy = scene.cli.workdir / db
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(scene.cli.workdir / "newsroom.db", copy)
    scene.noted[f"bytes of {db}"] = _fingerprint(copy)


def _fingerprint(store: Path) -> str:
    return hashlib.sha256(store.read_bytes()).hexdigest()


@given(
    step(
        "{person:Name} has run `{command}`, and the newsroom stopped before bringing its "
        "views up to date"
    )
)
def _(scene: Scene, person: str, command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """As a crash right after the commit would leave it: the events in, the views behind."""
    with monkeypatch.context() as crashing:
        crashing.setattr("cli.bootstrap.Session.catch_up_after_write", lambda session: None)
        scene.given(command, person)


@given("the store's views were built by an older newsroom, to another layout")
def _(scene: Scene) -> None:
    with closing(sqlite3.connect(scene.cli.workdir / "newsroom.db")) as db, db:
        changed = db.execute(
            "UPDATE newsroom_meta SET value = '0' WHERE key = 'projections_version'"
        )
        assert changed.rowcount == 1


@then(quoted_step('the store "{db:Quoted}" is byte for byte as it was copied'))
def _(scene: Scene, db: str) -> None:
    assert _fingerprint(scene.cli.workdir / db) == scene.noted[f"bytes of {db}"]
