"""`newsroom hooks …` and `newsroom worker`: publishing hooks, wired as events."""

from __future__ import annotations

from types import ModuleType
from typing import Annotated

import typer

from cli.appdef import CommandId, app, hooks_app
from cli.globals import record, settings
from events.errors import BadInput

PollOption = Annotated[
    float, typer.Option("--poll", min=0.05, help="Seconds between looks at a SQLite store.")
]


def _hooks() -> ModuleType:
    from cli import hookactions  # heavy: loads the database stack only when a command runs

    return hookactions


@hooks_app.command("add")
def hooks_add(
    name: str,
    on: Annotated[str, typer.Option("--on", help="Event types, comma-separated.")],
    exec_: Annotated[
        str | None, typer.Option("--exec", help="A program and its arguments.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="POST each event here.")] = None,
    secret: Annotated[
        str | None, typer.Option("--secret", help="Sign --url bodies (HMAC).")
    ] = None,
    nats: Annotated[str | None, typer.Option("--nats", help="A NATS JetStream subject.")] = None,
    from_start: Annotated[
        bool, typer.Option("--from-start", help="Deliver the whole log, not only what comes next.")
    ] = False,
    command_id: CommandId = None,
) -> None:
    """Wire a hook: which events, and where they go (chiefs only; an event in the log)."""
    targets = [
        (kind, value) for kind, value in (("exec", exec_), ("url", url), ("nats", nats)) if value
    ]
    if len(targets) != 1:
        raise BadInput("Give exactly one target: --exec, --url or --nats.")
    if secret is not None and targets[0][0] != "url":
        raise BadInput("--secret signs --url deliveries only.")
    if secret is not None and not secret.strip():
        raise BadInput("--secret must not be empty.")
    _hooks().add(settings(), record(), name, on, targets[0], secret, from_start, command_id)


@hooks_app.command("list")
def hooks_list() -> None:
    """Every hook, what it hears, where it sends, how far it has delivered (secrets masked)."""
    _hooks().list_hooks(settings())


@hooks_app.command("remove")
def hooks_remove(name: str) -> None:
    """Unwire a hook (chiefs only); its secret and delivery state go with it."""
    _hooks().remove(settings(), record(), name)


@hooks_app.command("run")
def hooks_run(
    follow: Annotated[
        bool, typer.Option("--follow", help="Keep delivering until stopped.")
    ] = False,
    poll: PollOption = 1.0,
) -> None:
    """Deliver everything pending to every hook, then exit (or keep going with --follow)."""
    _hooks().run(settings(), follow, poll)


@hooks_app.command("dead-letters")
def hooks_dead_letters(name: Annotated[str | None, typer.Argument()] = None) -> None:
    """Events a hook gave up on, with the last error."""
    _hooks().dead_letters(settings(), name)


@hooks_app.command("retry")
def hooks_retry(name: str) -> None:
    """Redeliver a hook's dead letters, in log order."""
    _hooks().retry(settings(), name)


@app.command()
def worker(poll: PollOption = 1.0) -> None:
    """The scheduler and every hook in one long-lived process; JSON logs; stop with SIGTERM."""
    _hooks().worker(settings(), poll)
