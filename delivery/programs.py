"""Exec hooks run only what the worker's operator allowed, with only what the hook names.

The operator keeps the allowed programs in a file outside the store
(`NEWSROOM_HOOK_PROGRAMS`: one absolute path a line). A hook's program is resolved to
an absolute path and compared by real path (every symlink followed, on both sides) when
the hook is added and again before every run, and the real path checked is the file run.
The program gets the event on standard input and an environment of its own: a fixed few
variables and those its registration names, taken from the worker's at run time.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import signal
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from delivery import process
from delivery.deliver import DeliveryFailed
from delivery.process import Launch, RunAs
from events.envelope import RecordedEvent
from events.errors import BadInput
from workflow.hooks import Hook

SAFE_PATH = "/usr/bin:/bin"
FIXED = {"PATH": SAFE_PATH, "LANG": "C.UTF-8"}
LINE_SHOWN = 500  # characters of the program's last line of standard error kept


@dataclass(frozen=True, slots=True)
class ProgramRules:
    """The operator's rules for exec hooks, from the worker's own settings: the allowlist
    file (None: no program may run), the user to run as, and the worker's environment."""

    allowlist: Path | None = None
    run_as: RunAs | None = None
    environ: Mapping[str, str] = field(default_factory=dict)


def run_as(name: str) -> RunAs:
    """The user hook programs run as, and its primary group; BadInput for no such user."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        raise BadInput(f"NEWSROOM_HOOK_USER names no user of this machine: {name!r}.") from None
    return RunAs(entry.pw_name, entry.pw_uid, entry.pw_gid)


def allowed_programs(path: Path) -> frozenset[str]:
    """The real paths the allowlist file names; BadInput when it cannot be read or has a
    line that is not an absolute path."""
    try:
        text = path.read_text(encoding="utf-8")
        mode = path.stat().st_mode
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise BadInput(f"Cannot read NEWSROOM_HOOK_PROGRAMS {path}: {reason}.") from None
    if mode & (stat.S_IWGRP | stat.S_IWOTH):
        # Whoever may write the list may run anything as the worker: only its owner may.
        raise BadInput(
            f"NEWSROOM_HOOK_PROGRAMS {path} may be changed by others than its owner "
            f"(mode {stat.S_IMODE(mode):04o}); make it theirs alone: chmod go-w {path}."
        )
    return frozenset(os.path.realpath(entry) for entry in listed(text, path))


def listed(text: str, path: Path) -> list[str]:
    """The paths an allowlist's text lists: one a line, blank lines and `#` comments
    skipped; a relative path is refused, naming its line."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if not os.path.isabs(entry):
            raise BadInput(
                f"NEWSROOM_HOOK_PROGRAMS {path}, line {number}: {entry!r} is not an absolute path."
            )
        found.append(entry)
    return found


def resolve(program: str, search_path: str | None) -> str:
    """The absolute path of a command line's program, looked up on `search_path` when it
    is a bare name; BadInput when there is no such program."""
    found = shutil.which(program, path=search_path)
    if found is None:
        raise BadInput(f"There is no program {program!r} to run (on PATH, and executable).")
    return os.path.abspath(found)


def allowed(target: str, rules: ProgramRules) -> tuple[list[str], str]:
    """The hook's argv, its program made absolute, and the real path to run; BadInput
    when the operator does not allow that program."""
    argv = shlex.split(target)
    if rules.allowlist is None:
        raise BadInput(
            "No hook program may run: the worker's operator lists the allowed ones in a "
            "file named by NEWSROOM_HOOK_PROGRAMS, and none is set."
        )
    program = resolve(argv[0], rules.environ.get("PATH", SAFE_PATH))
    real = os.path.realpath(program)
    if real not in allowed_programs(rules.allowlist):
        shown = program if real == program else f"{program} (that is, {real})"
        raise BadInput(
            f"The program {shown} is not in the allowed hook programs "
            f"({rules.allowlist}); its operator must list it there first."
        )
    return [program, *argv[1:]], real


def registered_target(target: str, rules: ProgramRules) -> str:
    """What `hooks add --exec` records: the command line with its program's absolute path,
    so the log says exactly what runs."""
    argv, _ = allowed(target, rules)
    return shlex.join(argv)


def environment(hook: Hook, record: RecordedEvent, environ: Mapping[str, str]) -> dict[str, str]:
    """Nothing of the worker's but what the hook names, and the fixed few."""
    missing = [name for name in hook.env if name not in environ]
    if missing:
        raise DeliveryFailed(
            f"hook {hook.name} is given {', '.join(missing)}, which the worker's "
            "environment does not have"
        )
    return {
        **FIXED,
        **{name: environ[name] for name in hook.env},
        "NEWSROOM_HOOK": hook.name,
        "NEWSROOM_EVENT_ID": record.event_id,
        "NEWSROOM_EVENT_TYPE": record.event_type,
    }


def run_program(
    hook: Hook, body: bytes, record: RecordedEvent, rules: ProgramRules, timeout: float
) -> None:
    """The event's JSON on the program's standard input; never through a shell."""
    try:
        argv, real = allowed(hook.target, rules)
    except BadInput as refused:
        raise DeliveryFailed(f"not run: {str(refused).rstrip('.')}") from None
    _can_switch(rules.run_as)
    launch = Launch(argv, real, environment(hook, record, rules.environ), rules.run_as)
    try:
        done = process.run(launch, body, timeout)
    except PermissionError:
        raise DeliveryFailed(f"{argv[0]!r} is not executable") from None
    except OSError as exc:
        raise DeliveryFailed(f"{argv[0]} could not start: {exc.strerror or exc}") from None
    if done.returncode is None:
        raise DeliveryFailed(
            f"{argv[0]} took longer than {timeout:g} s; it was killed with its process group"
        )
    if done.returncode != 0:
        raise DeliveryFailed(_failure(argv[0], done), code=done.returncode)


def _failure(program: str, done: process.Finished) -> str:
    assert done.returncode is not None
    said = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
    line = said[0][:LINE_SHOWN]
    if done.returncode < 0:
        how = f"{program} was killed by {_signal_name(-done.returncode)}"
    else:
        how = f"{program} exited with {done.returncode}"
    return f"{how}: {line}".rstrip(": ")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _can_switch(run_as: RunAs | None) -> None:
    if run_as is not None and os.geteuid() not in (0, run_as.uid):
        raise DeliveryFailed(
            f"not run: hook programs run as {run_as.name} (NEWSROOM_HOOK_USER), and a "
            f"worker running as uid {os.geteuid()} cannot switch to it; run it as root"
        )
