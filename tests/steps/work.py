"""Step definitions for urgency and assignments: what partners and readers get."""

from __future__ import annotations

import re

from pytest_bdd import given, then

from delivery.payload import ninjs
from events.catalog import article_stream
from projections.past import fold_article
from tests.steps.common import Scene, step


def _ninjs(scene: Scene, article_id: str) -> dict[str, object]:
    records = [e for e in scene.log() if e.stream_id == article_stream(article_id)]
    view = fold_article(records)
    assert view is not None, f"no article {article_id}"
    return ninjs(view, records[-1], "media", [])


@then(step("the ninjs of article {article_id:Id} has urgency {urgency:d}"))
def _(scene: Scene, article_id: str, urgency: int) -> None:
    assert _ninjs(scene, article_id).get("urgency") == urgency


@then(step("the ninjs of article {article_id:Id} has no urgency"))
def _(scene: Scene, article_id: str) -> None:
    assert "urgency" not in _ninjs(scene, article_id)


def _headline_item(scene: Scene, path: str, headline: str) -> str:
    page = (scene.cli.workdir / path).read_text(encoding="utf-8")
    items = [item for item in re.findall(r"<li>.*?</li>", page) if f">{headline}<" in item]
    assert items, f"{headline!r} is not on {path}"
    return items[0]


@then(step('the News line on "{path}" labels "{headline}" Breaking'))
def _(scene: Scene, path: str, headline: str) -> None:
    assert "Breaking" in _headline_item(scene, path, headline)


@then(step('the News line on "{path}" does not label "{headline}" Breaking'))
def _(scene: Scene, path: str, headline: str) -> None:
    assert "Breaking" not in _headline_item(scene, path, headline)


@given(step("the log's last position is noted as ${name:Field}"))
def _(scene: Scene, name: str) -> None:
    scene.noted[name] = str(scene.log()[-1].global_position)
