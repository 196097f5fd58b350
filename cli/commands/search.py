"""`search`: the current versions' headlines and text, best match first, with a snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.commands import app, one_of
from cli.options import settings
from events.catalog import LANGUAGES, POSITION_MAX, STATUSES
from events.errors import BadInput, Conflict

if TYPE_CHECKING:
    from projections.search import Filters, Hit

# Around each match in the text output; --json gives the exact offsets instead.
OPEN_MARK, CLOSE_MARK = "«", "»"


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words (all must match), "a phrase", prefix*.')],
    status: Annotated[
        str | None,
        typer.Option(help=", ".join(STATUSES) + "; spiked and retracted only when named."),
    ] = None,
    language: Annotated[str | None, typer.Option(help=", ".join(LANGUAGES) + ".")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only articles changed at or after this time.")
    ] = None,
    limit: Annotated[
        int, typer.Option(min=0, max=POSITION_MAX, help="At most this many (0: all).")
    ] = 20,
) -> None:
    """Search headlines and text of the articles as they stand, best match first."""
    from cli.bootstrap import open_session
    from projections.search import QueryError, parse_query
    from projections.sql.search import search as search_index
    from projections.sql.tables import TABLES

    current = settings()
    try:
        terms = parse_query(query)
    except QueryError as exc:
        raise BadInput(str(exc), field="query") from None
    filters = _filters(status, language, since, limit)
    with open_session(current) as session:
        if session.views_from_log:  # folding every text from the log is no search
            raise Conflict(
                "This store can only be read and its search index lags behind its log: "
                "search it once a writer has caught it up (any command that writes, or rebuild)."
            )
        hits = search_index(session.engine, terms, filters, TABLES)
    _show(hits, query, as_json=current.json)


def _filters(status: str | None, language: str | None, since: str | None, limit: int) -> Filters:
    from events.instants import occurred_at_text, parse_time
    from projections.search import Filters

    moment = (
        None if since is None else occurred_at_text(parse_time(since, settings().tz, "--since"))
    )
    return Filters(
        status=one_of("--status", status, STATUSES),
        language=one_of("--language", language, LANGUAGES),
        since=moment,
        limit=limit or None,
    )


def _show(hits: list[Hit], query: str, *, as_json: bool) -> None:
    from cli import render
    from events.inert import inert

    if as_json:
        render.print_json({"query": query, "results": [_hit_data(hit) for hit in hits]})
        return
    if not hits:
        print(f"No article matches {inert(query)!r}.")
        return
    for hit in hits:
        print(inert(f"{hit.article_id}  {hit.status}  {hit.language}  {hit.headline}"))
        print("    " + inert(marked(hit)))


def marked(hit: Hit) -> str:
    """The snippet with each match between the text output's marks."""
    pieces, at = [], 0
    for start, end in hit.matches:
        pieces += [hit.snippet[at:start], OPEN_MARK, hit.snippet[start:end], CLOSE_MARK]
        at = end
    return "".join([*pieces, hit.snippet[at:]])


def _hit_data(hit: Hit) -> dict[str, Any]:
    return {
        "article_id": hit.article_id,
        "headline": hit.headline,
        "status": hit.status,
        "language": hit.language,
        "changed_at": hit.changed_at,
        "rank": hit.rank,
        "snippet": hit.snippet,
        "matches": [list(span) for span in hit.matches],
    }
