"""`newsroom hooks secret-key` and `hooks reseal`: the key that seals hook secrets at rest."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.commands import hooks_app
from cli.options import record, settings


@hooks_app.command("secret-key")
def hooks_secret_key(
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="Where (default: NEWSROOM_SECRET_KEY_FILE, else ~/.config/newsroom/secret-key).",
        ),
    ] = None,
    rotate: Annotated[
        bool, typer.Option("--rotate", help="Put a new key first in an existing file.")
    ] = False,
) -> None:
    """Make the key that seals hook secrets in the store (mode 0600, never overwritten),
    or with --rotate add a newer one; keep it apart from the store and its backups."""
    from cli import render
    from delivery.sealing_key import create, rotate_keys
    from events.inert import inert

    current = settings()
    path = (file or current.secret_key_path).expanduser()
    if rotate:
        count = rotate_keys(path)
        text = (
            f"{path} holds {count} keys now, the new one first. Run `newsroom hooks reseal` "
            "to seal every hook secret with it; then the old lines may go."
        )
    else:
        create(path)
        count = 1
        text = f"Wrote the secret key {path} (0600). Keep it safe: without it no signed "
        text += "hook can deliver."
    render.say(current.json, {"path": str(path), "keys": count}, inert(text))


@hooks_app.command("reseal")
def hooks_reseal() -> None:
    """Seal every hook's secrets with the newest key of the secret key file, the plain
    ones of an older store too (chiefs only); after `hooks secret-key --rotate`."""
    from cli import render
    from cli.bootstrap import open_session
    from delivery.registry import reseal_secrets
    from events.inert import inert

    current = settings()
    with open_session(current, record(), catch_up_first=False) as session:
        session.admit(current.actor)  # the chief proves who they are with their key
        count = reseal_secrets(session.newsroom.roster(), current.actor, session.hook_state)
    text = f"Sealed the secrets of {count} hook{'' if count == 1 else 's'} with the newest "
    text += f"key of {current.secret_key_path}."
    data = {"hooks": count, "key_file": str(current.secret_key_path)}
    render.say(current.json, data, inert(text))
