"""Steps for profiles.feature: the config file a person keeps, and the variables unset."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then

from tests.steps.common import Scene, step
from tests.support.cli import Result

VARIABLE = r"NEWSROOM_[A-Z_]+|XDG_CONFIG_HOME"


def _config_file() -> Path:
    return Path(os.environ["HOME"]) / ".config" / "newsroom" / "config.toml"


@given("the config file holds:")
def _(scene: Scene, docstring: str) -> None:
    """`$WORKDIR` stands for the scenario's folder."""
    path = _config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(docstring.replace("$WORKDIR", str(scene.cli.workdir)) + "\n")
    path.chmod(0o600)


@given("the config file can be read by others")
def _() -> None:
    _config_file().chmod(0o644)


@given(parsers.re(rf"(?P<name>{VARIABLE}) is unset"))
def _(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.delenv(name, raising=False)


@given(parsers.re(rf'(?P<name>{VARIABLE}) is "(?P<value>[^"]*)"'))
def _(scene: Scene, monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    """`$WORKDIR` stands for the scenario's folder."""
    monkeypatch.setenv(name, value.replace("$WORKDIR", str(scene.cli.workdir)))


@then(step('the output does not say "{fragment}"'))
def _(result: Result, fragment: str) -> None:
    assert fragment not in result.out, f"{fragment!r} in {result.out!r}"


@then(step('the error does not say "{fragment}"'))
def _(result: Result, fragment: str) -> None:
    assert fragment not in result.err, f"{fragment!r} in {result.err!r}"
