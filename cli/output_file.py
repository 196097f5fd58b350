"""The files a person names for a command's output (`export FILE`, `checkpoint --out FILE`).

Whatever they name, nothing is destroyed by mistake: an existing file is replaced only
with `--force`, and only if it is a regular file; a folder, a symbolic link, a named
pipe or a device is refused with or without it; the store the command reads (and its
`-wal`, `-shm` and `-journal` files) is never written over, however it is named. The
output is written to a temporary file in the same folder, synced, then renamed into
place: a reader sees the old file or the whole new one, and a refused or failed write
leaves nothing behind. `-` means standard output.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from events.errors import BadInput
from events.sql.engine import sqlite_path

STDOUT = "-"
STORE_COMPANIONS = ("", "-wal", "-shm", "-journal")
NOT_FILES = {
    stat.S_IFDIR: "a folder",
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def to_stdout(path: Path | None) -> bool:
    return path is None or str(path) == STDOUT


def refuse_unsafe_output(path: Path, *, force: bool, store_url: str) -> None:
    """Refuse, before any work, a path whose file must not be written over."""
    found = _lstat(path)
    if _is_the_store(path, found, store_url):
        raise BadInput(
            f"{path} is the store this command reads, or one of its files; name another file."
        )
    if found is None:
        if not path.parent.is_dir():
            raise BadInput(f"Cannot write {path}: there is no folder {path.parent}.")
        return
    kind = NOT_FILES.get(stat.S_IFMT(found.st_mode))
    if kind is not None:
        raise BadInput(
            f"{path} is {kind}, not a file: newsroom writes only regular files; "
            "name a new file (or use - for standard output)."
        )
    if not force:
        raise BadInput(f"{path} already exists; give --force to replace it.")


@contextmanager
def output_file(path: Path | None, *, force: bool, store_url: str) -> Iterator[TextIO]:
    """A text stream for the output: standard output, or a file put in place only once
    it is whole (see the module's doc)."""
    if path is None or str(path) == STDOUT:
        yield sys.stdout
        return
    refuse_unsafe_output(path, force=force, store_url=store_url)
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".partial", dir=path.parent
        )
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _put_in_place(Path(temporary), path, force=force)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _put_in_place(temporary: Path, path: Path, *, force: bool) -> None:
    """Rename the whole file into place; without `force`, never over a file that
    appeared meanwhile (a hard link is an atomic create-if-absent)."""
    found = _lstat(path)
    if found is not None and (not force or not stat.S_ISREG(found.st_mode)):
        raise BadInput(f"{path} appeared while it was written; it was left as it is.")
    if found is not None:
        os.chmod(temporary, stat.S_IMODE(found.st_mode))  # a replaced file keeps its mode
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise BadInput(f"{path} appeared while it was written; it was left as it is.") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOTSUP):
            raise
        os.replace(temporary, path)  # a file system without hard links: checked just above
        return
    temporary.unlink()


def _is_the_store(path: Path, found: os.stat_result | None, store_url: str) -> bool:
    """`path` names the store's file or a companion of it: by its resolved path, or as
    the same file under another name (a hard link)."""
    store = sqlite_path(store_url)
    if store is None:
        return False
    names = [store + suffix for suffix in STORE_COMPANIONS]
    if os.path.realpath(path) in (os.path.realpath(name) for name in names):
        return True
    if found is None:
        return False
    same = (found.st_dev, found.st_ino)
    return any((o.st_dev, o.st_ino) == same for name in names if (o := _lstat(Path(name))))


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _sync_folder(folder: Path) -> None:
    """The rename itself survives a crash once the folder is synced (where it can be)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _cannot_write(path: Path, exc: OSError) -> BadInput:
    return BadInput(f"Cannot write {path}: {exc.strerror or exc}; nothing was written.")
