"""OpenSSH Ed25519 key files: written private (0600) with their `.pub` beside, and read back.

Any OpenSSH Ed25519 key works, `ssh-keygen -t ed25519` ones included, with or without
a passphrase.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_ssh_private_key,
)

from events.errors import BadInput, NotFound
from events.private import make_private_folder
from events.sshsig import public_line


def create(path: Path, comment: str, passphrase: str | None = None) -> Ed25519PrivateKey:
    """A new key at `path` (mode 0600) and its public line at `path.pub`; never overwrites."""
    key = Ed25519PrivateKey.generate()
    secret = BestAvailableEncryption(passphrase.encode()) if passphrase else NoEncryption()
    private = key.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, secret)
    public = (public_line(key.public_key(), comment) + "\n").encode()
    for target in (path, public_path(path)):
        if target.exists() or target.is_symlink():
            raise BadInput(f"{target} already exists; choose another --file or remove it first.")
    made: list[Path] = []
    try:
        make_private_folder(path.parent)  # its missing parents too, whatever the umask
        for target, data, mode in ((path, private, 0o600), (public_path(path), public, 0o644)):
            _write_new(target, data, mode)
            made.append(target)
    except OSError as exc:
        for target in made:  # only its own: a file that appeared meanwhile is someone's
            target.unlink(missing_ok=True)
        raise BadInput(f"Cannot write the key {path}: {exc.strerror}.") from None
    return key


def load(path: Path, passphrase: str | None = None) -> Ed25519PrivateKey:
    """The private key at `path`; `NotFound` or `BadInput` saying what is wrong with it."""
    if path.exists() and not path.is_file():  # a folder, or a pipe that would never end
        raise BadInput(f"The key {path} is not a file.")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"There is no key at {path}.", hint="create-key") from None
    except OSError as exc:
        raise BadInput(f"Cannot read the key {path}: {exc.strerror}.") from None
    key = _decoded(path, data, passphrase)
    if not isinstance(key, Ed25519PrivateKey):
        raise BadInput(
            f"The key {path} is not an Ed25519 key; make one with `ssh-keygen -t ed25519`."
        )
    return key


def _decoded(path: Path, data: bytes, passphrase: str | None) -> PrivateKeyTypes:
    # A passphrase for a key that has none is no error: NEWSROOM_KEY_PASSPHRASE may be
    # set for another key, or for every key of a newsroom's staff.
    secret = passphrase.encode() if passphrase and _encrypted(data) else None
    try:
        return load_ssh_private_key(data, secret)
    except TypeError:
        raise BadInput(f"The key {path} is protected by a passphrase.", hint="passphrase") from None
    except UnsupportedAlgorithm:
        raise BadInput(f"The key {path} uses a cipher newsroom cannot read.") from None
    except ValueError as exc:
        wrong = "checksum" in str(exc) and secret is not None
        what = "the passphrase is wrong" if wrong else "it is not an OpenSSH private key"
        raise BadInput(f"Cannot use the key {path}: {what}.") from None


def _encrypted(data: bytes) -> bool:
    try:
        load_ssh_private_key(data, None)
    except TypeError:
        return True
    except (ValueError, UnsupportedAlgorithm):
        return False
    return False


def is_protected(path: Path) -> bool:
    """Whether the key file needs a passphrase (so a person at a terminal can be asked)."""
    try:
        return _encrypted(path.read_bytes())
    except OSError:
        return False


def public_path(path: Path) -> Path:
    return path.with_name(path.name + ".pub")


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Create the file with its mode from the start: never a moment readable by others."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.chmod(path, mode)  # the umask may have taken bits away from the public file
