"""Names from the log that become paths: checked where they do, since a log can be crafted.

An id or a hash written by newsroom never holds a separator, a `..` or a NUL; one that
does came from an import or a database writer, and must never place a file outside the
folder it is written into (or read one from outside the folder it is read from).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from events.errors import IntegrityFailure

# A file name any file system takes as is: no separator, no NUL, no control character,
# nothing hidden (no leading dot), not too long.
_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,199}")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def safe_name(name: str, what: str) -> str:
    """`name` if it is one plain file name, or `IntegrityFailure` naming `what` it is."""
    if not isinstance(name, str) or _SAFE_NAME.fullmatch(name) is None:
        raise IntegrityFailure(
            f"The log names {what} {name!r}, which cannot be a file name: it was not written "
            "by newsroom; run `newsroom verify`."
        )
    return name


def safe_relative(path: str) -> PurePosixPath:
    """A relative path of plain names (`articles/a1.html`), or `IntegrityFailure`."""
    parts = path.split("/")
    if not path or "\\" in path or "\x00" in path or any(p in ("", ".", "..") for p in parts):
        raise IntegrityFailure(
            f"The path {path!r} would lead outside its folder: it was not made by newsroom; "
            "run `newsroom verify`."
        )
    return PurePosixPath(path)


def inside(root: Path, path: str) -> Path:
    """`root / path`, checked to stay inside `root` once every link on the way is resolved."""
    joined = root / safe_relative(path)
    base = root.resolve()
    if not joined.resolve().is_relative_to(base):
        raise IntegrityFailure(f"{joined} leads outside {root} through a symbolic link.")
    return joined
