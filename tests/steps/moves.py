"""Steps for the workflow's later moves: photo words, internal notes, previews."""

from __future__ import annotations

from pytest_bdd import then

from tests.steps.common import Scene, step
from tests.steps.site import page


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
