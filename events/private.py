"""Files and folders only their owner may read, whatever the umask: the store, the media
folder, exports and keys hold what no other login on the machine should see.

A mode given to `open` or `mkdir` is only ever narrowed by the umask, so creating with
0600 (0700) is private under any umask; `tighten` narrows what was made before.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
OTHERS = 0o077  # the group's and everyone else's bits


def create_private_file(path: str | Path) -> None:
    """An empty file at `path`, readable and writable by its owner only; never an existing one."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))


def make_private_folder(path: Path, mode: int = PRIVATE_FOLDER) -> None:
    """`path` and any missing parent, each new one of `mode` exactly (0700 by default):
    `mkdir -p` would leave the parents to the umask, and a key or the media folder must
    not sit in a folder anyone may write to or rename things in."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_FOLDER)
            os.chmod(folder, mode)


def tighten(path: str | Path, keep: int = 0) -> bool:
    """Take the group's and others' bits, but those in `keep`, off an existing file or
    folder of ours; whether it was looser. A link, someone else's file or a missing one
    is left alone."""
    try:
        found = os.lstat(path)
    except OSError:
        return False
    mode = stat.S_IMODE(found.st_mode)
    kind_ok = stat.S_ISREG(found.st_mode) or stat.S_ISDIR(found.st_mode)
    taken = OTHERS & ~keep
    if not kind_ok or found.st_uid != os.getuid() or not mode & taken:
        return False
    try:
        os.chmod(path, mode & ~taken)
    except OSError:
        return False
    return True
