"""The hook registry at work: wiring and unwiring hooks, and how far each has delivered.

Wiring is a command (an event in the log); the secret and delivery state live beside
the log in `HookState`, never in it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from delivery.addresses import Network, refuse_literal_host
from delivery.deliver import DeadLetter
from delivery.programs import ProgramRules, registered_target
from delivery.state import HookState
from delivery.webhooks import keys, newest_only, with_new
from events.errors import BadInput, NotFound, RuleRefused
from events.sql.engine import display_url
from events.store import EventStore
from workflow import commands as cmd
from workflow.hooks import Hook, Registry, check_target
from workflow.roles import Actor, Roster, require
from workflow.service import Outcome

Handle = Callable[[cmd.Command], Outcome]


def register(
    handle: Handle,
    store: EventStore,
    state: HookState,
    fields: dict[str, Any],
    secret: str | None,
    *,
    from_start: bool,
    command_id: str | None,
    allowed: Sequence[Network] = (),
    programs: ProgramRules | None = None,
) -> Outcome:
    """Wire a hook to start after the log's head (or its start); keep its secret beside.
    A URL whose host is an address hooks may not reach, or a program the operator does
    not allow (`programs`), is refused before anything else; a program is recorded by
    its absolute path."""
    start_after = _start_after(store, from_start, command_id)
    command = cmd.build(
        cmd.RegisterHook, **fields, signed=secret is not None, start_after=start_after
    )
    if command.target_kind == "url":
        refuse_credentials(command.target)
        refuse_literal_host(command.target, allowed)
    if command.target_kind == "exec":
        check_target("exec", command.target)  # a command line at all, before its program
        absolute = registered_target(command.target, programs or ProgramRules())
        command = command.model_copy(update={"target": absolute})
    if secret is not None:
        state.ready_to_seal()  # a missing or bad key refused before the hook is wired
    outcome = handle(command)
    if not outcome.replayed:
        state.set_secret(command.name, secret)
    return outcome


def refuse_credentials(url: str) -> None:
    """A password in a hook's URL would sit in the log for every reader: refused."""
    try:
        parts = urlsplit(url)
        has_credentials = parts.username is not None or parts.password is not None
    except ValueError:
        return  # not a URL at all: the address check says so
    if has_credentials:
        # A token may stand where a user name does: the whole of it is hidden.
        shown = f"{parts.scheme}://***@{parts.netloc.rsplit('@', 1)[-1]}{parts.path}"
        raise BadInput(
            f"The hook URL {shown} carries credentials, which the log would show "
            "to everyone; give the receiver a secret instead (--secret-file or --secret -)."
        )


def _start_after(store: EventStore, from_start: bool, command_id: str | None) -> int:
    """Where the hook starts; a repeated command keeps the start it was first given."""
    if command_id and (prior := store.find_command(command_id)) and prior.events:
        return int(prior.events[0].data.get("start_after", 0))
    return 0 if from_start else store.head()[0]


def unregister(handle: Handle, state: HookState, name: str) -> Outcome:
    outcome = handle(cmd.build(cmd.RemoveHook, name=name))
    state.forget(name)
    return outcome


def hook_rows(hooks: Registry, state: HookState) -> list[dict[str, Any]]:
    """Every hook as `hooks list` shows it; a secret only as whether there is one."""
    return [
        {
            "name": hook.name,
            "on": list(hook.event_types),
            "target_kind": hook.target_kind,
            "target": display_url(hook.target) if hook.target_kind == "url" else hook.target,
            "env": list(hook.env),  # names only: the values stay in the worker's environment
            "secret": "****" if hook.signed else None,
            "secrets": state.secret_count(hook.name) if hook.signed else 0,
            "checkpoint": state.checkpoint(hook.name) or hook.start_after,
            "dead_letters": len(state.dead_letters(hook.name)),
        }
        for hook in hooks.values()
    ]


def dead_letters(hooks: Registry, state: HookState, name: str | None) -> list[DeadLetter]:
    if name is not None and name not in hooks:
        raise NotFound(f"There is no hook {name}.")
    return state.dead_letters(name)


def add_secret(
    hooks: Registry, roster: Roster, actor: str, state: HookState, name: str, new: str
) -> int:
    """Sign a hook's deliveries with one more secret, beside those it has; how many now."""
    _signed_hook(hooks, roster, actor, name)
    stored = state.secret(name)
    state.replace_secret(name, stored, with_new(stored, new))
    return state.secret_count(name)


def drop_old_secrets(
    hooks: Registry, roster: Roster, actor: str, state: HookState, name: str
) -> int:
    """Keep only the secret added last (receivers must know it by now); how many now."""
    _signed_hook(hooks, roster, actor, name)
    stored = state.secret(name)
    kept = newest_only(stored)
    if kept is None:
        raise RuleRefused(f"Hook {name} signs with one secret only; there is no old one to drop.")
    state.replace_secret(name, stored, kept)
    return len(keys(kept))


def _signed_hook(hooks: Registry, roster: Roster, actor: str, name: str) -> Hook:
    """The hook whose secrets a chief changes: only a signed hook has any."""
    require(Actor(actor, roster.get(actor)), "hooks")
    hook = hooks.get(name)
    if hook is None:
        raise NotFound(f"There is no hook {name}.")
    if not hook.signed:
        raise RuleRefused(
            f"Hook {name} does not sign its deliveries, so it has no secret to change."
        )
    return hook


def reseal_secrets(roster: Roster, actor: str, state: HookState) -> int:
    """Seal every hook's secrets with the newest sealing key (chiefs only); how many hooks'."""
    require(Actor(actor, roster.get(actor)), "hooks")
    return state.reseal(every=True)
