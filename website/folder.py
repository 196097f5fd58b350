"""Putting a built site in place: filled beside the old folder, then swapped in whole.

A site folder belongs to newsroom (a marker file says so): each build replaces all
of it, so pages a build no longer makes (an archive page, a language) never linger,
and readers never see half a site. A folder holding anything else is refused, never
emptied. A refused or failed build leaves the old site as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from events.errors import BadInput, NotFound
from events.photo import Photo

MARKER = ".newsroom-site"
MARKER_TEXT = b"Built by `newsroom site build`; the next build replaces this whole folder.\n"


def check_target(directory: Path) -> Path:
    """The absolute folder to build into, or `BadInput` saying why not; touches nothing."""
    target = directory.expanduser().resolve()
    if target == target.parent:
        raise BadInput(f"The site cannot replace the root folder {target}.")
    if target.exists() and not target.is_dir():
        raise BadInput(f"{directory} is a file, not a folder.")
    try:
        foreign = target.is_dir() and not _ours_or_empty(target)
    except OSError as exc:
        raise cannot_write(directory, exc) from None
    if foreign:
        raise BadInput(
            f"{directory} holds files newsroom did not build; give a new or empty folder."
        )
    return target


def _ours_or_empty(folder: Path) -> bool:
    return (folder / MARKER).is_file() or next(folder.iterdir(), None) is None


def media_sources(photos: Mapping[str, Photo], media_dir: Path) -> dict[str, Path]:
    """Each photo's file in the media folder, or `NotFound` for the first one missing."""
    sources = {}
    for path, photo in sorted(photos.items()):
        source = media_dir / photo.stored_name
        if not source.is_file():
            raise NotFound(
                f"Photo {photo.photo_id} ({photo.file}) is missing from the media folder "
                f"{media_dir}.",
                hint="media-folder",
            )
        sources[path] = source
    return sources


def replace_folder(target: Path, files: Mapping[str, bytes], photos: Mapping[str, Path]) -> None:
    """Write `files` and copy `photos` into a fresh folder, then swap it in for `target`."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise cannot_write(target, exc) from None
    try:
        _fill(staging, files, photos)
        _swap(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise cannot_write(target, exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _fill(folder: Path, files: Mapping[str, bytes], photos: Mapping[str, Path]) -> None:
    os.chmod(folder, 0o755)  # mkdtemp makes it private; a web server must read the site
    made: set[Path] = {folder}
    for path in sorted({*files, *photos}):
        destination = folder / path
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
        if path in files:
            destination.write_bytes(files[path])
        else:
            _link_or_copy(photos[path], destination)
    (folder / MARKER).write_bytes(MARKER_TEXT)


def _link_or_copy(source: Path, destination: Path) -> None:
    """Media files never change (named by their SHA-256, read-only): a hard link will do."""
    try:
        os.link(source, destination)
    except OSError:  # another file system, or one without links
        shutil.copyfile(source, destination)


def _swap(new: Path, target: Path) -> None:
    if not target.exists():
        new.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    target.replace(old)  # onto an empty folder: allowed, and atomic
    try:
        new.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)  # the new site is in place; a leftover is harmless


def cannot_write(directory: Path, exc: OSError) -> BadInput:
    return BadInput(f"Cannot write the site to {directory}: {exc.strerror or exc}.")
