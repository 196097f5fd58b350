"""Named profiles in `config.toml`: a desk's store, name, key and zone in one word.

A profile is a lower layer under the NEWSROOM_* variables: `resolve` lays the chosen
profile's values beneath the environment, so command-line options beat variables,
variables beat the profile, and the profile beats the defaults.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from events.errors import BadInput

# Each key a profile may hold, and the variable it stands in for.
PROFILE_KEYS = {
    "store": "NEWSROOM_STORE",
    "actor": "NEWSROOM_ACTOR",
    "key": "NEWSROOM_KEY",
    "tz": "NEWSROOM_TZ",
    "media": "NEWSROOM_MEDIA",
    "media_url": "NEWSROOM_MEDIA_URL",
    "site_url": "NEWSROOM_SITE_URL",
}
PATHS = ("key", "media")  # `~` in them is the person's home


@dataclass(frozen=True, slots=True)
class Config:
    path: Path
    default: str | None
    profiles: dict[str, dict[str, str]]


def config_path(env: Mapping[str, str]) -> Path:
    """`$XDG_CONFIG_HOME/newsroom/config.toml`, else under `~/.config`; a relative
    XDG_CONFIG_HOME is ignored, as the XDG spec asks (it would follow the working folder)."""
    xdg = Path(env.get("XDG_CONFIG_HOME") or ".")
    base = xdg if xdg.is_absolute() else Path(env.get("HOME") or "~").expanduser() / ".config"
    return base / "newsroom" / "config.toml"


def load_config(path: Path) -> Config:
    """The config file, every profile checked; an empty one when there is no file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(path, None, {})
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"Cannot read {path}: {exc}.") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"{path} is not valid TOML: {exc}.") from None
    config = _checked(path, document)
    _refuse_open_password(path, config)
    return config


def _checked(path: Path, document: dict[str, object]) -> Config:
    unknown = [name for name in document if name not in ("default", "profiles")]
    if unknown:
        raise BadInput(
            f"{path}: unknown setting {unknown[0]!r}; the file holds default and [profiles.NAME]."
        )
    default = document.get("default")
    if default is not None and not isinstance(default, str):
        raise BadInput(f"{path}: default must be the name of a profile, in quotes.")
    tables = document.get("profiles", {})
    if not isinstance(tables, dict):
        raise BadInput(f"{path}: profiles must be tables, like [profiles.desk].")
    profiles = {name: _profile(path, name, table) for name, table in tables.items()}
    if default is not None and default not in profiles:
        raise BadInput(f"{path}: default names profile {default!r}, which {_known(profiles)}.")
    return Config(path, default, profiles)


def _profile(path: Path, name: str, table: object) -> dict[str, str]:
    if not isinstance(table, dict):
        raise BadInput(f"{path}: profiles.{name} must be a table, like [profiles.{name}].")
    for key, value in table.items():
        if key not in PROFILE_KEYS:
            raise BadInput(
                f"{path}: unknown key {key!r} in profile {name!r}; "
                f"the keys are {', '.join(PROFILE_KEYS)}."
            )
        if not isinstance(value, str) or not value:
            raise BadInput(
                f"{path}: {key} in profile {name!r} must be text in quotes, not {value!r}."
            )
    if "tz" in table:
        _zone_named(path, name, table["tz"])
    return {key: str(value) for key, value in table.items()}


def _zone_named(path: Path, name: str, tz: str) -> None:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(
            f"{path}: unknown time zone {tz!r} in profile {name!r} (try Asia/Baku or UTC)."
        ) from None


def _refuse_open_password(path: Path, config: Config) -> None:
    """Refused, not warned: a password others can read is out already, and a warning on
    every run is one people learn to skip (ssh refuses an open key file for the same)."""
    if not any(_has_password(p.get("store", "")) for p in config.profiles.values()):
        return
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise BadInput(
            f"{path} holds a store password and others may read it; run `chmod 600 {path}`."
        )


def _has_password(url: str) -> bool:
    try:
        return bool(urlsplit(url).password)
    except ValueError:
        return False


def _known(profiles: Mapping[str, object]) -> str:
    if not profiles:
        return "is not there: the file has no profiles"
    return f"is not there; the profiles are {', '.join(sorted(profiles))}"


def chosen(options: Mapping[str, object], env: Mapping[str, str]) -> dict[str, str]:
    """The variables the chosen profile stands in for; none when no profile applies."""
    asked = str(options.get("profile") or env.get("NEWSROOM_PROFILE") or "")
    path = config_path(env)
    config = load_config(path)
    if asked and not path.exists():
        raise BadInput(f"No profile {asked!r}: there is no config file {path}.")
    name = asked or config.default
    if name is None:
        return {}
    if name not in config.profiles:
        raise BadInput(f"{path}: profile {name!r} {_known(config.profiles)}.")
    return {
        PROFILE_KEYS[key]: _expanded(key, value) for key, value in config.profiles[name].items()
    }


def _expanded(key: str, value: str) -> str:
    return os.path.expanduser(value) if key in PATHS else value
