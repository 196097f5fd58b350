"""Step definitions for features/: each step runs or reads the real `newsroom` CLI.

Given steps build the past by running real commands (each must succeed); the one
When step runs a single command as a named person and remembers the log as it was;
Then steps check what that command appended, its exit code and what it printed.
In a command, `@FILE` stands for the id the newsroom gave the photo taken from FILE,
and `$NAME` for a value an earlier step noted (say, the head `verify` printed).
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from pytest_bdd import given, parsers, then, when

from events.catalog import MEDIA_TYPES
from events.envelope import RecordedEvent
from tests.support.cli import NewsroomCli, Result

NEWSROOM_TZ = ZoneInfo("Asia/Baku")
NEWSROOM_FORMAT = "%H:%M %d.%m.%Y"


def _typed(pattern: str) -> Callable[[str], str]:
    """A `parse` field type: text matching `pattern`, kept as it is."""

    def convert(text: str) -> str:
        return text

    convert.pattern = pattern  # type: ignore[attr-defined]
    return convert


TYPES = {
    "Id": _typed(r"[a-z0-9][a-z0-9-]*"),  # an article id
    "Name": _typed(r"[a-z][a-z0-9_.-]*"),  # a person, or a role
    "Event": _typed(r"[A-Z][A-Za-z]+"),  # an event type
    "Field": _typed(r"[a-z][a-z_]*"),  # a field of an event or of a JSON document
}


def step(text: str) -> parsers.parse:
    """A `parse` step pattern that knows the newsroom's field types."""
    return parsers.parse(text, extra_types=TYPES)


def quoted(text: str) -> list[str]:
    """`"a", "b" and "c"` -> ["a", "b", "c"]."""
    return re.findall(r'"([^"]*)"', text)


# --- the scene: what the scenario has done so far ------------------------------------


@dataclass
class Scene:
    """The scenario's newsroom, its Given runs by command line, and the log before When."""

    cli: NewsroomCli
    before: list[RecordedEvent] = field(default_factory=list)
    command_run: str = ""
    earlier: dict[str, Result] = field(default_factory=dict)
    noted: dict[str, str] = field(default_factory=dict)

    def log(self) -> list[RecordedEvent]:
        if not (self.cli.workdir / "newsroom.db").exists():
            return []
        return self.cli.events()

    def command(self, text: str) -> str:
        """The command line with each `@FILE` replaced by that photo's id, each `$NAME` by its note."""
        text = re.sub(r"\$([a-z_]+)", lambda m: self.noted[m.group(1)], text)
        # A photo is `@FILE` on its own; the `@` inside `user@host` is not one.
        return re.sub(r"(?<!\w)@(\S+)", lambda m: self.photo_id(m.group(1)), text)

    def photo_id(self, file_name: str) -> str:
        added = [
            e.data["photo_id"]
            for e in self.log()
            if e.event_type == "PhotoAdded" and e.data["file"] == file_name
        ]
        if added:
            return str(added[-1])
        path = self.cli.workdir / file_name
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else file_name

    def given(self, command: str, actor: str | None) -> Result:
        self.earlier[command] = self.cli.ok(self.command(command), actor=actor)
        return self.earlier[command]

    def when(self, command: str, actor: str | None) -> Result:
        self.before = self.log()
        self.command_run = command
        return self.cli.line(self.command(command), actor=actor)

    def new_events(self) -> list[RecordedEvent]:
        return self.log()[len(self.before) :]

    def new_event(self, event_type: str) -> RecordedEvent:
        found = [e for e in self.new_events() if e.event_type == event_type]
        assert found, f"no new {event_type}; new events: {self.new_event_types()}"
        return found[-1]

    def new_event_types(self) -> list[str]:
        return [e.event_type for e in self.new_events()]

    def show(self, article_id: str) -> dict[str, Any]:
        shown = self.cli.run("show", article_id, "--json")
        assert shown.code == 0, shown.err
        return dict(shown.json())

    @contextmanager
    def clock(self, when: str) -> Iterator[None]:
        """The clock reads `when` for a while, then what it read before."""
        previous = self.cli.now
        self.cli.at(when)
        try:
            yield
        finally:
            self.cli.at(previous)


@pytest.fixture
def scene(newsroom: NewsroomCli) -> Scene:
    return Scene(newsroom)


def instant(text: str) -> datetime:
    """An ISO-8601 instant, or the newsroom's `HH:MM DD.MM.YYYY` in Asia/Baku."""
    try:
        return datetime.strptime(text, NEWSROOM_FORMAT).replace(tzinfo=NEWSROOM_TZ)
    except ValueError:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))


def make_image(workdir: Path, name: str, kind: str, size: tuple[int, int]) -> Path:
    """A real image; its colour comes from its name, so two files never share bytes."""
    crc = zlib.crc32(name.encode())
    colour = (crc & 0xFF, (crc >> 8) & 0xFF, (crc >> 16) & 0xFF)
    path = workdir / name
    Image.new("RGB", size, colour).save(path, kind.upper())
    return path


# --- Given: the newsroom and its past ------------------------------------------------


@given("the newsroom staff:")
def _(staffed: NewsroomCli, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    wanted = [dict(zip(header, row, strict=True)) for row in rows]
    listed = staffed.ok("staff list --json").json()["staff"]
    roster = [{name: member[name] for name in header} for member in listed]
    assert sorted(roster, key=lambda m: m["name"]) == sorted(wanted, key=lambda m: m["name"])


@given("a newsroom with no store yet")
def _(scene: Scene) -> None:
    assert not (scene.cli.workdir / "newsroom.db").exists()


@given(step('the clock reads "{when}"'))
def _(scene: Scene, when: str) -> None:
    scene.cli.at(when)


@given(step("{person:Name} has run `{command}`"))
def _(scene: Scene, person: str, command: str) -> None:
    scene.given(command, person)


@given(step('{person:Name} has drafted article {article_id:Id} headlined "{headline}"'))
def _(scene: Scene, person: str, article_id: str, headline: str) -> None:
    scene.given(f"draft --headline {_q(headline)} --category Society --id {article_id}", person)


@given(step('{person:Name} has added photo "{file}" to article {article_id:Id}'))
def _(scene: Scene, person: str, file: str, article_id: str) -> None:
    scene.given(f"photo add {article_id} {_q(file)}", person)


STATE_PATH = {
    "a draft": [],
    "in review": [("submit {id}", "aysel")],
    "approved": [("submit {id}", "aysel"), ("approve {id}", "kamran")],
    "published": [("submit {id}", "aysel"), ("approve {id}", "kamran"), ("publish {id}", "kamran")],
    "retracted": [
        ("submit {id}", "aysel"),
        ("approve {id}", "kamran"),
        ("publish {id}", "kamran"),
        ("retract {id} --reason 'Sources withdrew'", "umud"),
    ],
    "spiked": [("spike {id}", "kamran")],
}


def _q(text: str) -> str:
    return "'" + text.replace("'", "'\"'\"'") + "'"


def build_article(scene: Scene, article_id: str, headline: str, state: str) -> None:
    """Walk a fresh article by aysel along the usual path: kamran edits, umud retracts."""
    path = STATE_PATH.get(state)
    if state.startswith("scheduled for "):
        at = state.removeprefix("scheduled for ").strip('"')
        path = [*STATE_PATH["approved"], (f"publish {{id}} --at {_q(at)}", "kamran")]
    assert path is not None, f"no way to an article that is {state}"
    scene.given(f"draft --headline {_q(headline)} --category Society --id {article_id}", "aysel")
    for command, person in path:
        scene.given(command.format(id=article_id), person)


@given(step('article {article_id:Id} headlined "{headline}" is {state}'))
def _(scene: Scene, article_id: str, headline: str, state: str) -> None:
    build_article(scene, article_id, headline, state)


@given(step("article {article_id:Id} is {state}"))
def _(scene: Scene, article_id: str, state: str) -> None:
    build_article(scene, article_id, f"Headline of {article_id}", state)


@given(step('article {article_id:Id} headlined "{headline}" was published at "{when}"'))
def _(scene: Scene, article_id: str, headline: str, when: str) -> None:
    with scene.clock(when):
        build_article(scene, article_id, headline, "published")


@given(step('a {kind} image "{name}"'))
def _(scene: Scene, kind: str, name: str) -> None:
    make_image(scene.cli.workdir, name, kind, (800, 600))


@given(step('a {kind} image "{name}" of {width:d} by {height:d} pixels'))
def _(scene: Scene, kind: str, name: str, width: int, height: int) -> None:
    make_image(scene.cli.workdir, name, kind, (width, height))


@given(step('a text file "{name}" containing "{text}"'))
def _(scene: Scene, name: str, text: str) -> None:
    (scene.cli.workdir / name).write_text(text, encoding="utf-8")


@given(step('the file "{name}" has since been replaced by another picture'))
def _(scene: Scene, name: str) -> None:
    Image.new("RGB", (320, 200), (0, 90, 200)).save(scene.cli.workdir / name, "JPEG")


# --- When: one command by one person ---------------------------------------------------


@when(step("{person:Name} runs `{command}`"), target_fixture="result")
@when(step("{person:Name} runs `{command}` again"), target_fixture="result")
def _(scene: Scene, person: str, command: str) -> Result:
    return scene.when(command, person)


# --- Then: exit code, errors and the log -----------------------------------------------


@then("the command succeeds")
def _(result: Result) -> None:
    assert result.code == 0, f"exit {result.code}: {result.err}"
    assert result.err == "", result.err


@then(step("it is refused with exit code {code:d}"))
def _(result: Result, code: int) -> None:
    assert result.code == code, f"exit {result.code}, not {code}: {result.err or result.out}"
    assert result.out == "", f"a refusal printed on stdout: {result.out}"
    assert result.err.endswith("\n") and result.err.count("\n") == 1, f"not one line: {result.err}"
    assert "Traceback" not in result.err


@then(step('the error is one line mentioning "{fragment}"'))
def _(result: Result, fragment: str) -> None:
    err = result.err
    assert err.count("\n") == 1 and err.endswith("\n"), f"not one line: {err!r}"
    assert fragment in err, f"{fragment!r} not in {err!r}"


@then(step('the error is JSON with code "{code}"'))
def _(result: Result, code: str) -> None:
    err = result.err
    assert err.count("\n") == 1, f"not one line: {err!r}"
    error = json.loads(err)
    assert list(error) == ["error"] and set(error["error"]) == {"code", "message"}, error
    assert error["error"]["code"] == code, error
    assert error["error"]["message"], error


@then(step('the JSON error message mentions "{fragment}"'))
def _(result: Result, fragment: str) -> None:
    message = json.loads(result.err)["error"]["message"]
    assert fragment in message, f"{fragment!r} not in {message!r}"


@then("nothing was written")
def _(scene: Scene) -> None:
    before = [(e.global_position, e.hash) for e in scene.before]
    after = [(e.global_position, e.hash) for e in scene.log()]
    assert after == before, f"the log changed: {scene.new_event_types()}"


@then(step("the log gained {types}"))
def _(scene: Scene, types: str) -> None:
    wanted = [t for t in re.split(r",\s*|\s+and\s+|\s+", types) if t]
    assert scene.new_event_types() == wanted


@then(step("the {event_type:Event} event was recorded by {person:Name} as {role:Name}"))
def _(scene: Scene, event_type: str, person: str, role: str) -> None:
    event = scene.new_event(event_type)
    assert (event.metadata["actor"], event.metadata.get("role")) == (person, role), event.metadata


@then(step("the {event_type:Event} event was recorded by {person:Name}"))
def _(scene: Scene, event_type: str, person: str) -> None:
    assert scene.new_event(event_type).metadata["actor"] == person


@then(step('the {event_type:Event} event records {name:Field} "{value}"'))
def _(scene: Scene, event_type: str, name: str, value: str) -> None:
    data = scene.new_event(event_type).data
    assert name in data, f"{event_type} has no {name}: {data}"
    value = scene.photo_id(value[1:]) if value.startswith("@") else value
    assert str(data[name]) == value, f"{name} is {data[name]!r}, not {value!r}"


@then(step("the {event_type:Event} event records the photo order {values}"))
def _(scene: Scene, event_type: str, values: str) -> None:
    recorded = scene.new_event(event_type).data["photo_ids"]
    wanted = [scene.photo_id(v.removeprefix("@")) for v in quoted(values)]
    assert list(recorded) == wanted, f"the order is {recorded}, not {wanted}"


@then(step('the {event_type:Event} event records {name:Field} at "{when}"'))
def _(scene: Scene, event_type: str, name: str, when: str) -> None:
    recorded = scene.new_event(event_type).data[name]
    assert instant(recorded) == instant(when), f"{name} is {recorded}, not {when}"


@then(step("the {event_type:Event} event records no {name:Field}"))
def _(scene: Scene, event_type: str, name: str) -> None:
    data = scene.new_event(event_type).data
    assert data.get(name) is None, f"{name} is {data[name]!r}"


@then(step('the {event_type:Event} event gives the reason "{reason}"'))
def _(scene: Scene, event_type: str, reason: str) -> None:
    assert scene.new_event(event_type).metadata.get("reason") == reason


# --- Then: what the newsroom shows ------------------------------------------------------


@then(step("article {article_id:Id} is {status}"))
def _(scene: Scene, article_id: str, status: str) -> None:
    shown = scene.show(article_id)["status"]
    assert shown == status.replace(" ", "_"), f"{article_id} is {shown}"


@then(step('article {article_id:Id} shows {name:Field} "{value}"'))
def _(scene: Scene, article_id: str, name: str, value: str) -> None:
    assert str(scene.show(article_id)[name]) == value


@then(step("article {article_id:Id} shows the photos {files}"))
def _(scene: Scene, article_id: str, files: str) -> None:
    photos = scene.show(article_id)["photos"]
    assert [p["file"] for p in photos] == quoted(files)


@then(step("article {article_id:Id} has no photos"))
def _(scene: Scene, article_id: str) -> None:
    assert scene.show(article_id)["photos"] == []


@then(step('article {article_id:Id} has the correction note "{note}"'))
def _(scene: Scene, article_id: str, note: str) -> None:
    assert [c["text"] for c in scene.show(article_id)["corrections"]] == [note]


@then(step('the output says "{fragment}"'))
def _(result: Result, fragment: str) -> None:
    assert fragment in result.out, f"{fragment!r} not in {result.out!r}"


@then(step('the output does not mention "{fragment}"'))
def _(result: Result, fragment: str) -> None:
    assert fragment not in result.out, f"{fragment!r} in {result.out!r}"


@then("the output is:")
def _(result: Result, docstring: str) -> None:
    assert result.out == docstring + "\n"


@then("the output is empty")
def _(result: Result) -> None:
    assert result.out == ""


@then(step("one line of the output mentions {fragments}"))
def _(result: Result, fragments: str) -> None:
    wanted = quoted(fragments)
    lines = [line for line in result.out.splitlines() if all(f in line for f in wanted)]
    assert lines, f"no line has all of {wanted}:\n{result.out}"


@then("the ticker reads:")
def _(scene: Scene, docstring: str) -> None:
    assert scene.cli.ok("ticker").out == docstring + "\n"


@then("the ticker is empty")
def _(scene: Scene) -> None:
    assert scene.cli.ok("ticker").out == ""


@then(step("the JSON output has the keys {keys}"))
def _(result: Result, keys: str) -> None:
    data = result.json()
    missing = set(quoted(keys)) - set(data)
    assert not missing, f"missing {missing} in {sorted(data)}"


@then(step("every one of the JSON output's {name:Field} has the keys {keys}"))
def _(result: Result, name: str, keys: str) -> None:
    items = result.json()[name]
    assert items, f"{name} is empty"
    for item in items:
        missing = set(quoted(keys)) - set(item)
        assert not missing, f"missing {missing} in {sorted(item)}"


@then(step('the JSON output has {name:Field} "{value}"'))
def _(result: Result, name: str, value: str) -> None:
    data = result.json()
    assert str(data[name]) == value, f"{name} is {data[name]!r}, not {value!r}"


@then(step("the JSON output has no {name:Field}"))
def _(result: Result, name: str) -> None:
    data = result.json()
    assert name in data and data[name] is None, f"{name} is {data.get(name, 'missing')!r}"


@then(step("the JSON output's {name:Field} are:"))
def _(result: Result, name: str, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    items = result.json()[name]
    got = [[_cell(item.get(column)) for column in header] for item in items]
    assert got == rows, "\n".join(" | ".join(row) for row in got)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


@then("the JSON output lists every event of the log in commit order")
def _(scene: Scene, result: Result) -> None:
    listed = [e["global_position"] for e in result.json()["events"]]
    assert listed == list(range(1, len(listed) + 1)), listed
    assert listed == [e.global_position for e in scene.log()]


@then("the JSON output repeats the first run's result")
def _(scene: Scene, result: Result) -> None:
    assert scene.command_run in scene.earlier, "this command was not run before"
    first, again = scene.earlier[scene.command_run].json(), result.json()
    assert again["replayed"] is True
    assert [e["event_id"] for e in again["events"]] == [e["event_id"] for e in first["events"]]
    assert (again["article_id"], again["version"]) == (first["article_id"], first["version"])


@then(step('the media folder holds "{name}" exactly as it was added'))
def _(scene: Scene, name: str) -> None:
    added = [e.data for e in scene.log() if e.event_type == "PhotoAdded" and e.data["file"] == name]
    assert added, f"no PhotoAdded for {name}"
    facts = added[-1]
    copy = (
        scene.cli.workdir
        / "media"
        / facts["sha256"][:2]
        / f"{facts['sha256']}{MEDIA_TYPES[facts['media_type']]}"
    )
    assert copy.is_file(), f"no copy at {copy}"
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == facts["sha256"]


@then("the media folder is empty")
def _(scene: Scene) -> None:
    media = scene.cli.workdir / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
