"""`newsroom site build`: the static website, from the projections or from the past."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.appdef import site_app
from cli.globals import settings
from cli.reading import AsOfOption


@site_app.command("build")
def site_build(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="The site's folder; each build replaces it whole.")
    ],
    as_of: AsOfOption = None,
) -> None:
    """Render the News line, every article, tombstones, language pages and feeds into DIR."""
    from cli import sitebuild  # heavy: loads the database stack only when a command runs

    sitebuild.build(settings(), directory, as_of)
