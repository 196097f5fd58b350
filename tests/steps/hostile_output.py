"""Steps for features/hostile_input_output.feature: hostile text in the log, files in the way,
stores that can only be read.

In a quoted text, `\\x1b` (and every Python escape) stands for the character itself where
text goes into the log, and for its four characters where text is shown: that is how the
newsroom shows it. Hostile text reaches the log the way a database writer or an edited
import would put it there, each event signed again with its actor's key, so nothing at
the command edge is asked to accept it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import sys

from pytest_bdd import given, then, when

from tests.steps.audit import (
    database,
    last_position,
    resealed,
    rewrite,
    set_head,
    signed_anew,
    stored_event,
)
from tests.steps.common import Scene, step
from tests.support.cli import Result

# What a terminal would obey: C0 but tab and newline, DEL, C1, bidirectional controls.
STEERING = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


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
    scene.cli.ok("rebuild")


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


@given(step('a folder "{name}"'))
def _(scene: Scene, name: str) -> None:
    (scene.cli.workdir / name).mkdir()


@given(step('a symbolic link "{name}" to "{target}"'))
def _(scene: Scene, name: str, target: str) -> None:
    (scene.cli.workdir / name).symlink_to(target)


@given(step('a named pipe "{name}"'))
def _(scene: Scene, name: str) -> None:
    os.mkfifo(scene.cli.workdir / name)


@given(step('"{name}" is another name for the store\'s file'))
def _(scene: Scene, name: str) -> None:
    os.link(scene.cli.workdir / "newsroom.db", scene.cli.workdir / name)


# --- Then: files as they were left -----------------------------------------------------


KINDS = {
    "a folder": stat.S_ISDIR,
    "a symbolic link": stat.S_ISLNK,
    "a named pipe": stat.S_ISFIFO,
    "a regular file": stat.S_ISREG,
}


@then(step('the file "{name}" still holds "{text}"'))
def _(scene: Scene, name: str, text: str) -> None:
    assert (scene.cli.workdir / name).read_text(encoding="utf-8") == text


@then(step('"{name}" is still {kind}'))
def _(scene: Scene, name: str, kind: str) -> None:
    assert KINDS[kind](os.lstat(scene.cli.workdir / name).st_mode), f"{name} is not {kind}"


@then("no partial file was left behind")
def _(scene: Scene) -> None:
    left = [p.name for p in scene.cli.workdir.rglob("*") if p.name.endswith(".partial")]
    assert not left, f"left behind: {left}"


@then(step('there is no file "{name}"'))
def _(scene: Scene, name: str) -> None:
    assert not os.path.lexists(scene.cli.workdir / name), f"{name} was written"


@then(step('there is no folder "{name}"'))
def _(scene: Scene, name: str) -> None:
    assert not os.path.lexists(scene.cli.workdir / name), f"{name} was made"


@then(step('the folder "{name}" is still empty'))
def _(scene: Scene, name: str) -> None:
    assert list((scene.cli.workdir / name).iterdir()) == []
