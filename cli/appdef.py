"""The Typer application object, its sub-apps and the option types commands share."""

from __future__ import annotations

from typing import Annotated

import typer

GLOBAL_EPILOG = (
    "Global options, before or after the command: --store URL, --as NAME, --json, --log-json."
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
site_app = typer.Typer(
    rich_markup_mode=None,
    help="The static website: News line, articles, feeds.",
    no_args_is_help=True,
)
app.add_typer(staff_app, name="staff")
app.add_typer(photo_app, name="photo")
app.add_typer(hooks_app, name="hooks")
app.add_typer(site_app, name="site")
GROUPS = ("staff", "photo", "hooks", "site")

ArticleIdArg = Annotated[str, typer.Argument(help="The article's id, as `draft` printed it.")]
ExpectedVersion = Annotated[
    int | None,
    typer.Option(
        "--expected-version",
        min=0,
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
BodyOption = Annotated[str | None, typer.Option("--body", help="The article text.")]
BodyFileOption = Annotated[
    str | None, typer.Option("--body-file", help="Read the text from a file, or - for stdin.")
]


def add_global_epilogs() -> None:
    """Every command's help ends by naming the global options it also takes."""
    for typer_app in (app, staff_app, photo_app, hooks_app, site_app):
        for info in typer_app.registered_commands:
            info.epilog = info.epilog or GLOBAL_EPILOG
