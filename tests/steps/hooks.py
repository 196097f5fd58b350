"""Step definitions for publishing hooks and scheduling: real hooks, real programs, real ticks.

A hook's target in these features is a real program: `receiver.py`, written into the
scenario's folder and run with this Python. It reads the event's JSON from its standard
input and appends it to `<NAME>.jsonl` beside itself, NAME being its one argument; while
a flag file `<NAME>.fail` exists it writes nothing and exits with 3 instead, as a
downstream system that is down would. Commands name it `$receiver`. Everything else
goes through the real CLI, like the steps in `tests/steps/common.py`, and shares its scene.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, then

from tests.steps.common import Scene, quoted, step
from tests.support.cli import Result

RECEIVER = '''\
"""A downstream system: writes down every event it gets, unless it is down."""
import json
import pathlib
import sys

here = pathlib.Path(__file__).resolve().parent
name = sys.argv[1]
if (here / (name + ".fail")).exists():
    print("the " + name + " is down", file=sys.stderr)
    sys.exit(3)
event = json.load(sys.stdin)
with open(here / (name + ".jsonl"), "a", encoding="utf-8") as out:
    out.write(json.dumps(event, ensure_ascii=False) + "\\n")
'''


def receivers(scene: Scene) -> Path:
    return scene.cli.workdir / "receivers"


def received(scene: Scene, name: str) -> list[dict[str, Any]]:
    """What the receiver called `name` has written down, in the order it got it."""
    path = receivers(scene) / f"{name}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def at_path(document: Any, path: str) -> Any:
    """`ninjs.headlines.0.value` in a JSON document; None where the path leads nowhere."""
    value = document
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return None
    return value


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _table(datatable: list[list[str]], items: list[dict[str, Any]]) -> None:
    header, *rows = datatable
    got = [[_cell(at_path(item, column)) for column in header] for item in items]
    assert got == rows, "got:\n" + "\n".join(" | ".join(row) for row in got)


def hook_names(scene: Scene) -> list[str]:
    listed = scene.cli.ok("hooks list --json").json()["hooks"]
    return [hook["name"] for hook in listed]


def dead_letters(scene: Scene, name: str | None = None) -> list[dict[str, Any]]:
    command = "hooks dead-letters --json" if name is None else f"hooks dead-letters {name} --json"
    return list(scene.cli.ok(command).json()["dead_letters"])


# --- Given: the hooks' surroundings --------------------------------------------------------


@given(step("hooks try each delivery {attempts:d} times, {backoff} s apart at first"))
def _(monkeypatch: pytest.MonkeyPatch, attempts: int, backoff: str) -> None:
    monkeypatch.setenv("NEWSROOM_HOOK_ATTEMPTS", str(attempts))
    monkeypatch.setenv("NEWSROOM_HOOK_BACKOFF", backoff)


@given(step("a receiver program ${name:Field} that writes down every event it is sent"))
def _(scene: Scene, name: str) -> None:
    folder = receivers(scene)
    folder.mkdir(exist_ok=True)
    program = folder / "receiver.py"
    program.write_text(RECEIVER, encoding="utf-8")
    scene.noted[name] = f"{shlex.quote(sys.executable)} {shlex.quote(str(program))}"


@given(step('the receiver "{name}" fails every delivery'))
def _(scene: Scene, name: str) -> None:
    (receivers(scene) / f"{name}.fail").touch()


@given(step('the receiver "{name}" works again'))
def _(scene: Scene, name: str) -> None:
    (receivers(scene) / f"{name}.fail").unlink()


# --- Then: what the receivers got -------------------------------------------------------


@then(step('the receiver "{name}" got, in this order:'))
def _(scene: Scene, name: str, datatable: list[list[str]]) -> None:
    """Each row an event the program got; every one exactly the event at its position."""
    got = received(scene, name)
    _table(datatable, got)
    logged = {e.global_position: e for e in scene.log()}
    for event in got:
        original = logged[event["global_position"]]
        assert (event["event_id"], event["hash"]) == (original.event_id, original.hash), event


@then(step('the receiver "{name}" got nothing'))
def _(scene: Scene, name: str) -> None:
    assert received(scene, name) == []


@then(step('the receiver "{name}" got a ninjs document with {types}, and with nothing else'))
def _(scene: Scene, name: str, types: str) -> None:
    wanted = set(types.replace(" and ", ", ").split(", "))
    for event in received(scene, name):
        has_ninjs = isinstance(event.get("ninjs"), dict)
        assert has_ninjs == (event["event_type"] in wanted), (
            f"{event['event_type']} at {event['global_position']}: ninjs {has_ninjs}"
        )


# --- Then: the hooks as the newsroom sees them ---------------------------------------------


@then(step("the wired hooks are {names}"))
def _(scene: Scene, names: str) -> None:
    assert hook_names(scene) == quoted(names)


@then("no hook is wired")
def _(scene: Scene) -> None:
    assert hook_names(scene) == []


@then(step("hook {name:Name} has the dead letters:"))
def _(scene: Scene, name: str, datatable: list[list[str]]) -> None:
    _table(datatable, dead_letters(scene, name))


@then(step("hook {name:Name} has no dead letters"))
def _(scene: Scene, name: str) -> None:
    assert dead_letters(scene, name) == []


@then("no hook has dead letters")
def _(scene: Scene) -> None:
    assert dead_letters(scene) == []


@then(step('the dead letter of hook {name:Name} at position {position:d} says "{fragment}"'))
def _(scene: Scene, name: str, position: int, fragment: str) -> None:
    [letter] = [d for d in dead_letters(scene, name) if d["global_position"] == position]
    assert fragment in letter["error"], f"{fragment!r} not in {letter['error']!r}"


@then(step("the {event_type:Event} event lists the event types {types}"))
def _(scene: Scene, event_type: str, types: str) -> None:
    assert list(scene.new_event(event_type).data["event_types"]) == quoted(types)


# --- Then: secrets ------------------------------------------------------------------------


@then(step('the output does not contain "{text}"'))
def _(result: Result, text: str) -> None:
    assert text not in result.out, f"{text!r} printed: {result.out}"
    assert text not in result.err, f"{text!r} printed: {result.err}"


@then(step('no event in the log contains "{text}"'))
def _(scene: Scene, text: str) -> None:
    for event in scene.log():
        written = json.dumps([event.data, event.metadata, event.stream_id], ensure_ascii=False)
        assert text not in written, f"{text!r} in the event at {event.global_position}"


# --- Then: the scheduler's publications ----------------------------------------------------


@then(step("the log holds exactly one {event_type:Event} for article {article_id:Id}"))
def _(scene: Scene, event_type: str, article_id: str) -> None:
    found = [
        e
        for e in scene.log()
        if e.event_type == event_type and e.stream_id == f"article:{article_id}"
    ]
    assert len(found) == 1, f"{len(found)} {event_type} events for {article_id}"


@then(step("the tick published {first:Id}, then {second:Id}"))
def _(scene: Scene, first: str, second: str) -> None:
    published = [e.data["article_id"] for e in scene.new_events()]
    assert scene.new_event_types() == ["ArticlePublished", "ArticlePublished"], (
        scene.new_event_types()
    )
    assert published == [first, second], published
