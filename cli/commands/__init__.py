"""The command tree: the Typer application, its groups, and the parameters commands share.

One module per group of commands registers them here (`cli.app` imports them all).
Each command parses its options, calls the services, and renders; what it needs of
the database stack it imports inside its own body, so `newsroom --help` loads none.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from cli.options import record, settings
from events.catalog import VERSION_MAX
from events.errors import BadInput
from workflow.fields import ARTICLE_ID_PATTERN, HOOK_NAME_PATTERN, refuse_malformed

if TYPE_CHECKING:
    from workflow.service import Outcome

GLOBAL_EPILOG = (
    "Global options, before or after the command: --store URL, --as NAME, --key PATH, "
    "--profile NAME, --json, --log-json."
)
app = typer.Typer(
    name="newsroom",
    context_settings={"help_option_names": ["-h", "--help"]},
    help="An event-sourced newsroom: every editorial action is an event in one log.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain click help: rich's renderer alone costs more than importing typer itself.
    rich_markup_mode=None,
)
staff_app = typer.Typer(
    rich_markup_mode=None,
    help="Who works in the newsroom, and in which role.",
    no_args_is_help=True,
)
photo_app = typer.Typer(
    rich_markup_mode=None, help="Photos of a draft: add, remove, reorder.", no_args_is_help=True
)
hooks_app = typer.Typer(
    rich_markup_mode=None,
    help="Publishing hooks: programs, URLs, NATS subjects.",
    no_args_is_help=True,
)
keys_app = typer.Typer(
    rich_markup_mode=None,
    help="Your signing key: make one, or show the one in use.",
    no_args_is_help=True,
)
site_app = typer.Typer(
    rich_markup_mode=None,
    help="The static website: News line, articles, feeds.",
    no_args_is_help=True,
)
db_app = typer.Typer(
    rich_markup_mode=None,
    help="A PostgreSQL store's roles: the owner of its log, and the writer commands use.",
    no_args_is_help=True,
)
app.add_typer(staff_app, name="staff")
app.add_typer(photo_app, name="photo")
app.add_typer(hooks_app, name="hooks")
app.add_typer(site_app, name="site")
app.add_typer(keys_app, name="keys")
app.add_typer(db_app, name="db")
GROUPS = ("staff", "photo", "hooks", "site", "keys", "db")


def article_id_given(value: str | None) -> str | None:
    """An article id argument, refused as it is parsed unless well-formed: a malformed id
    is bad input (exit 2), a well-formed one that names nothing is not found (exit 3)."""
    if value is not None:
        refuse_malformed("article id", value, ARTICLE_ID_PATTERN)
    return value


def hook_name_given(value: str | None) -> str | None:
    if value is not None:
        refuse_malformed("hook name", value, HOOK_NAME_PATTERN)
    return value


ArticleIdArg = Annotated[
    str,
    typer.Argument(help="The article's id, as `draft` printed it.", callback=article_id_given),
]
ExpectedVersion = Annotated[
    int | None,
    typer.Option(
        "--expected-version",
        min=0,
        max=VERSION_MAX,
        help="Refuse (exit 6) unless the article is still at this version.",
    ),
]
CommandId = Annotated[
    str | None,
    typer.Option(
        "--command-id",
        help="Idempotency key: running the same command again with it writes nothing.",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="As it was then: HH:MM DD.MM.YYYY, ISO-8601, or #POSITION in the log.",
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Replace the output file if it is there (a regular file only)."),
]
BodyOption = Annotated[str | None, typer.Option("--body", help="The article text.")]
BodyFileOption = Annotated[
    str | None, typer.Option("--body-file", help="Read the text from a file, or - for stdin.")
]


def write(
    command_type: str, expected: int | None, command_id: str | None, /, **fields: object
) -> None:
    """Build the command, decide and append it, and print what it did."""
    from cli.bootstrap import open_session
    from workflow import commands as cmd

    article_id = fields.get("article_id")
    record().article_id = article_id if isinstance(article_id, str) else None
    command = cmd.build(getattr(cmd, command_type), **fields)
    with open_session(settings(), record()) as session:
        outcome = session.handle(command, expected=expected, command_id=command_id)
    print_outcome(outcome)


def print_outcome(outcome: Outcome, **more: Any) -> None:
    from cli import render

    current = settings()
    if current.json:
        render.print_json({**render.outcome_data(outcome), **more})
    else:
        print(render.outcome_text(outcome, current.tz))


def read_at_most(path: Path, size: int, what: str) -> bytes:
    """The file's first `size` bytes at most. A caller asks for one byte past its limit and
    refuses what reaches it, so an endless file (/dev/zero, a pipe) is never read to its end."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as exc:
        raise BadInput(f"Cannot read {what} {path}: {exc.strerror}.") from None


Bound = TypeVar("Bound", int, str)


def refuse_upside_down(first: str, low: Bound | None, last: str, high: Bound | None) -> None:
    """A range that ends before it starts selects nothing: say so rather than print nothing.
    `first` and `last` spell each bound as it was given (`--from 30`)."""
    if low is not None and high is not None and high < low:
        raise BadInput(f"{last} comes before {first}: the range selects nothing.")


def one_of(option: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    """A choice given loosely (`In Review`, `in-review`) as its canonical spelling."""
    if value is None:
        return None
    cleaned = value.strip().lower().replace(" ", "_").replace("-", "_")
    if cleaned not in allowed:
        raise BadInput(f"{option} {value!r} is not one of {', '.join(allowed)}.")
    return cleaned


URGENCY_HELP = "1 (a flash) to 9 (least urgent), the IPTC scale; 1 and 2 show as Breaking."
UrgencyOption = Annotated[str | None, typer.Option("--urgency", help=URGENCY_HELP)]


def urgency_of(option: str, value: str | None) -> int | None:
    """A whole number from 1 to 9, or None when not given."""
    if value is None:
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 9):
        raise BadInput(f"{option} {value!r} is not valid: give a whole number from 1 to 9.")
    return int(text)


def add_global_epilogs() -> None:
    """Every command's help ends by naming the global options it also takes."""
    for typer_app in (app, staff_app, photo_app, hooks_app, site_app, keys_app, db_app):
        for info in typer_app.registered_commands:
            info.epilog = info.epilog or GLOBAL_EPILOG
