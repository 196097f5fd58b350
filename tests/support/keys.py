"""One Ed25519 key per person for the whole test run: tests act as people holding their keys."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from events.sshsig import public_line
from signing.keyfile import create


@cache
def key_of(name: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_of(name: str) -> str:
    return public_line(key_of(name).public_key())


def key_file(folder: Path, name: str) -> Path:
    """`folder/NAME`, an OpenSSH key file (and its .pub), made on first use."""
    path = folder / name
    if not path.exists():
        create(path, f"{name}@newsroom")
    return path
