"""`newsroom site build`: the static website, from the projections or from the past."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.commands import AsOfOption, site_app
from cli.options import settings


@site_app.command("build")
def site_build(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="The site's folder; each build replaces it whole.")
    ],
    as_of: AsOfOption = None,
) -> None:
    """Render the News line, every article, tombstones, language pages and feeds into DIR."""
    from cli import render
    from cli.bootstrap import open_session
    from cli.times import parse_as_of
    from website.build import Where, build, content_now, content_then
    from website.folder import check_target

    current = settings()
    check_target(directory)  # refused before the store is even opened
    with open_session(current, catch_up_first=as_of is None) as session:
        if as_of is None:
            content, label = content_now(session.views), None
        else:
            moment = parse_as_of(as_of, current.tz, session.store)
            content, label = content_then(session.store, moment), moment.label
    where = Where(directory, current.site_url, current.media_dir, current.tz)
    summary = build(content, where) | {"as_of": label}
    if current.json:
        render.print_json(summary)
        return
    print(
        f"Built {summary['pages']} pages into {summary['path']}: {summary['articles']} articles, "
        f"{summary['retracted']} retracted, {summary['photos']} photos."
    )
    print(summary["index"])
