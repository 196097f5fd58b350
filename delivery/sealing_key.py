"""The file of keys that seal hook secrets (NEWSROOM_SECRET_KEY_FILE): made, rotated, read.

One Fernet key a line, the newest first; blank lines and `#` comments are skipped. The
file is its owner's alone (0600): one readable by others is refused, as ssh refuses
such a private key, since whoever reads it can unseal every hook's secret.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from delivery.sealed import Sealer, is_key, new_key
from events.errors import BadInput, NotFound
from events.private import OTHERS, PRIVATE_FILE, make_private_folder

VARIABLE = "NEWSROOM_SECRET_KEY_FILE"


def read_keys(path: Path) -> list[bytes]:
    """The keys in the file, newest first; `NotFound` or `BadInput` saying what is wrong."""
    try:
        found = os.stat(path)
        if not stat.S_ISREG(found.st_mode):
            raise BadInput(f"The secret key file {path} ({VARIABLE}) is not a file.")
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise NotFound(
            f"There is no secret key file at {path} ({VARIABLE}); make one with "
            f"`newsroom hooks secret-key --file {path}`.",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "it is not a key file"
        raise BadInput(f"Cannot read the secret key file {path}: {reason}.") from None
    if stat.S_IMODE(found.st_mode) & OTHERS:
        raise BadInput(
            f"The secret key file {path} can be read by others (mode "
            f"{stat.S_IMODE(found.st_mode):04o}); make it private: chmod 600 {path}."
        )
    return _parsed(path, text)


def _parsed(path: Path, text: str) -> list[bytes]:
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1)]
    wanted = [(n, line) for n, line in lines if line and not line.startswith("#")]
    for number, line in wanted:
        if not is_key(line):
            raise BadInput(f"Line {number} of the secret key file {path} is not a Fernet key.")
    if not wanted:
        raise BadInput(f"The secret key file {path} holds no key.")
    return [line.encode("ascii") for _, line in wanted]


def sealer_from(path: Path) -> Sealer:
    return Sealer(read_keys(path))


def create(path: Path) -> None:
    """A new key file (0600, its new folders 0700); never over an existing file."""
    if path.exists() or path.is_symlink():
        raise BadInput(f"{path} already exists; a key file is never overwritten.")
    try:
        make_private_folder(path.parent)
        _write(path, new_key() + b"\n", exclusive=True)
    except FileExistsError:
        raise BadInput(f"{path} already exists; a key file is never overwritten.") from None
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def rotate_keys(path: Path) -> int:
    """Put a new key first in the file, the old ones kept after it; how many it holds now.
    The file is replaced whole: a crash leaves the old file or the new one."""
    old = read_keys(path)
    text = b"".join(key + b"\n" for key in [new_key(), *old])
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    os.close(descriptor)
    try:
        _write(Path(temporary), text, exclusive=False)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    return len(old) + 1


def _write(path: Path, data: bytes, *, exclusive: bool) -> None:
    flags = os.O_WRONLY | (os.O_CREAT | os.O_EXCL if exclusive else os.O_TRUNC)
    descriptor = os.open(path, flags, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), PRIVATE_FILE)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _cannot_write(path: Path, exc: OSError) -> BadInput:
    return BadInput(f"Cannot write the secret key file {path}: {exc.strerror or exc}.")
