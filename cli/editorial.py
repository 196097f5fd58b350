"""The write commands: each parses its options and hands over to `cli.actions`."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType
from typing import Annotated

import typer

from cli.appdef import (
    ArticleIdArg,
    BodyFileOption,
    BodyOption,
    CommandId,
    ExpectedVersion,
    app,
    photo_app,
    staff_app,
)
from cli.globals import record, settings
from events.errors import BadInput

Reason = Annotated[str, typer.Option("--reason", help="Why (required, recorded in the log).")]
LanguageOption = Annotated[str | None, typer.Option("--language", help="az, en or ru.")]


def _actions() -> ModuleType:
    from cli import actions  # heavy: loads the database stack only when a command runs

    return actions


def _write(
    command_type: str, expected: int | None, command_id: str | None, /, **fields: object
) -> None:
    _actions().write(settings(), record(), command_type, expected, command_id, **fields)


def read_body(body: str | None, body_file: str | None) -> str | None:
    if body is not None and body_file is not None:
        raise BadInput("Give the text with --body or --body-file, not both.")
    if body_file is None:
        return body
    try:
        if body_file == "-":
            return sys.stdin.read()
        return Path(body_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"Cannot read the body file {body_file}: {exc}.") from None


@app.command()
def init(
    chief: Annotated[str | None, typer.Option(help="The first chief (default: you).")] = None,
) -> None:
    """Create a newsroom store (or say it is already there)."""
    _actions().init(settings(), chief, record())


@staff_app.command("add")
def staff_add(
    name: str,
    role: Annotated[str, typer.Option(help="reporter, editor or chief.")],
    command_id: CommandId = None,
) -> None:
    """Add someone to the staff (chiefs only)."""
    _write("AddStaffMember", None, command_id, name=name, role=role)


@staff_app.command("role")
def staff_role(
    name: str,
    role: Annotated[str, typer.Option(help="reporter, editor or chief.")],
    command_id: CommandId = None,
) -> None:
    """Change someone's role (chiefs only)."""
    _write("ChangeStaffRole", None, command_id, name=name, role=role)


@app.command()
def draft(
    headline: Annotated[str, typer.Option(help="The headline.")],
    category: Annotated[str, typer.Option(help="The section, e.g. Society.")],
    body: BodyOption = None,
    body_file: BodyFileOption = None,
    language: Annotated[str, typer.Option(help="az, en or ru.")] = "en",
    byline: Annotated[str | None, typer.Option(help="Who signs it (default: you).")] = None,
    article_id: Annotated[str | None, typer.Option("--id", help="Choose the article id.")] = None,
    command_id: CommandId = None,
) -> None:
    """Start a new article as a draft."""
    text = read_body(body, body_file) or ""
    _actions().draft(
        settings(),
        record(),
        article_id,
        command_id,
        headline=headline,
        category=category,
        body=text,
        language=language,
        byline=byline,
    )


@app.command()
def revise(
    article_id: ArticleIdArg,
    headline: Annotated[str | None, typer.Option()] = None,
    body: BodyOption = None,
    body_file: BodyFileOption = None,
    category: Annotated[str | None, typer.Option()] = None,
    language: LanguageOption = None,
    byline: Annotated[str | None, typer.Option()] = None,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Change a draft's headline, text, category, language or byline."""
    text = read_body(body, body_file)
    if all(v is None for v in (headline, text, category, language, byline)):
        raise BadInput(
            "Say what to revise: --headline, --body, --category, --language or --byline."
        )
    _write(
        "ReviseArticle",
        expected_version,
        command_id,
        article_id=article_id,
        headline=headline,
        body=text,
        category=category,
        language=language,
        byline=byline,
    )


@photo_app.command("add")
def photo_add(
    article_id: ArticleIdArg,
    file: Annotated[Path, typer.Argument(help="A JPEG, PNG or WebP image.")],
    caption: Annotated[str, typer.Option()] = "",
    credit: Annotated[str, typer.Option()] = "",
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Add a photo to a draft (copied into the media folder)."""
    _actions().add_photo(
        settings(), record(), article_id, file, caption, credit, expected_version, command_id
    )


@photo_app.command("remove")
def photo_remove(
    article_id: ArticleIdArg,
    photo_id: str,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Remove a photo from a draft."""
    _write("RemovePhoto", expected_version, command_id, article_id=article_id, photo_id=photo_id)


@photo_app.command("reorder")
def photo_reorder(
    article_id: ArticleIdArg,
    photo_ids: Annotated[list[str], typer.Argument(help="Every photo id, in the new order.")],
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Put a draft's photos in a new order."""
    _write(
        "ReorderPhotos",
        expected_version,
        command_id,
        article_id=article_id,
        photo_ids=tuple(photo_ids),
    )


@app.command()
def submit(
    article_id: ArticleIdArg, expected_version: ExpectedVersion = None, command_id: CommandId = None
) -> None:
    """Send a draft to the editors for review (lint findings are shown as warnings)."""
    _actions().submit(settings(), record(), article_id, expected_version, command_id)


@app.command("request-changes")
def request_changes(
    article_id: ArticleIdArg,
    reason: Reason,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Send an article in review back to draft, saying why."""
    _write("RequestChanges", expected_version, command_id, article_id=article_id, reason=reason)


@app.command()
def approve(
    article_id: ArticleIdArg,
    allow_lint: Annotated[
        str | None,
        typer.Option(
            "--allow-lint", help="Approve despite lint errors; why (recorded in the log)."
        ),
    ] = None,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Approve an article in review (not your own: four eyes; lint errors refuse)."""
    _write(
        "ApproveArticle", expected_version, command_id, article_id=article_id, allow_lint=allow_lint
    )


@app.command()
def publish(
    article_id: ArticleIdArg,
    at: Annotated[
        str | None, typer.Option(help="Embargo: publish at this time (HH:MM DD.MM.YYYY or ISO).")
    ] = None,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Publish an approved article now, or schedule it with --at."""
    _actions().publish(settings(), record(), article_id, at, expected_version, command_id)


@app.command()
def unschedule(
    article_id: ArticleIdArg, expected_version: ExpectedVersion = None, command_id: CommandId = None
) -> None:
    """Lift an embargo before it passes; the article goes back to approved."""
    _write("UnschedulePublication", expected_version, command_id, article_id=article_id)


@app.command()
def correct(
    article_id: ArticleIdArg,
    note: Annotated[str, typer.Option(help="The public correction note (required).")],
    headline: Annotated[str | None, typer.Option()] = None,
    body: BodyOption = None,
    body_file: BodyFileOption = None,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Correct a published article, with a public note."""
    _write(
        "CorrectArticle",
        expected_version,
        command_id,
        article_id=article_id,
        note=note,
        headline=headline,
        body=read_body(body, body_file),
    )


@app.command()
def retract(
    article_id: ArticleIdArg,
    reason: Reason,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Withdraw a published or scheduled article for good (chiefs only)."""
    _write("RetractArticle", expected_version, command_id, article_id=article_id, reason=reason)


@app.command()
def spike(
    article_id: ArticleIdArg,
    reason: Annotated[str, typer.Option(help="Why it is dropped.")] = "",
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Drop a draft or an article in review for good."""
    _write("SpikeArticle", expected_version, command_id, article_id=article_id, reason=reason)


@app.command()
def tick(command_id: CommandId = None) -> None:
    """Publish every embargoed article whose time has come (at NEWSROOM_NOW or now)."""
    _actions().tick(settings(), record(), command_id)
