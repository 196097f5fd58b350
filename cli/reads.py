"""The read commands: today's views from the projection tables, or the past from the log.

Imported lazily by `cli.reading`, so `newsroom --help` never loads the database stack.
"""

from __future__ import annotations

import itertools
import os
import sys
from typing import Any

from cli import render
from cli.asof import AsOf, parse_as_of
from cli.globals import record
from cli.settings import Settings
from cli.timefmt import parse_time
from cli.wiring import Session, open_session
from events.catalog import ARTICLE_PREFIX, EVENT_TYPES, article_stream
from events.errors import BadInput, NotFound
from events.instants import occurred_at_text
from events.store import LogQuery
from projections import queries
from projections.article import ArticleView, plain
from projections.asof import TICKER_EVENT_TYPES, fold_article, fold_articles, ticker_items
from projections.ticker import TickerItem


def show(settings: Settings, article_id: str, as_of: str | None, version: int | None) -> None:
    record().article_id = article_id
    if as_of is not None and version is not None:
        raise BadInput("Give --as-of or --version, not both.")
    with open_session(settings) as session:
        view = _article_then(session, article_id, as_of, version)
    if settings.json:
        render.print_json(render.article_data(view))
    else:
        print(render.article_text(view, settings.tz))


def _article_then(
    session: Session, article_id: str, as_of: str | None, version: int | None
) -> ArticleView:
    if as_of is None and version is None:
        view = queries.article(session.engine, article_id)
        if view is None:
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
    view = fold_article(r for r in records if moment.holds(r))
    if view is None:
        raise NotFound(f"Article {article_id} did not exist yet as of {moment.label}.")
    return view


def list_articles(
    settings: Settings,
    status: str | None,
    category: str | None,
    language: str | None,
    limit: int,
    as_of: str | None,
) -> None:
    with open_session(settings) as session:
        if as_of is None:
            views, total = queries.articles(
                session.engine,
                status=status,
                category=category,
                language=language,
                limit=limit or None,
            )
        else:
            query = parse_as_of(as_of, settings.tz, session.store).narrow(
                LogQuery(stream_prefix=ARTICLE_PREFIX)
            )
            matching = [
                view
                for view in fold_articles(session.store.read_log(query)).values()
                if (not status or view.status == status)
                and (not category or view.category.lower() == category.lower())
                and (not language or view.language == language)
            ]
            matching.sort(key=lambda view: view.position, reverse=True)
            views, total = matching[: limit or None], len(matching)
    if settings.json:
        render.print_json({"articles": [render.article_data(v) for v in views], "total": total})
    else:
        render.articles_table(views, total, settings.tz)


def ticker(
    settings: Settings, limit: int, language: str | None, output: str, as_of: str | None
) -> None:
    with open_session(settings) as session:
        items = _ticker_then(session, limit, language, as_of)
    if output in ("rss", "atom", "html"):
        from cli import feeds

        site = os.environ.get("NEWSROOM_SITE_URL") or "http://localhost/"
        text = (
            feeds.html_news_line(items, site, settings.tz)
            if output == "html"
            else feeds.feed(items, output, site, settings.tz)
        )
        sys.stdout.write(text)
    elif settings.json or output == "json":
        render.print_json(render.ticker_data(items, settings.tz))
    elif not items:
        if sys.stdout.isatty():  # a person at a terminal; scripts get empty output
            print("The News line is empty.", file=sys.stderr)
    else:
        print(render.ticker_text(items, settings.tz), end="")


def _ticker_then(
    session: Session, limit: int, language: str | None, as_of: str | None
) -> list[TickerItem]:
    if as_of is None:
        return queries.ticker(session.engine, limit=limit or None, language=language)
    query = parse_as_of(as_of, session.settings.tz, session.store).narrow(
        LogQuery(event_types=TICKER_EVENT_TYPES)
    )
    items = [
        i
        for i in ticker_items(session.store.read_log(query))
        if not language or i.language == language
    ]
    return items[: limit or None]


def history(settings: Settings, article_id: str) -> None:
    record().article_id = article_id
    with open_session(settings) as session:
        entries = queries.history(session.engine, article_id)
        records = session.store.read_stream(article_stream(article_id)) if settings.json else []
    if not entries:
        raise NotFound(f"There is no article {article_id}.")
    if settings.json:
        render.print_json(render.history_data(entries, records))
    else:
        render.history_table(article_id, entries, settings.tz)


def log(
    settings: Settings,
    *,
    from_position: int,
    limit: int,
    stream: str | None,
    types: str | None,
    actor: str | None,
    since: str | None,
    until: str | None,
) -> None:
    """Streams: a log of millions of events is printed in constant memory."""
    query = LogQuery(
        from_position=from_position,
        stream_id=_stream_named(stream) if stream else None,
        event_types=_event_types(types) if types else (),
        since=occurred_at_text(parse_time(since, settings.tz, "--since")) if since else None,
        until=occurred_at_text(parse_time(until, settings.tz, "--until")) if until else None,
    )
    with open_session(settings, catch_up_first=False) as session:
        matching = (r for r in session.store.read_log(query) if actor is None or r.actor == actor)
        records = itertools.islice(matching, limit or None)
        if settings.json:
            render.stream_json_events(records)
        else:
            render.log_tables(records, settings.tz)


def _stream_named(name: str) -> str:
    """`staff`, `hooks`, `article:ID`, or just an article's id."""
    return name if name in ("staff", "hooks") or ":" in name else article_stream(name)


def _event_types(text: str) -> tuple[str, ...]:
    wanted = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [name for name in wanted if name not in EVENT_TYPES]
    if unknown:
        raise BadInput(
            f"Unknown event type {unknown[0]!r}; the types are {', '.join(EVENT_TYPES)}."
        )
    return wanted


def staff_list(settings: Settings) -> None:
    with open_session(settings, catch_up_first=False) as session:
        roster = dict(session.newsroom.roster())
    if settings.json:
        render.print_json({"staff": [{"name": n, "role": roster[n]} for n in sorted(roster)]})
    else:
        render.staff_table(roster)


def lint(settings: Settings, article_id: str | None, every: bool) -> None:
    """Lint one article, or every published one; findings with their positions."""
    if (article_id is None) == (not every):
        raise BadInput("Name one article, or give --all for every published article.")
    with open_session(settings) as session:
        if every:
            views, _ = queries.articles(session.engine, status="published")
        else:
            assert article_id is not None
            view = queries.article(session.engine, article_id)
            if view is None:
                raise NotFound(f"There is no article {article_id}.")
            views = [view]
    found = [
        (view.article_id, finding)
        for view in views
        for finding in _lint(view.headline, view.body, settings.headline_limit)
    ]
    if settings.json:
        rows = [{"article_id": a, **plain(f)} for a, f in found]
        render.print_json({"articles": len(views), "findings": rows})
        return
    for a, finding in found:
        print(f"{a}: {render.finding_text(finding)}")
    if not found:
        print(f"No findings in {len(views)} article{'s' if len(views) != 1 else ''}.")


def _lint(headline: str, body: str, limit: int) -> list[Any]:
    # Imported on use: the confusables tables are large and only `lint` needs them.
    from workflow.lint import lint_article

    return list(lint_article(headline, body, limit))
