"""A profile is a layer under the variables: each setting comes from the first that says it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.options import resolve
from events.errors import BadInput

CONFIG = """
default = "desk"
[profiles.desk]
store = "sqlite:///desk.db"
actor = "kamran"
key = "~/keys/kamran.key"
tz = "UTC"
media = "~/media"
media_url = "https://media.example.az"
site_url = "https://news.example.az/"
"""


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / ".config" / "newsroom"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(CONFIG)
    return {"HOME": str(tmp_path)}


def test_the_profile_gives_every_setting_it_names(
    home: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", home["HOME"])  # `~` in a profile is this home
    settings = resolve({}, home)
    assert settings.store_url == "sqlite:///desk.db"
    assert settings.actor == "kamran"
    assert settings.key_path == Path(home["HOME"]) / "keys" / "kamran.key"
    assert settings.media_dir == Path(home["HOME"]) / "media"
    assert str(settings.tz) == "UTC"
    assert settings.media_url == "https://media.example.az"
    assert settings.site_url == "https://news.example.az/"


def test_a_variable_beats_the_profile_and_an_option_beats_both(home: dict[str, str]) -> None:
    env = {**home, "NEWSROOM_ACTOR": "leyla", "NEWSROOM_STORE": "sqlite:///env.db"}
    settings = resolve({"actor": "aysel"}, env)
    assert settings.actor == "aysel"
    assert settings.store_url == "sqlite:///env.db"


def test_an_empty_variable_leaves_the_profile_in_force(home: dict[str, str]) -> None:
    assert resolve({}, {**home, "NEWSROOM_ACTOR": ""}).actor == "kamran"


def test_xdg_config_home_is_where_the_file_is_looked_for(
    home: dict[str, str], tmp_path: Path
) -> None:
    elsewhere = {**home, "XDG_CONFIG_HOME": str(tmp_path / "nowhere")}
    assert resolve({}, elsewhere).store_url == "sqlite:///newsroom.db"
    with pytest.raises(BadInput, match="there is no config file"):
        resolve({"profile": "desk"}, elsewhere)


def test_a_relative_xdg_config_home_is_ignored(home: dict[str, str]) -> None:
    assert resolve({}, {**home, "XDG_CONFIG_HOME": "nowhere"}).actor == "kamran"
