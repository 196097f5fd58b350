"""One Ed25519 key per person for the whole test run: tests act as people holding their keys.

`key_of` gives the key itself (for the service on the in-memory store); `key_file` the
same key as an OpenSSH file with its `.pub`, for the CLI.
"""

from __future__ import annotations

import hashlib
import tempfile
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from events.sshsig import public_line


@cache
def key_of(name: str) -> Ed25519PrivateKey:
    """The same key for NAME in every process of the run (workers, servers, the CLI)."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"test:{name}".encode()).digest())


def public_of(name: str) -> str:
    return public_line(key_of(name).public_key())


@cache
def _folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="newsroom-keys-"))


@cache
def key_file(name: str) -> Path:
    """NAME's key as an OpenSSH private key file (0600), with NAME.pub beside it."""
    path = _folder() / name
    private = key_of(name).private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption())
    path.write_bytes(private)
    path.chmod(0o600)
    path.with_name(f"{name}.pub").write_text(public_line(key_of(name).public_key(), name) + "\n")
    return path


def acting_as(name: str) -> list[str]:
    """The global options of a command run by NAME, holding their own key."""
    return ["--as", name, "--key", str(key_file(name))]
