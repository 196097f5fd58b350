"""The photos of a draft: add (copied into the media folder), edit their words, remove,
reorder."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from cli.commands import ArticleIdArg, CommandId, ExpectedVersion, photo_app, print_outcome, write
from cli.options import record, settings
from events.errors import BadInput
from events.photo import Photo

ALT_HELP = "What the picture shows, for readers who cannot see it (the page's alt text)."


@photo_app.command("add")
def photo_add(
    article_id: ArticleIdArg,
    file: Annotated[Path, typer.Argument(help="A JPEG, PNG or WebP image.")],
    caption: Annotated[str, typer.Option()] = "",
    credit: Annotated[str, typer.Option()] = "",
    alt: Annotated[str, typer.Option(help=ALT_HELP)] = "",
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Add a photo to a draft (copied into the media folder)."""
    from cli.bootstrap import open_session
    from images.reading import read_image
    from workflow import commands as cmd
    from workflow.article import refuse_more_photos

    current = settings()
    record().article_id = article_id
    _refuse_large_file(file, current.photo_limit)
    image = read_image(file, max_bytes=current.photo_limit)
    _refuse_many_pixels(file, image.photo, current.photo_pixels)
    photo = replace(image.photo, caption=caption, credit=credit, alt=alt)
    command = cmd.build(cmd.AddPhoto, article_id=article_id, photo=photo)
    with open_session(current, record()) as session:
        refuse_more_photos(session.newsroom.article(article_id))
        # Written aside first, named only as the event commits: a refusal leaves no file,
        # and a file another command recorded is never removed.
        staged = session.media.stage(photo, image.content)
        try:
            outcome = session.handle(
                command, expected=expected_version, command_id=command_id, before_commit=staged.file
            )
        finally:
            staged.discard()
    print_outcome(outcome)


def _refuse_large_file(file: Path, limit: int) -> None:
    """Before a byte is read: the image reader takes the whole file into memory."""
    size = file.stat().st_size if file.is_file() else 0
    if size > limit:
        raise BadInput(
            f"{file} is {size} bytes, over the photo limit of {limit} bytes (NEWSROOM_PHOTO_LIMIT)."
        )


def _refuse_many_pixels(file: Path, photo: Photo, limit: int) -> None:
    if photo.width * photo.height > limit:
        raise BadInput(
            f"{file} is {photo.width}×{photo.height} pixels, over the photo limit of {limit} "
            "pixels (NEWSROOM_PHOTO_PIXELS)."
        )


@photo_app.command("edit")
def photo_edit(
    article_id: ArticleIdArg,
    photo_id: str,
    caption: Annotated[str | None, typer.Option()] = None,
    credit: Annotated[str | None, typer.Option()] = None,
    alt: Annotated[str | None, typer.Option(help=ALT_HELP)] = None,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Change a draft's photo caption, credit or alt text without removing the photo."""
    if caption is None and credit is None and alt is None:
        raise BadInput("Say what to change: --caption, --credit or --alt.")
    fields: dict[str, str | None] = {"article_id": article_id, "photo_id": photo_id}
    fields |= {"caption": caption, "credit": credit, "alt": alt}
    write("EditPhoto", expected_version, command_id, **fields)


@photo_app.command("remove")
def photo_remove(
    article_id: ArticleIdArg,
    photo_id: str,
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Remove a photo from a draft."""
    write("RemovePhoto", expected_version, command_id, article_id=article_id, photo_id=photo_id)


@photo_app.command("reorder")
def photo_reorder(
    article_id: ArticleIdArg,
    photo_ids: Annotated[list[str], typer.Argument(help="Every photo id, in the new order.")],
    expected_version: ExpectedVersion = None,
    command_id: CommandId = None,
) -> None:
    """Put a draft's photos in a new order."""
    fields = {"article_id": article_id, "photo_ids": tuple(photo_ids)}
    write("ReorderPhotos", expected_version, command_id, **fields)
