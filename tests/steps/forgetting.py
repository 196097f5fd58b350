"""Step definitions for erasure by court order: requests, confirmation, and what is left.

The request id is random; the step that asks notes it as `$request`, and later commands
name it so (`redact --confirm $request`), as a second chief copies it from the first's
message. Searches go through the store's own files, write-ahead log included.
"""

from __future__ import annotations

import json

from pytest_bdd import given, then

from tests.steps.common import Scene, step


@given(step("{person:Name} has asked for it with `{command}`"))
def _(scene: Scene, person: str, command: str) -> None:
    asked = scene.cli.ok("--json " + scene.command(command), actor=person)
    scene.noted["request"] = json.loads(asked.out)["request_id"]


@then(step('the store\'s files hold no "{text}"'))
def _(scene: Scene, text: str) -> None:
    files = sorted(scene.cli.workdir.glob("newsroom.db*"))
    assert files, "no store files to search"
    for path in files:
        assert text.encode() not in path.read_bytes(), f"{path.name} still holds {text!r}"


@then(step('the store\'s files still hold "{text}"'))
def _(scene: Scene, text: str) -> None:
    held = b"".join(path.read_bytes() for path in scene.cli.workdir.glob("newsroom.db*"))
    assert text.encode() in held


@then(step('`{command}` prints no "{text}"'))
def _(scene: Scene, command: str, text: str) -> None:
    shown = scene.cli.line(scene.command(command))
    assert shown.code == 0, shown.err
    assert text not in shown.out


@then(step('`{command}` prints "{text}"'))
def _(scene: Scene, command: str, text: str) -> None:
    shown = scene.cli.line(scene.command(command))
    assert shown.code == 0, shown.err
    assert text in " ".join(shown.out.split()), shown.out


@then("the log still verifies")
def _(scene: Scene) -> None:
    proof = scene.cli.line("verify --json")
    assert proof.code == 0, proof.err
    assert proof.json()["ok"] is True


@then(step("the media folder holds no file of {name}"))
def _(scene: Scene, name: str) -> None:
    media = scene.cli.workdir / "media"
    content = (scene.cli.workdir / name).read_bytes()
    for path in media.rglob("*") if media.exists() else ():
        assert not path.is_file() or path.read_bytes() != content, f"{path} is still there"


@then(step('no file in "{folder}" holds "{text}"'))
def _(scene: Scene, folder: str, text: str) -> None:
    files = [path for path in (scene.cli.workdir / folder).rglob("*") if path.is_file()]
    assert files, f"nothing in {folder}"
    for path in files:
        assert text.encode() not in path.read_bytes(), f"{path} still holds {text!r}"


@given(step('{person:Name} has kept the receipt of article {article_id:Id} as "{name}"'))
def _(scene: Scene, person: str, article_id: str, name: str) -> None:
    receipt = scene.cli.ok(f"prove {article_id}", actor=person).out
    (scene.cli.workdir / name).write_text(receipt, encoding="utf-8")


@then(step('the file "{name}" holds no "{text}"'))
def _(scene: Scene, name: str, text: str) -> None:
    assert text.encode() not in (scene.cli.workdir / name).read_bytes()
