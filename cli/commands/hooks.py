"""`newsroom hooks …` and `newsroom worker`: publishing hooks, wired as events, at work."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.commands import CommandId, app, hook_name_given, hooks_app
from cli.options import record, settings
from events.catalog import TARGET_KINDS
from events.errors import BadInput, DeliveryFailing

STDIN = "-"


def read_secret(given: str | None, path: Path | None, file_option: str) -> str | None:
    """The secret a person gave: `generate`, `-` (standard input) or a file. Any other text
    on the command line is refused: everyone on the machine can read it in `ps`."""
    from delivery.webhooks import GENERATE

    if given is not None and path is not None:
        raise BadInput(f"Give the secret one way: on standard input or with {file_option}.")
    if path is not None:
        try:
            return path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise BadInput(f"Cannot read the secret file {path}: {reason}.") from None
    if given == STDIN:
        return sys.stdin.read().strip()
    if given is not None and given != GENERATE:
        raise BadInput(
            "A secret on the command line is visible to everyone on this machine (ps); "
            f"give it with {file_option} PATH or - (standard input), or let newsroom "
            f"make one with {GENERATE}."
        )
    return given


PollOption = Annotated[
    float,
    typer.Option("--poll", min=0.05, max=3600, help="Seconds between looks at a SQLite store."),
]


@hooks_app.command("add")
def hooks_add(
    name: str,
    on: Annotated[str, typer.Option("--on", help="Event types, comma-separated.")],
    exec_: Annotated[
        str | None, typer.Option("--exec", help="A program and its arguments.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="POST each event here.")] = None,
    secret: Annotated[
        str | None,
        typer.Option(
            "--secret", help="Sign --url deliveries: `generate`, or - to read it from stdin."
        ),
    ] = None,
    secret_file: Annotated[
        Path | None, typer.Option("--secret-file", help="Read the whsec_ secret from this file.")
    ] = None,
    nats: Annotated[str | None, typer.Option("--nats", help="A NATS JetStream subject.")] = None,
    from_start: Annotated[
        bool, typer.Option("--from-start", help="Deliver the whole log, not only what comes next.")
    ] = False,
    env: Annotated[
        list[str] | None,
        typer.Option(
            "--env", help="A variable of the worker's the --exec program gets (repeat, or a,b)."
        ),
    ] = None,
    command_id: CommandId = None,
) -> None:
    """Wire a hook: which events, and where they go (chiefs only; an event in the log)."""
    from cli import render
    from cli.bootstrap import open_session, program_rules
    from delivery.registry import register
    from delivery.webhooks import GENERATE, given_secret
    from events.inert import inert

    targets = [(k, v) for k, v in zip(TARGET_KINDS, (exec_, url, nats), strict=True) if v]
    if len(targets) != 1:
        raise BadInput("Give exactly one target: --exec, --url or --nats.")
    (kind, where), current = targets[0], settings()
    if (secret is not None or secret_file is not None) and kind != "url":
        raise BadInput("--secret signs --url deliveries only.")
    given = read_secret(secret, secret_file, "--secret-file")
    stored = None if given is None else given_secret(given)
    types = tuple(dict.fromkeys(part.strip() for part in on.split(",") if part.strip()))
    names = tuple(dict.fromkeys(n.strip() for part in env or [] for n in part.split(",")))
    fields = {
        "name": name,
        "event_types": types,
        "target_kind": kind,
        "target": where,
        "env": tuple(n for n in names if n),
    }
    with open_session(current, record()) as session:
        outcome = register(
            lambda command: session.handle(command, command_id=command_id),
            session.store,
            session.hook_state,
            fields,
            stored,
            from_start=from_start,
            command_id=command_id,
            allowed=current.hook_allow_networks,
            programs=program_rules(current),
        )
    start_after = int(outcome.events[0].data["start_after"]) if outcome.events else 0
    start = "the start of the log" if start_after == 0 else f"position {start_after + 1}"
    again = "Already done (same command id): " if outcome.replayed else ""
    target = outcome.events[0].data["target"] if outcome.events else where
    said = inert(f"{name} will send {', '.join(types)} to {kind} {target}")
    text = f"{again}Hook {said}, from {start}."
    data = render.outcome_data(outcome)
    if secret == GENERATE and not outcome.replayed:  # shown this once, never again
        data["secret"] = stored
        text += f"\nIts secret, for the receiver (shown only now): {stored}"
    render.say(current.json, data, text)


@hooks_app.command("secret")
def hooks_secret(
    name: str,
    add: Annotated[
        str | None,
        typer.Option("--add", help="Sign with one more secret: `generate`, or - for stdin."),
    ] = None,
    add_file: Annotated[
        Path | None, typer.Option("--add-file", help="Sign with the whsec_ secret in this file.")
    ] = None,
    drop_old: Annotated[
        bool, typer.Option("--drop-old", help="Keep only the secret added last.")
    ] = False,
) -> None:
    """Rotate a webhook's secret with no downtime (chiefs only): --add a new one, and once
    the receiver knows it, --drop-old."""
    from cli import render
    from cli.bootstrap import open_session
    from delivery.registry import add_secret, drop_old_secrets
    from delivery.webhooks import GENERATE, given_secret
    from events.inert import inert

    adding = read_secret(add, add_file, "--add-file")
    if (adding is None) == (not drop_old):
        raise BadInput("Give one of --add SECRET or --drop-old.")
    new = None if adding is None else given_secret(adding)
    current = settings()
    with open_session(current, record(), catch_up_first=False) as session:
        session.admit(current.actor)  # the chief proves who they are with their key
        hooks, roster = session.newsroom.hooks(), session.newsroom.roster()
        if new is None:
            count = drop_old_secrets(hooks, roster, current.actor, session.hook_state, name)
        else:
            count = add_secret(hooks, roster, current.actor, session.hook_state, name, new)
    data: dict[str, object] = {"hook": name, "secrets": count}
    text = inert(f"Hook {name} signs with {count} secret{'s' if count > 1 else ''} now.")
    if add == GENERATE:
        data["secret"] = new
        text += f"\nThe new secret, for the receiver (shown only now): {new}"
    render.say(current.json, data, text)


@hooks_app.command("list")
def hooks_list() -> None:
    """Every hook, what it hears, where it sends, how far it has delivered (secrets masked)."""
    from cli import render, tables
    from cli.bootstrap import open_session
    from delivery.registry import hook_rows

    current = settings()
    with open_session(current, catch_up_first=False) as session:
        rows = hook_rows(session.newsroom.hooks(), session.hook_state)
    if current.json:
        render.print_json({"hooks": rows})
    else:
        tables.hooks_table(rows)


@hooks_app.command("remove")
def hooks_remove(name: str) -> None:
    """Unwire a hook (chiefs only); its secret and delivery state go with it."""
    from cli import render
    from cli.bootstrap import open_session
    from delivery.registry import unregister
    from events.inert import inert

    current = settings()
    with open_session(current, record()) as session:
        outcome = unregister(session.handle, session.hook_state, name)
    render.say(current.json, render.outcome_data(outcome), inert(f"Hook {name} removed."))


@hooks_app.command("run")
def hooks_run(
    follow: Annotated[
        bool, typer.Option("--follow", help="Keep delivering until stopped.")
    ] = False,
    poll: PollOption = 1.0,
) -> None:
    """Deliver everything pending to every hook, then exit (or keep going with --follow)."""
    from cli import render
    from cli.bootstrap import delivering
    from cli.logs import configure_json
    from delivery.worker import deliver_all, run_worker
    from events.inert import inert

    current = settings()
    configure_json(enabled=current.log_json)
    with delivering(current) as run:
        session = run.session
        session.admit_maintainer(current.actor, "delivering to hooks")
        if follow:
            lanes = run.lanes()
            run_worker(lanes, session.newsroom.hooks, run.wait, poll, run.stop_within)
            summaries = lanes.totals()
        else:
            hooks = session.newsroom.hooks()
            summaries = deliver_all(
                hooks, run.open_tools, run.deliver(), run.stopping, run.stop_within
            )
    totals = {name: (s.delivered, s.dead_lettered) for name, s in summaries.items()}
    data = {name: {"delivered": d, "dead_lettered": x} for name, (d, x) in totals.items()}
    text = "\n".join(
        inert(f"{n}: {d} delivered, {x} dead-lettered") for n, (d, x) in totals.items()
    )
    render.say(current.json, {"hooks": data}, text or "No hooks are wired.")


@hooks_app.command("dead-letters")
def hooks_dead_letters(
    name: Annotated[str | None, typer.Argument(callback=hook_name_given)] = None,
) -> None:
    """Events a hook gave up on, with the last error."""
    from cli import render, tables
    from cli.bootstrap import open_session
    from delivery.registry import dead_letters
    from projections.article import plain

    current = settings()
    with open_session(current, catch_up_first=False) as session:
        letters = dead_letters(session.newsroom.hooks(), session.hook_state, name)
    if current.json:
        render.print_json({"dead_letters": [plain(letter) for letter in letters]})
    else:
        tables.dead_letters_table(letters, current.tz)


@hooks_app.command("retry")
def hooks_retry(name: Annotated[str, typer.Argument(callback=hook_name_given)]) -> None:
    """Redeliver a hook's dead letters, in log order."""
    from cli import render
    from cli.bootstrap import delivering
    from delivery.worker import retry_dead_letters
    from events.errors import NotFound
    from events.inert import inert

    current = settings()
    with delivering(current) as run:
        session = run.session
        session.admit_maintainer(current.actor, "retrying dead letters")
        hook = session.newsroom.hooks().get(name)
        if hook is None:
            raise NotFound(f"There is no hook {name}.")
        with run.open_tools(run.stopping) as tools:
            delivered, still_dead = retry_dead_letters(
                session.store, hook, tools, session.hook_state
            )
    summary = f"Hook {name}: {delivered} dead letters delivered, {still_dead} still failing"
    if still_dead:
        # A script or a cron job must see that the receiver is still down: try again later.
        raise DeliveryFailing(f"{summary}; they stay dead letters, try again later.")
    data = {"delivered": delivered, "still_dead": still_dead}
    render.say(current.json, data, inert(f"{summary}."))


@app.command()
def worker(poll: PollOption = 1.0) -> None:
    """The scheduler and every hook in one process, signing as `scheduler`; stop with SIGTERM."""
    import structlog

    from cli.bootstrap import delivering
    from cli.commands.proofs import Witnessing
    from cli.logs import configure_json
    from delivery.lanes import repeating
    from delivery.worker import run_worker
    from events.sql.engine import display_url
    from workflow.roles import SCHEDULER

    current = settings()
    configure_json()
    log = structlog.get_logger()
    with delivering(current) as run:
        session = run.session
        session.admit(SCHEDULER)  # it signs every publication it lifts
        witnessing = Witnessing(session)
        _ = session.views  # made here: only the scheduler's lane reads it

        def one_pass() -> None:
            for outcome in session.publish_due(SCHEDULER):
                log.info(
                    "scheduler.published", article_id=outcome.article_id, version=outcome.version
                )
            made = witnessing.checkpoint_if_due()
            if made is not None:
                log.info("worker.checkpoint", tree_size=made.size, root=made.root.hex())

        log.info("worker.started", store=display_url(current.store_url), poll_seconds=poll)
        lanes = run.lanes()
        hooks = session.newsroom.hooks
        run_worker(lanes, hooks, run.wait, poll, run.stop_within, also=repeating(one_pass))
        log.info("worker.stopped")
