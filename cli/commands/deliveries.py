"""`newsroom deliveries ARTICLE`: which receivers got which version, and the retraction
notice, when; and which still fail. A read, like `history`: no key needed."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.commands import ArticleIdArg, app, hook_name_given
from cli.options import record, settings
from events.errors import NotFound

HookOption = Annotated[
    str | None,
    typer.Option("--hook", help="Only this hook's deliveries.", callback=hook_name_given),
]


@app.command()
def deliveries(article_id: ArticleIdArg, hook: HookOption = None) -> None:
    """Which hooks got which version of an article and its retraction notice, when, after
    how many attempts and with what answer; which still fail, which are pending."""
    from cli import render, tables
    from cli.bootstrap import open_session
    from delivery.deliveries import COUNTED, deliveries_of
    from events.catalog import article_stream
    from projections.article import plain

    current = settings()
    record().article_id = article_id
    with open_session(current, catch_up_first=False) as session:
        events = session.store.read_stream(article_stream(article_id))
        if not events:
            raise NotFound(f"There is no article {article_id}.")
        hooks = session.newsroom.hooks()
        found = deliveries_of(session.hook_state, hooks, events)
    if hook is not None:
        if hook not in hooks and all(line.hook != hook for line in found):
            raise NotFound(f"There is no hook {hook}.")
        found = [line for line in found if line.hook == hook]
    counts = {status: sum(1 for line in found if line.status == status) for status in COUNTED}
    if current.json:
        lines = [plain(line) for line in found]
        render.print_json({"article_id": article_id, "deliveries": lines, **counts})
    else:
        tables.deliveries_table(article_id, found, counts, current.tz)
