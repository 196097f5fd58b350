"""The profiles of the config file, and which one a bare command line takes."""

from __future__ import annotations

from typing import Any

from cli.commands import app
from cli.options import config_file, settings


@app.command()
def profiles() -> None:
    """List the profiles of ~/.config/newsroom/config.toml, the default marked, passwords hidden."""
    from cli import render, tables
    from cli.profiles import load_config

    as_json = settings().json  # also proves the chosen profile, if any, loads
    config = load_config(config_file())
    rows = [_row(name, values, name == config.default) for name, values in config.profiles.items()]
    if as_json:
        render.print_json({"config": str(config.path), "default": config.default, "profiles": rows})
    elif not rows:
        where = "has none" if config.path.exists() else "is not there"
        print(f"No profiles: the config file {config.path} {where}.")
    else:
        tables.profiles_table(rows)


def _row(name: str, values: dict[str, str], default: bool) -> dict[str, Any]:
    from events.sql.engine import display_url

    shown = {**values, "store": display_url(values["store"])} if "store" in values else values
    return {"name": name, "default": default, **shown}
