"""`newsroom hooks …` and `newsroom worker`: wiring, running and inspecting publishing hooks.

Imported lazily by `cli.hooking`, so `newsroom --help` never loads the database stack.
"""

from __future__ import annotations

import structlog

from cli import render
from cli.actions import _handle, publish_what_is_due
from cli.hookrun import deliver_all, delivering, news_waiter, retry_dead_letters
from cli.logs import configure_json
from cli.runrecord import RunRecord
from cli.settings import Settings
from cli.wiring import Session, open_session
from events.db import display_url
from events.errors import NotFound
from events.hookstate import HookState
from projections.article import plain
from workflow import commands as cmd
from workflow.roles import SCHEDULER

log = structlog.get_logger()


def add(
    settings: Settings,
    record: RunRecord,
    name: str,
    on: str,
    target: tuple[str, str],
    secret: str | None,
    from_start: bool,
    command_id: str | None = None,
) -> None:
    kind, where = target
    types = tuple(dict.fromkeys(part.strip() for part in on.split(",") if part.strip()))
    with open_session(settings) as session:
        start_after = _start_after(session, from_start, command_id)
        command = cmd.build(
            cmd.RegisterHook,
            name=name,
            event_types=types,
            target_kind=kind,
            target=where,
            signed=secret is not None,
            start_after=start_after,
        )
        outcome = _handle(session, command, record, command_id=command_id)
        if not outcome.replayed:
            HookState(session.engine).set_secret(name, secret)
    start = "the start of the log" if start_after == 0 else f"position {start_after + 1}"
    again = "Already done (same command id): " if outcome.replayed else ""
    render.say(
        settings.json,
        render.outcome_data(outcome),
        f"{again}Hook {name} will send {', '.join(types)} to {kind} {where}, from {start}.",
    )


def _start_after(session: Session, from_start: bool, command_id: str | None) -> int:
    """Where the hook starts; a repeated command keeps the start it was first given."""
    if command_id and (prior := session.store.find_command(command_id)) and prior.events:
        return int(prior.events[0].data.get("start_after", 0))
    return 0 if from_start else session.store.head()[0]


def remove(settings: Settings, record: RunRecord, name: str) -> None:
    with open_session(settings) as session:
        outcome = _handle(session, cmd.build(cmd.RemoveHook, name=name), record)
        HookState(session.engine).forget(name)
    render.say(settings.json, render.outcome_data(outcome), f"Hook {name} removed.")


def list_hooks(settings: Settings) -> None:
    with open_session(settings, catch_up_first=False) as session:
        hooks = session.newsroom.hooks()
        state = HookState(session.engine)
        rows = [
            {
                "name": hook.name,
                "on": list(hook.event_types),
                "target_kind": hook.target_kind,
                "target": hook.target,
                "secret": "****" if hook.signed else None,
                "checkpoint": state.checkpoint(hook.name) or hook.start_after,
                "dead_letters": len(state.dead_letters(hook.name)),
            }
            for hook in hooks.values()
        ]
    if settings.json:
        render.print_json({"hooks": rows})
    else:
        render.hooks_table(rows)


def run(settings: Settings, follow: bool, poll: float) -> None:
    configure_json(enabled=settings.log_json)
    totals: dict[str, tuple[int, int]] = {}
    with (
        delivering(settings) as (session, tools, state, stopping),
        news_waiter(session, stopping) as wait,
    ):
        while True:
            for name, summary in deliver_all(session, tools, state).items():
                delivered, dead = totals.get(name, (0, 0))
                totals[name] = (delivered + summary.delivered, dead + summary.dead_lettered)
            if not follow or stopping():
                break
            wait(poll)
    data = {name: {"delivered": d, "dead_lettered": x} for name, (d, x) in totals.items()}
    text = "\n".join(f"{n}: {d} delivered, {x} dead-lettered" for n, (d, x) in totals.items())
    render.say(settings.json, {"hooks": data}, text or "No hooks are wired.")


def dead_letters(settings: Settings, name: str | None) -> None:
    with open_session(settings, catch_up_first=False) as session:
        if name is not None and name not in session.newsroom.hooks():
            raise NotFound(f"There is no hook {name}.")
        letters = HookState(session.engine).dead_letters(name)
    if settings.json:
        render.print_json({"dead_letters": [plain(letter) for letter in letters]})
    else:
        render.dead_letters_table(letters, settings.tz)


def retry(settings: Settings, name: str) -> None:
    with delivering(settings) as (session, tools, state, _stopping):
        hook = session.newsroom.hooks().get(name)
        if hook is None:
            raise NotFound(f"There is no hook {name}.")
        delivered, still_dead = retry_dead_letters(session, hook, tools, state)
    render.say(
        settings.json,
        {"delivered": delivered, "still_dead": still_dead},
        f"Hook {name}: {delivered} dead letters delivered, {still_dead} still failing.",
    )


def worker(settings: Settings, poll: float) -> None:
    """The scheduler and every hook in one long-lived process, until SIGTERM or SIGINT."""
    configure_json()
    with (
        delivering(settings) as (session, tools, state, stopping),
        news_waiter(session, stopping) as wait,
    ):
        log.info("worker.started", store=display_url(settings.store_url), poll_seconds=poll)
        while not stopping():
            _publish_due(session)
            deliver_all(session, tools, state)
            wait(poll)
        log.info("worker.stopped")


def _publish_due(session: Session) -> None:
    for outcome in publish_what_is_due(session, SCHEDULER):
        log.info("scheduler.published", article_id=outcome.article_id, version=outcome.version)
