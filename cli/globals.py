"""Global options: accepted before or after the command, so they are lifted out of argv first.

`newsroom --json show X` and `newsroom show X --json` must both work; Typer only knows
options at the level they are declared, so `split_global_options` moves them aside
and the commands read them through `settings()`.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from cli.runrecord import RunRecord

if TYPE_CHECKING:
    from cli.settings import Settings

FLAGS = {"--json": "json", "--log-json": "log_json"}
VALUED = {"--store": "store", "--as": "actor"}

_options: ContextVar[dict[str, Any] | None] = ContextVar("options", default=None)
_record: ContextVar[RunRecord | None] = ContextVar("record", default=None)


class GlobalOptionError(Exception):
    pass


def split_global_options(argv: list[str]) -> tuple[list[str], dict[str, Any]]:
    """The arguments without the global options, and the global options found."""
    rest: list[str] = []
    found: dict[str, Any] = {}
    items = iter(argv)
    for arg in items:
        if arg == "--":
            rest.append(arg)
            rest.extend(items)
            break
        name, _, inline = arg.partition("=")
        if arg in FLAGS:
            found[FLAGS[arg]] = True
        elif name in VALUED:
            value = inline if "=" in arg else next(items, None)
            if value is None:
                raise GlobalOptionError(f"Option {name} needs a value.")
            found[VALUED[name]] = value
        else:
            rest.append(arg)
    return rest, found


def begin_run(options: dict[str, Any]) -> RunRecord:
    record = RunRecord()
    _options.set(options)
    _record.set(record)
    return record


def settings() -> Settings:
    from cli.settings import resolve

    return resolve(_options.get() or {})


def record() -> RunRecord:
    current = _record.get()
    if current is None:
        current = begin_run({})
    return current


def wants_json() -> bool:
    return bool((_options.get() or {}).get("json"))
