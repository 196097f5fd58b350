"""`revise --edit`: a draft's headline and body in the person's own editor ($EDITOR).

The file holds the headline on its first line, a blank line, then the body; what comes
back is read the same way. Nothing is decided here: the edited text goes on to `revise`.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from events.errors import BadInput

SUFFIX = ".newsroom.txt"


def edited(headline: str, body: str) -> tuple[str, str]:
    """The headline and body as the person left them in their editor."""
    command = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "")
    if not command:
        raise BadInput("Set EDITOR (or VISUAL) to the editor to revise in, e.g. EDITOR=nano.")
    descriptor, name = tempfile.mkstemp(prefix="revise-", suffix=SUFFIX)
    path = Path(name)
    try:
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(f"{headline}\n\n{body}")
        _run(command, path)
        text = path.read_bytes()
    finally:
        path.unlink(missing_ok=True)
    return split_text(_decoded(text))


def _run(command: list[str], path: Path) -> None:
    try:
        finished = subprocess.run([*command, str(path)], check=False)
    except OSError as exc:
        raise BadInput(f"The editor {command[0]!r} could not be started: {exc.strerror}.") from None
    if finished.returncode != 0:
        raise BadInput(f"The editor exited with status {finished.returncode}; nothing was written.")


def _decoded(text: bytes) -> str:
    try:
        return text.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        raise BadInput("The edited file is not UTF-8 text; nothing was written.") from None


def split_text(text: str) -> tuple[str, str]:
    """The first line is the headline; the body follows the blank line after it."""
    headline, _, rest = text.partition("\n")
    if not headline.strip():
        raise BadInput("The headline (the file's first line) is empty; nothing was written.")
    return headline.strip(), rest.removeprefix("\n")
