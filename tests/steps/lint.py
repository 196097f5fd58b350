"""Steps for features/lint.feature."""

from __future__ import annotations

import pytest
from pytest_bdd import then, when

from tests.steps.common import Scene, step
from tests.support.cli import Result


@when(
    step("{person:Name} runs `{command}` with a headline limit of {limit:d}"),
    target_fixture="result",
)
def _(
    scene: Scene, person: str, command: str, limit: int, monkeypatch: pytest.MonkeyPatch
) -> Result:
    monkeypatch.setenv("NEWSROOM_HEADLINE_LIMIT", str(limit))
    return scene.cli.line(command, actor=person)


@then(step('the command succeeds, warning "{fragment}"'))
def _(result: Result, fragment: str) -> None:
    assert result.code == 0, f"exit {result.code}: {result.err}"
    warnings = result.err.strip().splitlines()
    assert warnings and all(line.startswith("newsroom: warning: ") for line in warnings), result.err
    assert any(fragment in line for line in warnings), result.err
