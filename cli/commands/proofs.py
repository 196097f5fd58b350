"""The witnessed log: signed checkpoints of its Merkle tree, and witnesses' cosignatures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.commands import app
from cli.options import Settings, settings
from events.errors import BadInput, IntegrityFailure, PermissionDenied

if TYPE_CHECKING:
    from cli.bootstrap import Session
    from events.note import Checkpoint

CheckpointFile = Annotated[
    Path, typer.Argument(help="A checkpoint note, as `checkpoint` wrote it.")
]


@app.command()
def checkpoint(
    out: Annotated[Path | None, typer.Option(help="Write it here (default: stdout).")] = None,
    log_key: Annotated[
        Path | None,
        typer.Option("--log-key", help="The log key (default: NEWSROOM_LOG_KEY or init's)."),
    ] = None,
    cosign: Annotated[
        Path | None,
        typer.Option(help="Add your signature (the key in use) to this checkpoint: a witness."),
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="The witness's key name (default: who you are).")
    ] = None,
) -> None:
    """Sign the Merkle tree's size and root as a C2SP checkpoint, or cosign one."""
    current = settings()
    if cosign is not None:
        made = _cosigned(current, cosign, name or current.actor)
    else:
        from cli.bootstrap import open_session

        with open_session(current, catch_up_first=False) as session:
            made = _signed_now(session, (log_key or current.log_key_path).expanduser())
    _write(made.note(), out)


def _signed_now(session: Session, path: Path) -> Checkpoint:
    """This moment's checkpoint, signed with the registered log key and kept in the store."""
    from events import note
    from events.sshsig import public_line
    from signing.keyfile import load

    staff = session.newsroom.staff()
    if not staff.log_keys:
        raise PermissionDenied(
            "This newsroom has no log key yet; a chief registers one with `newsroom init`."
        )
    origin, registered = staff.log_keys[-1]
    key = load(path, session.settings.key_passphrase)
    if public_line(key.public_key()) != registered:
        raise PermissionDenied(f"The key {path} is not this newsroom's registered log key.")
    with session.store.snapshot() as log:
        tree = log.tree()
    made = note.make(origin, tree.size, tree.root(), key)
    session.store.keep_checkpoint(made.size, made.note())
    return made


def _cosigned(current: Settings, path: Path, name: str) -> Checkpoint:
    from cli.bootstrap import key_in_use
    from events import note

    try:
        return note.cosigned(read_checkpoint(path), name, key_in_use(current))
    except note.BadNote as exc:
        raise BadInput(f"Cannot cosign {path}: {exc}.") from None


def read_checkpoint(path: Path) -> Checkpoint:
    from events import note

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(
            f"Cannot read the checkpoint {path}: {getattr(exc, 'strerror', exc)}."
        ) from None
    try:
        return note.parse(text)
    except note.BadNote as exc:
        raise IntegrityFailure(f"{path} is not a checkpoint: {exc}.") from None


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    from cli.commands.audit import atomic_file

    with atomic_file(out) as handle:
        handle.write(text)
    print(f"Wrote the checkpoint to {out}.", file=sys.stderr)
