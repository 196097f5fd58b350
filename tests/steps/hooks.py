"""Step definitions for publishing hooks and scheduling: real hooks, real programs, real ticks.

A hook's target in these features is a real program: `receiver.py`, written into the
scenario's folder and run with this Python. It reads the event's JSON from its standard
input and appends it to `<NAME>.jsonl` beside itself, NAME being its one argument; while
a flag file `<NAME>.fail` exists it writes nothing and exits with 3 instead, as a
downstream system that is down would. Commands name it `$receiver`. Everything else
goes through the real CLI, like the steps in `tests/steps/common.py`, and shares its scene.
"""

from __future__ import annotations

import io
import json
import re
import shlex
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, then
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

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


@dataclass
class WebReceiver:
    """A web server on 127.0.0.1 that writes down every POST it gets and answers `status`."""

    url: str = ""
    status: int = 200
    got: list[tuple[dict[str, str], bytes]] = field(default_factory=list)

    def delivery_of(self, article_id: str) -> tuple[dict[str, str], bytes]:
        found = [
            (headers, body)
            for headers, body in self.got
            if json.loads(body)["stream_id"] == f"article:{article_id}"
        ]
        assert found, f"the web receiver got nothing about {article_id}"
        return found[-1]


@pytest.fixture
def web_receiver() -> Iterator[WebReceiver]:
    receiver = WebReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            receiver.got.append((dict(self.headers), body))
            self.send_response(receiver.status)
            self.send_header("Location", f"{receiver.url}/moved")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/newsroom"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield receiver
    server.shutdown()
    server.server_close()


def verifies(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """Whether the Standard Webhooks reference verifier accepts the delivery."""
    try:
        Webhook(secret).verify(body, headers)
    except WebhookVerificationError:
        return False
    return True


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


@given(step('the standard input holds "{text}"'))
def _(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text + "\n"))


@given(step('the receiver "{name}" fails every delivery'))
def _(scene: Scene, name: str) -> None:
    (receivers(scene) / f"{name}.fail").touch()


@given(step('the receiver "{name}" works again'))
def _(scene: Scene, name: str) -> None:
    (receivers(scene) / f"{name}.fail").unlink()


@given(step("a web receiver ${name:Field} that writes down every delivery"))
def _(scene: Scene, web_receiver: WebReceiver, name: str) -> None:
    scene.noted[name] = web_receiver.url
    scene.noted[f"{name}_port"] = web_receiver.url.split(":")[2].split("/")[0]


@given(step('the web receiver answers "{status:d}"'))
def _(web_receiver: WebReceiver, status: int) -> None:
    web_receiver.status = status


@given(step("the operator lets hooks reach {networks}"))
def _(monkeypatch: pytest.MonkeyPatch, networks: str) -> None:
    if networks == "no inner network":
        monkeypatch.delenv("NEWSROOM_HOOK_ALLOW_NETWORKS", raising=False)
    else:
        monkeypatch.setenv("NEWSROOM_HOOK_ALLOW_NETWORKS", networks.strip('"'))


@given(step("the secret of hook {name:Name} is lost from the store"))
def _(scene: Scene, name: str) -> None:
    from sqlalchemy import text

    from events.sql.engine import open_engine, write_transaction

    engine = open_engine(scene.cli.store_url)
    with write_transaction(engine) as conn:
        conn.execute(text("DELETE FROM hook_secrets WHERE name = :name"), {"name": name})
    engine.dispose()


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


@then("the web receiver got nothing")
def _(web_receiver: WebReceiver) -> None:
    assert web_receiver.got == []


@then(step("the web receiver got {count:d} attempts to deliver article {article_id:Id}"))
def _(web_receiver: WebReceiver, count: int, article_id: str) -> None:
    about = [
        b for _, b in web_receiver.got if json.loads(b)["stream_id"] == f"article:{article_id}"
    ]
    assert len(about) == count, f"{len(about)} attempts"


@then(step("the web receiver's delivery of article {article_id:Id} is named by its event id"))
def _(scene: Scene, web_receiver: WebReceiver, article_id: str) -> None:
    headers, body = web_receiver.delivery_of(article_id)
    assert headers["webhook-id"] == json.loads(body)["event_id"]
    assert int(headers["webhook-timestamp"]) > 0 and "X-Newsroom-Signature" not in headers


@then(step("the web receiver's delivery of article {article_id:Id} verifies with {secrets}"))
def _(scene: Scene, web_receiver: WebReceiver, article_id: str, secrets: str) -> None:
    headers, body = web_receiver.delivery_of(article_id)
    for secret in quoted(secrets):
        assert verifies(scene.command(secret), headers, body), f"not signed for {secret}"


@then(step("the web receiver's delivery of article {article_id:Id} does not verify with {secret}"))
def _(scene: Scene, web_receiver: WebReceiver, article_id: str, secret: str) -> None:
    headers, body = web_receiver.delivery_of(article_id)
    assert not verifies(scene.command(quoted(secret)[0]), headers, body)


@then(step("the output gives a new secret, noted as ${name:Field}"))
def _(scene: Scene, result: Result, name: str) -> None:
    found = re.findall(r"whsec_[A-Za-z0-9+/=]+", result.out)
    assert len(found) == 1, result.out
    scene.noted[name] = found[0]


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


@then(step('the dead letter of hook {name:Name} says "{fragment}"'))
def _(scene: Scene, name: str, fragment: str) -> None:
    [letter] = dead_letters(scene, name)
    assert fragment in letter["error"], f"{fragment!r} not in {letter['error']!r}"


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
    text = scene.command(text)
    for event in scene.log():
        written = json.dumps([event.data, event.metadata, event.stream_id], ensure_ascii=False)
        assert text not in written, f"{text!r} in the event at {event.global_position}"


@then(step('the list of hooks does not show "{text}"'))
def _(scene: Scene, text: str) -> None:
    for command in ("hooks list", "hooks list --json"):
        assert scene.command(text) not in scene.cli.ok(command).out


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
