"""Steps for features/hostile_input.feature (at the door): characters a feature file cannot show, and
settings from the environment."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, when

from tests.steps.common import Scene, step
from tests.support.cli import Result

VARIABLE = {"Variable": lambda text: text}
VARIABLE["Variable"].pattern = r"NEWSROOM_[A-Z_]+"  # type: ignore[attr-defined]


@when(
    step(
        '{person:Name} runs `{command}` where "{symbol}" stands for the control character U+{code}'
    ),
    target_fixture="result",
)
def _(scene: Scene, person: str, command: str, symbol: str, code: str) -> Result:
    return scene.when(command.replace(symbol, chr(int(code, 16))), person)


@given(parsers.parse('{name:Variable} is set to "{value}"', extra_types=VARIABLE))
def _(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
