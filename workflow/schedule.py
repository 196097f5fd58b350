"""The scheduler: publish embargoed articles whose time has come, by the store's clock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from events.errors import NotFound, RuleRefused
from workflow.commands import PublishDue
from workflow.service import Context, Newsroom, Outcome


def publish_due(newsroom: Newsroom, candidates: Iterable[str], ctx: Context) -> list[Outcome]:
    """Publish each candidate that is still scheduled and due by the store's clock, signed
    by whoever runs the clock (the scheduler, or anyone on the staff).

    Candidates come from a read model that may lag; each is re-decided against its
    own stream, so an article unscheduled or retracted meanwhile is left alone.
    """
    outcomes = []
    for article_id in candidates:
        command_id = f"{ctx.command_id}:{article_id}" if ctx.command_id else None
        article_ctx = replace(ctx, command_id=command_id)
        try:
            outcomes.append(newsroom.handle(PublishDue(article_id=article_id), article_ctx))
        except (RuleRefused, NotFound):
            continue
    return outcomes
