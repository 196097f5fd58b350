"""Keeping a store's secrets: the key that seals hook secrets, as the settings name it
(made on first need only when it is the default one, and said so), and the modes of
files made before newsroom kept them private."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cli.options import Settings

if TYPE_CHECKING:
    from cli.bootstrap import Session
    from delivery.sealed import Sealer
    from delivery.state import GetSealer


def sealer_for(settings: Settings) -> GetSealer:
    """The keys, read again only when the file changes: a worker reads it once, and
    picks up a rotated file without a restart."""
    opened: dict[tuple[int, int], Sealer] = {}

    def sealer(make: bool) -> Sealer:
        from delivery.sealing_key import sealer_from

        if make:
            made_if_missing(settings)
        version = _version(settings.secret_key_path)
        if version is None or version not in opened:
            found = sealer_from(settings.secret_key_path)  # says what is wrong with the file
            opened.clear()
            if version is not None:
                opened[version] = found
            return found
        return opened[version]

    return sealer


def _version(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_ino


def made_if_missing(settings: Settings) -> None:
    """An unnamed key file that is missing is made (0600); a named one never is: a typo
    or an unmounted volume must not start sealing under a key nobody keeps."""
    from cli.render import warn
    from delivery.sealing_key import create

    path = settings.secret_key_path
    if not settings.secret_key_default or path.exists() or path.is_symlink():
        return
    create(path)
    if sys.stderr.isatty():  # for the person, as `keys create` tells; scripts read the docs
        warn(
            f"made {path}, the key that seals hook secrets (set NEWSROOM_SECRET_KEY_FILE "
            "to keep it elsewhere); keep it safe and apart from the store's backups: without "
            "it no signed hook can deliver."
        )


def seal_plain_secrets(session: Session) -> tuple[int, str | None]:
    """`init` seals the secrets still in plain text; (how many hooks', why none were)."""
    from events.errors import NewsroomError

    try:
        return session.hook_state.reseal(every=False), None
    except NewsroomError as problem:
        return 0, str(problem)


def tighten_store(settings: Settings) -> list[str]:
    """A SQLite store's files and the media folder made before newsroom kept them private
    are made so: the store's files 0600; the media folder as newsroom makes it now (see
    `images.folder`), its folders of originals 0700, so nothing in them can be reached."""
    from events.private import tighten
    from events.sql.engine import sqlite_path
    from images.folder import PUBLIC

    store = sqlite_path(settings.store_url)
    files = [] if store is None else [Path(store + end) for end in ("", "-wal", "-shm")]
    made = [str(path) for path in files if tighten(path)]
    media = settings.media_dir
    inner = [p for p in _folders_in(media) if p.name != PUBLIC and tighten(p)]
    if tighten(media, keep=0o011) or inner:
        made.append(str(media))
    return made


def _folders_in(folder: Path) -> list[Path]:
    try:
        return [path for path in folder.iterdir() if path.is_dir() and not path.is_symlink()]
    except OSError:
        return []
