"""Steps for the pages of `log` and `history`: a long past, and a script reading it page by page."""

from __future__ import annotations

from pytest_bdd import given, then, when

from tests.steps.common import Scene, step
from tests.support.cli import Result


@given(step("{person:Name} has drafted {count:d} more articles"))
def _(scene: Scene, person: str, count: int) -> None:
    for n in range(count):
        scene.cli.ok(f"draft --id page-{n} --headline 'Page {n}' --category Society", person)


@given(step("{person:Name} has revised article {article_id:Id} {count:d} times"))
def _(scene: Scene, person: str, article_id: str, count: int) -> None:
    for n in range(count):
        scene.cli.ok(f"revise {article_id} --body 'Take {n}.'", person)


@when(
    step("{person:Name} reads `{command}` page by page, {size:d} at a time"),
    target_fixture="pages",
)
def _(scene: Scene, person: str, command: str, size: int) -> list[dict[str, object]]:
    """What a script does: ask for a page, then for the one its `next_from` names."""
    pages: list[dict[str, object]] = []
    start: object = 1
    while start is not None:
        page = scene.cli.ok(f"{command} --json --limit {size} --from {start}", person).json()
        pages.append(page)
        start = page["next_from"]
    return pages


@then(step("the pages hold every event of the log once, in commit order, in {count:d} pages"))
def _(scene: Scene, pages: list[dict[str, list[dict[str, int]]]], count: int) -> None:
    read = [event["global_position"] for page in pages for event in page["events"]]
    assert read == [event.global_position for event in scene.log()], read
    assert len(pages) == count, f"{len(pages)} pages"


@then(step("the pages hold the events at positions {first:d} to {last:d}, in {count:d} pages"))
def _(pages: list[dict[str, list[dict[str, int]]]], first: int, last: int, count: int) -> None:
    read = [event["global_position"] for page in pages for event in page["events"]]
    assert read == list(range(first, last + 1)), read
    assert len(pages) == count, f"{len(pages)} pages"


@then(step("the JSON output lists every event from position {first:d} to {last:d}"))
def _(result: Result, first: int, last: int) -> None:
    listed = [event["global_position"] for event in result.json()["events"]]
    assert listed == list(range(first, last + 1)), listed


@then(step("the JSON output has {count:d} events, from version {first:d} to {last:d}"))
def _(result: Result, count: int, first: int, last: int) -> None:
    versions = [event["stream_version"] for event in result.json()["events"]]
    assert versions == list(range(first, last + 1)) and len(versions) == count, versions
