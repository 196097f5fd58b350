"""The hooks decider: who wired which events to which target, and when.

One stream, `hooks`. The registry is a fold over it; deciding is pure.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from events import models as ev
from events.catalog import HOOKS_STREAM, TargetKind
from events.errors import BadInput, NotFound, RuleRefused
from workflow import commands as cmd
from workflow.decider import Decider, When
from workflow.roles import Actor, require

# How a refusal names the target and the events; an interface may put its own words for
# them in their place (the refusal's `field` and `named` facts say which, and where).
TARGET = "The hook target"
EVENTS = "for a hook"
# What a hook may listen to: the events downstream systems act on.
# An internal note never leaves the newsroom: no hook can ask for one.
UNHOOKABLE = ("HookRegistered", "HookRemoved", "NoteAdded")
HOOKABLE = tuple(t for t in ev.EVENT_TYPES if t not in UNHOOKABLE)
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ENV_MAX = 50
# The worker's own settings (its store's URL and password, its key's passphrase) are
# never handed on; newsroom sets the NEWSROOM_HOOK and NEWSROOM_EVENT_* a program gets.
WORKER_OWN = "NEWSROOM_"


@dataclass(frozen=True, slots=True)
class Hook:
    name: str
    event_types: tuple[str, ...]
    target_kind: TargetKind
    target: str
    signed: bool
    start_after: int
    env: tuple[str, ...] = ()  # the worker's variables its program gets, by name


Registry = Mapping[str, Hook]


def evolve(registry: Registry, event: ev.Event, actor: str = "") -> Registry:
    if isinstance(event, ev.HookRegistered):
        hook = Hook(
            event.name,
            event.event_types,
            event.target_kind,
            event.target,
            event.signed,
            event.start_after,
            event.env,
        )
        return {**registry, event.name: hook}
    if isinstance(event, ev.HookRemoved):
        return {name: hook for name, hook in registry.items() if name != event.name}
    return registry


def decide(command: cmd.Command, registry: Registry, actor: Actor, when: When) -> list[ev.Event]:
    require(actor, "hooks")
    if isinstance(command, cmd.RegisterHook):
        return [_register(command, registry)]
    if isinstance(command, cmd.RemoveHook):
        if command.name not in registry:
            raise NotFound(f"There is no hook {command.name}.")
        return [ev.HookRemoved(name=command.name)]
    raise TypeError(f"no hook decision for {type(command).__name__}")


def _register(command: cmd.RegisterHook, registry: Registry) -> ev.HookRegistered:
    if command.name in registry:
        raise RuleRefused(f"A hook named {command.name} exists; remove it first.")
    unknown = [t for t in command.event_types if t not in HOOKABLE]
    if unknown or not command.event_types:
        raise BadInput(
            f"Unknown event type {unknown[0] if unknown else '(none)'!r} {EVENTS}; "
            f"choose from {', '.join(HOOKABLE)}.",
            field="event_types",
            named=EVENTS,
        )
    check_target(command.target_kind, command.target)
    check_env(command.target_kind, command.env)
    return ev.HookRegistered(
        name=command.name,
        event_types=command.event_types,
        target_kind=command.target_kind,
        target=command.target,
        signed=command.signed,
        start_after=command.start_after,
        env=command.env,
    )


def check_env(kind: TargetKind, names: Sequence[str]) -> None:
    """Names only, of variables a program may be given; never the worker's own settings."""
    if names and kind != "exec":
        raise BadInput(
            f"Only a program (exec) hook is given environment variables, not a {kind} hook.",
            field="env",
        )
    if len(names) > ENV_MAX:
        raise BadInput(f"A hook is given at most {ENV_MAX} environment variables.", field="env")
    for name in names:
        if not ENV_NAME.fullmatch(name):
            raise BadInput(
                f"{name!r} is not an environment variable's name "
                "(letters, digits and _, not starting with a digit).",
                field="env",
            )
        if name.upper().startswith(WORKER_OWN):
            raise BadInput(
                f"{name} is the worker's own setting and is never given to a hook program.",
                field="env",
            )


def check_target(kind: TargetKind, target: str) -> None:
    if kind == "url":
        _check_url(target)
    if kind == "exec":
        try:
            if not shlex.split(target):
                raise ValueError("empty")
        except ValueError as exc:
            raise BadInput(
                f"{TARGET} {target!r} is not a command line: {exc}.",
                field="target",
                named=TARGET,
                kind=kind,
            ) from None
    if kind == "nats" and (" " in target or target.startswith(".") or target.endswith(".")):
        raise BadInput(
            f"{TARGET} {target!r} is not a NATS subject (like newsroom.published).",
            field="target",
            named=TARGET,
            kind=kind,
        )


def _check_url(target: str) -> None:
    parts = urlsplit(target)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or " " in target:
        raise BadInput(
            f"{TARGET} {target!r} is not an http:// or https:// address with a host.",
            field="target",
            named=TARGET,
            kind="url",
        )


def command_of(events: Sequence[ev.Event], registry: Registry) -> cmd.Command:
    """The command that decided `events`: every hooks command decides one event."""
    [event] = events
    if isinstance(event, ev.HookRegistered):
        return cmd.RegisterHook(
            name=event.name,
            event_types=event.event_types,
            target_kind=event.target_kind,
            target=event.target,
            signed=event.signed,
            start_after=event.start_after,
            env=event.env,
        )
    if isinstance(event, ev.HookRemoved):
        return cmd.RemoveHook(name=event.name)
    raise ValueError(f"{event.event_type} is not a hooks event")


HOOKS: Decider[cmd.Command, Registry] = Decider(
    initial={},
    evolve=evolve,
    decide=decide,
    stream=lambda command: HOOKS_STREAM,
    subject=lambda command: "The hooks list",
    status=lambda registry: "active",
    command_of=command_of,
)
