"""The scheduler: publish embargoed articles whose time has come, as actor `scheduler`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from events.errors import NotFound, RuleRefused
from workflow.commands import PublishDue
from workflow.roles import SCHEDULER, Actor, require_staff
from workflow.service import Context, Newsroom, Outcome


def publish_due(newsroom: Newsroom, candidates: Iterable[str], ctx: Context) -> list[Outcome]:
    """Publish each candidate that is still scheduled and due at `ctx.now`.

    Candidates come from a read model that may lag; each is re-decided against its
    own stream, so an article unscheduled or retracted meanwhile is left alone.
    """
    if ctx.actor != SCHEDULER:
        # Anyone on the staff may run the clock: editors took the decisions when scheduling.
        require_staff(Actor(ctx.actor, newsroom.roster().get(ctx.actor)))
    run_by = {"run_by": ctx.actor} if ctx.actor != SCHEDULER else {}
    outcomes = []
    for article_id in candidates:
        command_id = f"{ctx.command_id}:{article_id}" if ctx.command_id else None
        extra = {**ctx.extra, **run_by}
        article_ctx = replace(ctx, actor=SCHEDULER, command_id=command_id, extra=extra)
        try:
            outcomes.append(newsroom.handle(PublishDue(article_id=article_id), article_ctx))
        except (RuleRefused, NotFound):
            continue
    return outcomes
