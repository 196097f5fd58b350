"""The `newsroom` entry point: global options, one error line per refusal, one log line per run."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Iterator
from typing import Annotated

import typer

from cli.commands import (
    GROUPS,
    add_global_epilogs,
    app,
    articles,
    audit,
    database,
    deliveries,
    hooks,
    keys,
    photos,
    profiles,
    proofs,
    reading,
    redaction,
    search,
    secret_key,
    site,
    staff,
)
from cli.errors import ExitCode, exit_code_for, message_of
from cli.options import (
    GlobalOptionError,
    RunRecord,
    begin_run,
    debugging,
    split_global_options,
    wants_log_json,
)
from events.errors import NewsroomError
from events.inert import inert, inert_json

# Each module registers its commands as it is imported; --help lists them in this order.
HELP_ORDER = [
    module.__name__
    for module in (
        staff,
        articles,
        photos,
        hooks,
        deliveries,
        secret_key,
        reading,
        search,
        audit,
        proofs,
        redaction,
        site,
        keys,
        profiles,
        database,
    )
]
app.registered_commands.sort(key=lambda info: HELP_ORDER.index(info.callback.__module__))
add_global_epilogs()


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"newsroom {version('newsroom')}")
        raise typer.Exit()


@app.callback()
def root(
    store: Annotated[
        str | None,
        typer.Option(
            "--store", help="Store URL (env NEWSROOM_STORE; default sqlite:///newsroom.db)."
        ),
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--as", help="Who acts (env NEWSROOM_ACTOR; default your login).")
    ] = None,
    key: Annotated[
        str | None,
        typer.Option("--key", help="Your private key (env NEWSROOM_KEY; ~/.config/newsroom/key)."),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", help="A profile of ~/.config/newsroom/config.toml (env NEWSROOM_PROFILE)."
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_print_version, help="Show the version."),
    ] = False,
    log_json: Annotated[
        bool,
        typer.Option(
            "--log-json", help="One JSON log line per command on stderr (env NEWSROOM_LOG=json)."
        ),
    ] = False,
) -> None:
    """Global options go before or after the command.

    NEWSROOM_TZ, NEWSROOM_NOW and NEWSROOM_MEDIA are read from the environment.
    """


def run(argv: list[str]) -> int:
    """Run one command line; returns its exit code and never lets a traceback out."""
    started = time.perf_counter()
    try:
        args, options = split_global_options(argv)
    except GlobalOptionError as exc:
        return _fail("bad_input", str(exc), ExitCode.BAD_INPUT, "--json" in argv)
    record = begin_run(options)
    record.command = command_name(args)
    code = _invoke(args, bool(options.get("json")))
    _log_run(record, options, code, started)
    return code


def command_name(args: list[str]) -> str:
    """`approve` for `approve cop29`, `photo add` for `photo add cop29 a.jpg`."""
    words = [a for a in args if not a.startswith("-")]
    return " ".join(words[:2] if words and words[0] in GROUPS else words[:1])


def _invoke(args: list[str], as_json: bool) -> int:
    try:
        with only_the_command(args[0] if args else ""):
            result = app(args, prog_name="newsroom", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except NewsroomError as exc:
        return _fail(exc.code, message_of(exc), exit_code_for(exc), as_json)
    except typer.Abort:
        return _fail("aborted", "Aborted.", ExitCode.ABORTED, as_json)
    except typer.TyperException as exc:
        return _usage_error(exc, as_json)
    except KeyboardInterrupt:
        return _fail("aborted", "Interrupted.", ExitCode.ABORTED, as_json)
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # a bug: say so in one line, show the trace only when asked
        if debugging():
            raise
        return _fail(
            "bug",
            f"Internal error ({type(exc).__name__}: {exc}); set NEWSROOM_DEBUG=1 for details.",
            ExitCode.BUG,
            as_json,
        )


@contextlib.contextmanager
def only_the_command(name: str) -> Iterator[None]:
    """Let Typer build just the command (or group) being run.

    Typer turns every registered function into a click command on each run, reading
    all their signatures; one command line needs one of them. Help, and any name that
    is not a command, still get the whole tree (so typos get suggestions).
    """
    commands, groups = app.registered_commands, app.registered_groups
    chosen = [info for info in commands if _command_name(info) == name]
    chosen_groups = [info for info in groups if info.name == name]
    if chosen or chosen_groups:
        app.registered_commands, app.registered_groups = chosen, chosen_groups
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = commands, groups


def _command_name(info: typer.models.CommandInfo) -> str:
    if info.name:
        return info.name
    callback_name = getattr(info.callback, "__name__", "")
    return callback_name.replace("_", "-")


def _usage_error(exc: Exception, as_json: bool) -> int:
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError":
        # A bare `newsroom` or `newsroom staff`: the help is the answer.
        if ctx is not None:
            print(ctx.get_help())
        return ExitCode.OK
    hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
    return _fail(
        "usage", f"{message.rstrip('.')}{hint}.", int(getattr(exc, "exit_code", 2)), as_json
    )


def _fail(code: str, message: str, exit_code: int, as_json: bool) -> int:
    """One line on stderr, whatever the message quotes: a newline or an escape sequence in
    someone's input is shown, never obeyed."""
    if as_json:
        error = {"error": {"code": code, "message": message}}
        sys.stderr.write(inert_json(json.dumps(error, ensure_ascii=False)) + "\n")
    else:
        sys.stderr.write(f"newsroom: {inert(message)}\n")
    return exit_code


def _log_run(record: RunRecord, options: dict[str, object], code: int, started: float) -> None:
    if not wants_log_json(options):
        return
    from cli.logs import log_command

    log_command(record, options, code, round((time.perf_counter() - started) * 1000, 1))


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
