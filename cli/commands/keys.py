"""`newsroom keys …`: the Ed25519 key a person signs their acts with."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.commands import keys_app
from cli.options import Settings, settings

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


@keys_app.command("create")
def keys_create(
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Where to write it (default: the key in use, see --key)."),
    ] = None,
) -> None:
    """Make an Ed25519 key (OpenSSH format, mode 0600) and its .pub; print the public line."""
    from signing.keyfile import create, public_path

    current = settings()
    path = (file or current.key_path).expanduser()
    key = create(path, f"{current.actor}@newsroom", current.key_passphrase)
    _say_key(current, key, path, f"Wrote {path} and {public_path(path)}.")


@keys_app.command("show")
def keys_show() -> None:
    """Print the public line of the key in use (--key, NEWSROOM_KEY or the default)."""
    from cli.bootstrap import key_in_use

    current = settings()
    _say_key(current, key_in_use(current), current.key_path, None)


def _say_key(current: Settings, key: Ed25519PrivateKey, path: Path, news: str | None) -> None:
    from cli import render
    from events.inert import inert
    from events.sshsig import fingerprint, public_line

    line = public_line(key.public_key(), f"{current.actor}@newsroom")
    data = {"path": str(path), "public_key": line, "fingerprint": fingerprint(key.public_key())}
    if current.json:
        render.print_json(data)
        return
    print(inert(line))
    if news and sys.stderr.isatty():  # for the person; scripts read the line alone
        print(inert(news), file=sys.stderr)
