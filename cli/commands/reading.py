"""Reading the newsroom: an article, the list, the ticker, lint findings, an article's history.

Today's views come from the projection tables; `--as-of` folds the log up to then.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from cli.commands import (
    ArticleIdArg,
    AsOfOption,
    app,
    article_id_given,
    one_of,
    urgency_of,
)
from cli.options import record, settings
from cli.paging import PAGE, Page, hint
from events.catalog import LANGUAGES, POSITION_MAX, STATUSES, VERSION_MAX
from events.errors import BadInput, NotFound
from projections.ticker import TICKER_SIZE
from workflow.fields import refuse_bad_character

if TYPE_CHECKING:
    from cli.bootstrap import Session
    from projections.article import ArticleView
    from projections.ticker import TickerItem

TICKER_FORMATS = ("text", "json", "rss", "atom", "html")


@dataclass(frozen=True, slots=True)
class Filters:
    """`list`'s filters past status, category and language (see `Views.articles`)."""

    urgency: int | None
    assigned: str | None
    mine: str | None


@app.command()
def show(
    article_id: ArticleIdArg,
    as_of: AsOfOption = None,
    version: Annotated[
        int | None, typer.Option(min=1, max=VERSION_MAX, help="As it was at this version.")
    ] = None,
) -> None:
    """Show an article as it stands (or stood): headline, dateline, text, photos, notes."""
    from cli import render
    from cli.bootstrap import open_session

    current = settings()
    record().article_id = article_id
    if as_of is not None and version is not None:
        raise BadInput("Give --as-of or --version, not both.")
    with open_session(current) as session:
        view = _article_then(session, article_id, as_of, version)
    if current.json:
        render.print_json(render.article_data(view))
    else:
        print(render.article_text(view, current.tz))


def _article_then(
    session: Session, article_id: str, as_of: str | None, version: int | None
) -> ArticleView:
    from cli.times import parse_as_of
    from events.catalog import article_stream
    from projections.past import AsOf, fold_article

    if as_of is None and version is None:
        if (view := session.views.article(article_id)) is None:
            raise NotFound(f"There is no article {article_id}.")
        return view
    records = session.store.read_stream(article_stream(article_id), to_version=version)
    if not records:
        raise NotFound(f"There is no article {article_id}.")
    if version is not None and records[-1].stream_version < version:
        raise NotFound(
            f"Article {article_id} has no version {version}; it is at {records[-1].stream_version}."
        )
    moment = parse_as_of(as_of, session.settings.tz, session.store) if as_of else AsOf()
    if (view := fold_article(r for r in records if moment.holds(r))) is None:
        raise NotFound(f"Article {article_id} did not exist yet as of {moment.label}.")
    return view


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option(help=", ".join(STATUSES) + ".")] = None,
    category: Annotated[str | None, typer.Option()] = None,
    language: Annotated[str | None, typer.Option()] = None,
    limit: Annotated[
        int, typer.Option(min=0, max=POSITION_MAX, help="At most this many (0: all).")
    ] = 50,
    as_of: AsOfOption = None,
    urgency: Annotated[
        str | None, typer.Option("--urgency", help="Only this urgent or more (1 to 9).")
    ] = None,
    mine: Annotated[
        bool, typer.Option("--mine", help="Assigned to you or drafted by you.")
    ] = False,
    assigned: Annotated[
        str | None, typer.Option("--assigned", help="Assigned to this name to write or review.")
    ] = None,
) -> None:
    """List articles, most recently changed first."""
    from cli import render, tables
    from cli.bootstrap import open_session

    current = settings()
    status = one_of("--status", status, STATUSES)
    language = one_of("--language", language, LANGUAGES)
    if category is not None:
        refuse_bad_character("--category", category)
    if assigned is not None:
        refuse_bad_character("--assigned", assigned)
    filters = Filters(urgency_of("--urgency", urgency), assigned, current.actor if mine else None)
    with open_session(current) as session:
        if as_of is None:
            found = session.views.articles(
                status=status,
                category=category,
                language=language,
                limit=limit or None,
                urgency=filters.urgency,
                assigned=filters.assigned,
                mine=filters.mine,
            )
        else:
            found = _articles_then(session, as_of, status, category, language, limit, filters)
    views, total = found
    if current.json:
        render.print_json({"articles": [render.article_data(v) for v in views], "total": total})
    else:
        tables.articles_table(views, total, current.tz)


def _articles_then(
    session: Session,
    as_of: str,
    status: str | None,
    category: str | None,
    language: str | None,
    limit: int,
    filters: Filters,
) -> tuple[list[ArticleView], int]:
    from cli.times import parse_as_of
    from events.catalog import ARTICLE_PREFIX
    from events.store import LogQuery
    from projections.past import chosen_articles, fold_articles

    moment = parse_as_of(as_of, session.settings.tz, session.store)
    query = moment.narrow(LogQuery(stream_prefix=ARTICLE_PREFIX))
    views = fold_articles(session.store.read_log(query)).values()
    return chosen_articles(
        views, status, category, language, limit, filters.urgency, filters.assigned, filters.mine
    )


@app.command()
def inbox(
    limit: Annotated[
        int, typer.Option(min=0, max=POSITION_MAX, help="At most this many (0: all).")
    ] = 50,
) -> None:
    """What waits for you, newest first: for editors and chiefs, articles in review that
    are not yours and those assigned you to review; for reporters, your drafts sent back
    with changes requested and those assigned you to write."""
    from cli import render, tables
    from cli.bootstrap import open_session
    from workflow.roles import Actor, require_staff

    current = settings()
    with open_session(current) as session:
        role = session.newsroom.roster().get(current.actor)
        require_staff(Actor(current.actor, role))
        assert role is not None
        views = session.views.inbox(current.actor, role, limit or None)
    if current.json:
        data = [render.article_data(v) for v in views]
        render.print_json({"name": current.actor, "role": role, "articles": data})
    elif not views:
        print(f"Nothing waits for {current.actor}.")
    else:
        tables.articles_table(views, len(views), current.tz)


@app.command()
def ticker(
    limit: Annotated[
        int, typer.Option(min=0, max=POSITION_MAX, help="How many headlines (0: all).")
    ] = TICKER_SIZE,
    language: Annotated[str | None, typer.Option()] = None,
    output: Annotated[
        str, typer.Option("--format", help="text, json, rss, atom or html.")
    ] = "text",
    as_of: AsOfOption = None,
) -> None:
    """The News line: published headlines, newest first, with their times."""
    from cli import render
    from cli.bootstrap import open_session

    current = settings()
    output = one_of("--format", output, TICKER_FORMATS) or "text"
    language = one_of("--language", language, LANGUAGES)
    with open_session(current) as session:
        items = _ticker_then(session, limit, language, as_of)
    if output in ("rss", "atom", "html"):
        from events.inert import inert
        from website import feeds

        if output == "html":
            markup = feeds.html_ticker(items, current.site_url, current.tz)
        else:
            markup = feeds.feed(items, output, current.site_url, current.tz)
        sys.stdout.write(inert(markup, lines=True))
    elif current.json or output == "json":
        render.print_json(render.ticker_data(items, current.tz))
    elif not items:
        if sys.stdout.isatty():  # a person at a terminal; scripts get empty output
            print("The News line is empty.", file=sys.stderr)
    else:
        print(render.ticker_text(items, current.tz), end="")


def _ticker_then(
    session: Session, limit: int, language: str | None, as_of: str | None
) -> list[TickerItem]:
    from cli.times import parse_as_of
    from events.store import LogQuery
    from projections.past import TICKER_EVENT_TYPES, chosen_items, ticker_items

    if as_of is None:
        return session.views.ticker(limit=limit or None, language=language)
    moment = parse_as_of(as_of, session.settings.tz, session.store)
    query = moment.narrow(LogQuery(event_types=TICKER_EVENT_TYPES))
    return chosen_items(ticker_items(session.store.read_log(query)), language, limit)


@app.command()
def lint(
    article_id: Annotated[
        str | None, typer.Argument(help="The article to check.", callback=article_id_given)
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every article not spiked.")] = False,
    status: Annotated[
        str | None, typer.Option(help="Every article in this status: " + ", ".join(STATUSES) + ".")
    ] = None,
) -> None:
    """Check headline and text: mixed scripts, invisible characters, spaces, capitals, quotes."""
    from cli import render
    from cli.bootstrap import open_session
    from events.inert import inert
    from projections.article import plain
    from workflow.lint import lint_article

    current = settings()
    status = one_of("--status", status, STATUSES)
    desk = every or status is not None
    if (article_id is None) != desk:
        raise BadInput("Name one article, or give --all (or --status S) for a whole desk.")
    with open_session(current) as session:
        if article_id is None:
            views = _desk(session, status)
        elif (view := session.views.article(article_id)) is None:
            raise NotFound(f"There is no article {article_id}.")
        else:
            views = [view]
    limit = current.headline_limit
    found = [(v.article_id, f) for v in views for f in lint_article(v.headline, v.body, limit)]
    if current.json:
        rows = [{"article_id": a, **plain(f)} for a, f in found]
        render.print_json({"articles": len(views), "findings": rows})
        return
    for a, finding in found:
        print(f"{inert(a)}: {render.finding_text(finding)}")
    if not found:
        print(f"No findings in {len(views)} article{'s' if len(views) != 1 else ''}.")


def _desk(session: Session, status: str | None) -> list[ArticleView]:
    """The articles of one status, or every one not spiked: a spiked story is not coming."""
    from events.catalog import SPIKED

    views, _ = session.views.articles(status=status)
    return views if status is not None else [v for v in views if v.status != SPIKED]


@app.command()
def history(
    article_id: ArticleIdArg,
    limit: Annotated[
        int, typer.Option(min=0, max=POSITION_MAX, help="At most this many (0: all).")
    ] = PAGE,
    from_version: Annotated[
        int, typer.Option("--from", min=1, max=VERSION_MAX, help="First version shown.")
    ] = 1,
) -> None:
    """Every event of one article: when, who, in which role, and why; 50 events a page."""
    from cli import render, tables
    from cli.bootstrap import open_session
    from projections.past import article_records

    current = settings()
    record().article_id = article_id
    with open_session(current) as session:
        entries = session.views.history(article_id)
        records = article_records(session.store, article_id) if current.json else []
    if not entries:
        raise NotFound(f"There is no article {article_id}.")
    if (last := entries[-1].stream_version) < from_version:
        raise NotFound(f"Article {article_id} has no version {from_version}; it is at {last}.")
    page = Page(limit)
    later = [entry for entry in entries if entry.stream_version >= from_version]
    shown = list(page.take(later, "stream_version"))
    rest = page.rest(len(later) - len(shown))
    if current.json:
        render.print_json({**render.history_data(shown, records), **rest})
        return
    tables.history_table(article_id, shown, current.tz)
    if (line := hint(rest, page.shown)) is not None:
        print(line)
