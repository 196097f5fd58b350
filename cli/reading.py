"""The read commands: articles, the News line, history, the raw log, rebuilds."""

from __future__ import annotations

from types import ModuleType
from typing import Annotated

import typer

from cli.appdef import ArticleIdArg, app, staff_app
from cli.globals import settings
from events.errors import BadInput

TICKER_FORMATS = ("text", "json")


def _actions() -> ModuleType:
    from cli import actions  # heavy: loads the database stack only when a command runs

    return actions


@app.command()
def show(article_id: ArticleIdArg) -> None:
    """Show an article as it stands: headline, dateline, text, photos, notes."""
    _actions().show(settings(), article_id)


@app.command("list")
def list_(
    status: Annotated[
        str | None,
        typer.Option(help="draft, in_review, approved, scheduled, published, retracted, spiked."),
    ] = None,
    category: Annotated[str | None, typer.Option()] = None,
    language: Annotated[str | None, typer.Option()] = None,
    limit: Annotated[int, typer.Option(min=0, help="At most this many (0: all).")] = 50,
) -> None:
    """List articles, most recently changed first."""
    _actions().list_articles(settings(), status, category, language, limit)


@app.command()
def ticker(
    limit: Annotated[int, typer.Option(min=0, help="How many headlines (0: all).")] = 40,
    language: Annotated[str | None, typer.Option()] = None,
    output: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """The News line: published headlines, newest first, with their times."""
    if output not in TICKER_FORMATS:
        raise BadInput(f"--format {output!r} is not one of {', '.join(TICKER_FORMATS)}.")
    _actions().ticker(settings(), limit, language, output)


@app.command()
def history(article_id: ArticleIdArg) -> None:
    """Every event of one article: when, who, in which role, and why."""
    _actions().history(settings(), article_id)


@app.command()
def log(
    from_position: Annotated[int, typer.Option("--from", min=1, help="First global position.")] = 1,
    limit: Annotated[int, typer.Option(min=0, help="At most this many (0: all).")] = 0,
) -> None:
    """The raw log, in commit order, with each event's hash."""
    _actions().log(settings(), from_position, limit)


@app.command()
def rebuild() -> None:
    """Drop every projection and replay the whole log into it."""
    _actions().rebuild_projections(settings())


@staff_app.command("list")
def staff_list() -> None:
    """Everyone on the staff, with their role."""
    _actions().staff_list(settings())
