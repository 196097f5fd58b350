"""Putting a built site in place: filled beside the old folder, then swapped in whole.

A site folder belongs to newsroom (a marker file says so): each build replaces all
of it, so pages a build no longer makes (an archive page, a language) never linger,
and readers never see half a site. A folder holding anything else is refused, never
emptied. A refused or failed build leaves the old site as it was.

Every path is checked before anything is made (it comes from ids in the log, which may
have been crafted), and photos are written as the bytes they are given (the public
copies), never linked: nothing in the site leads outside it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from events.errors import BadInput
from events.paths import inside, safe_relative
from events.photo import Photo

PhotoBytes = Callable[[Photo], bytes]  # a photo as the site may show it

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


def replace_folder(
    target: Path,
    files: Mapping[str, bytes],
    photos: Mapping[str, Photo],
    photo_bytes: PhotoBytes,
) -> None:
    """Write `files` and `photos` (each as `photo_bytes` gives it) into a fresh folder, then
    swap it in for `target`."""
    for path in (*files, *photos):
        safe_relative(path)  # refused before anything is made
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise cannot_write(target, exc) from None
    try:
        _fill(staging, files, photos, photo_bytes)
        _swap(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise cannot_write(target, exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _fill(
    folder: Path, files: Mapping[str, bytes], photos: Mapping[str, Photo], photo_bytes: PhotoBytes
) -> None:
    os.chmod(folder, 0o755)  # mkdtemp makes it private; a web server must read the site
    made: set[Path] = {folder}
    for path in sorted({*files, *photos}):
        destination = inside(folder, path)
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
            _public_folders(folder, destination.parent)
        content = files[path] if path in files else photo_bytes(photos[path])
        _write_new(destination, content)
    _write_new(folder / MARKER, MARKER_TEXT)


def _public_folders(root: Path, folder: Path) -> None:
    """0755 from `root` down to `folder`: `mkdir -p` leaves the modes to the umask, which
    may make a site no web server can read (077) or one anyone may write into (000)."""
    for inner in (folder, *folder.parents):
        if inner == root:
            break
        os.chmod(inner, 0o755)


def _write_new(path: Path, content: bytes) -> None:
    """A file of our own, new in the fresh folder: never through a link, never an old one;
    0644 whatever the umask, since the site is for everyone to read."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o644), "wb") as handle:
        os.fchmod(handle.fileno(), 0o644)
        handle.write(content)


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
