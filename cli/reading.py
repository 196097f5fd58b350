"""The read and audit commands: articles, the News line, history, the log, proofs, copies."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Annotated

import typer

from cli.appdef import ArticleIdArg, app, staff_app
from cli.globals import settings
from events.errors import BadInput

TICKER_FORMATS = ("text", "json", "rss", "atom", "html")
STATUSES = ("draft", "in_review", "approved", "scheduled", "published", "retracted", "spiked")
LANGUAGES = ("az", "en", "ru")


def _one_of(option: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    cleaned = value.strip().lower().replace(" ", "_").replace("-", "_")
    if cleaned not in allowed:
        raise BadInput(f"{option} {value!r} is not one of {', '.join(allowed)}.")
    return cleaned


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="As it was then: HH:MM DD.MM.YYYY, ISO-8601, or #POSITION in the log.",
    ),
]


def _reads() -> ModuleType:
    from cli import reads  # heavy: loads the database stack only when a command runs

    return reads


def _audit() -> ModuleType:
    from cli import audit  # heavy, like `reads`

    return audit


@app.command()
def show(
    article_id: ArticleIdArg,
    as_of: AsOfOption = None,
    version: Annotated[int | None, typer.Option(min=1, help="As it was at this version.")] = None,
) -> None:
    """Show an article as it stands (or stood): headline, dateline, text, photos, notes."""
    _reads().show(settings(), article_id, as_of, version)


@app.command("list")
def list_(
    status: Annotated[
        str | None,
        typer.Option(help="draft, in_review, approved, scheduled, published, retracted, spiked."),
    ] = None,
    category: Annotated[str | None, typer.Option()] = None,
    language: Annotated[str | None, typer.Option()] = None,
    limit: Annotated[int, typer.Option(min=0, help="At most this many (0: all).")] = 50,
    as_of: AsOfOption = None,
) -> None:
    """List articles, most recently changed first."""
    status, language = (
        _one_of("--status", status, STATUSES),
        _one_of("--language", language, LANGUAGES),
    )
    _reads().list_articles(settings(), status, category, language, limit, as_of)


@app.command()
def ticker(
    limit: Annotated[int, typer.Option(min=0, help="How many headlines (0: all).")] = 40,
    language: Annotated[str | None, typer.Option()] = None,
    output: Annotated[
        str, typer.Option("--format", help="text, json, rss, atom or html.")
    ] = "text",
    as_of: AsOfOption = None,
) -> None:
    """The News line: published headlines, newest first, with their times."""
    output = _one_of("--format", output, TICKER_FORMATS) or "text"
    _reads().ticker(settings(), limit, _one_of("--language", language, LANGUAGES), output, as_of)


@app.command()
def lint(
    article_id: Annotated[str | None, typer.Argument(help="The article to check.")] = None,
    every: Annotated[bool, typer.Option("--all", help="Every published article.")] = False,
) -> None:
    """Check headline and text: mixed scripts, invisible characters, spaces, capitals, quotes."""
    _reads().lint(settings(), article_id, every)


@app.command()
def history(article_id: ArticleIdArg) -> None:
    """Every event of one article: when, who, in which role, and why."""
    _reads().history(settings(), article_id)


@app.command()
def diff(
    article_id: ArticleIdArg,
    from_version: Annotated[int, typer.Argument(min=1, help="The older version.")],
    to_version: Annotated[int, typer.Argument(min=1, help="The newer version.")],
) -> None:
    """What changed between two versions: headline, body, category and photos."""
    _audit().diff(settings(), article_id, from_version, to_version)


@app.command()
def log(
    from_position: Annotated[int, typer.Option("--from", min=1, help="First global position.")] = 1,
    limit: Annotated[int, typer.Option(min=0, help="At most this many (0: all).")] = 0,
    stream: Annotated[str | None, typer.Option(help="An article id, article:ID or staff.")] = None,
    types: Annotated[
        str | None, typer.Option("--type", help="Event types, comma-separated.")
    ] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only this person's events.")] = None,
    since: Annotated[str | None, typer.Option(help="From this time on.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this time.")] = None,
) -> None:
    """The raw log, in commit order, with each event's hash."""
    _reads().log(
        settings(),
        from_position=from_position,
        limit=limit,
        stream=stream,
        types=types,
        actor=actor,
        since=since,
        until=until,
    )


@app.command()
def verify(
    against: Annotated[
        str | None,
        typer.Option(help="POSITION:HASH published earlier: prove the log up to it is unchanged."),
    ] = None,
) -> None:
    """Recompute the hash chain and compare every projection with a fresh rebuild."""
    _audit().verify(settings(), against)


@app.command()
def export(
    file: Annotated[Path | None, typer.Argument(help="Where to write (default: stdout).")] = None,
    from_position: Annotated[int, typer.Option("--from", min=1)] = 1,
    until_position: Annotated[int | None, typer.Option("--until", min=1)] = None,
) -> None:
    """Write the log as JSON Lines: one envelope per line, hashes included."""
    _audit().export(settings(), file, from_position, until_position)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A file written by `newsroom export`.")],
) -> None:
    """Load an exported log into an empty store, checking every hash; a bad file writes nothing."""
    _audit().import_log(settings(), file)


@app.command()
def rebuild() -> None:
    """Drop every projection and replay the whole log into it."""
    _audit().rebuild_projections(settings())


@staff_app.command("list")
def staff_list() -> None:
    """Everyone on the staff, with their role."""
    _reads().staff_list(settings())
