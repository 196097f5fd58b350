"""Steps for the workflow's later moves: photo words, the staff, revising in an editor."""

from __future__ import annotations

import io
import sys

import pytest
from pytest_bdd import given, then

from tests.steps.common import Scene, step
from tests.steps.site import page
from tests.support.cli import Result


@then(step('article {article_id:Id}\'s photo "{file}" has {name:Field} "{value}"'))
def _(scene: Scene, article_id: str, file: str, name: str, value: str) -> None:
    [photo] = [p for p in scene.show(article_id)["photos"] if p["file"] == file]
    assert photo[name] == value, photo


@then(step('the picture "{file}" on the page "{path}" has the alt text "{text}"'))
def _(scene: Scene, file: str, path: str, text: str) -> None:
    images = page(scene, path).xpath("//article//figure/img")
    alts = [img.get("alt") for img in images if img.get("src").endswith(_suffix(file))]
    assert alts == [text], [img.get("alt") for img in images]


def _suffix(file: str) -> str:
    return "." + file.rsplit(".", 1)[-1]


@then(step("{person:Name}'s draft is still in the history of article {article_id:Id}"))
def _(scene: Scene, person: str, article_id: str) -> None:
    shown = scene.cli.run("history", article_id, "--json")
    assert shown.code == 0, shown.err
    [first, *_] = shown.json()["events"]
    assert (first["event_type"], first["actor"]) == ("ArticleDrafted", person), first


EDITORS = {
    "rewrites": "text = text.replace(OLD, NEW)",
    "changes nothing in": "pass",
    "empties the headline of": "text = '\\n' + text.partition('\\n')[2]",
    "gives up on": "sys.exit(1)",
}


def _editor(scene: Scene, monkeypatch: pytest.MonkeyPatch, action: str, old: str, new: str) -> None:
    """EDITOR: a small program that does to the file what a person would."""
    script = scene.cli.workdir / "editor.py"
    lines = [
        "import sys",
        f"OLD, NEW = {old!r}, {new!r}",
        "path = sys.argv[1]",
        "text = open(path, encoding='utf-8').read()",
        EDITORS[action],
        "open(path, 'w', encoding='utf-8').write(text)",
    ]
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")


@given(step('the editor rewrites "{old}" as "{new}"'))
def _(scene: Scene, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> None:
    _editor(scene, monkeypatch, "rewrites", old, new)


@given(step("the editor {action} the file"))
def _(scene: Scene, monkeypatch: pytest.MonkeyPatch, action: str) -> None:
    _editor(scene, monkeypatch, action, "", "")


@given(step('the person at the terminal answers "{answer}"'))
def _(monkeypatch: pytest.MonkeyPatch, answer: str) -> None:
    monkeypatch.setattr("cli.confirm.on_terminal", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO(answer + "\n"))


@then(step('it asked "{question}" and went ahead'))
def _(result: Result, question: str) -> None:
    assert result.code == 0, f"exit {result.code}: {result.err}"
    assert result.err.strip() == f"{question} [y/N]", result.err
