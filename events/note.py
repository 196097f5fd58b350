"""Signed notes (C2SP signed-note) and the checkpoints they carry (C2SP tlog-checkpoint).

A checkpoint's text is the log's origin line, its tree size in decimal and the base64 of
its root hash, each ending in a newline; then a blank line and one signature line per
signer: em dash, space, key name, space, base64(key id ‖ Ed25519 signature of the
text). The key id is the first four bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key).
Pure functions over text and bytes; the keys come from `cryptography`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

ED25519 = b"\x01"
DASH = "\u2014"


class BadNote(ValueError):
    """Not a signed note or checkpoint, or not signed by the key asked about."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    text: str  # the signed text: what every signature line covers
    signatures: tuple[tuple[str, bytes, bytes], ...]  # (key name, key id, signature)

    def note(self) -> str:
        lines = [
            f"{DASH} {name} {base64.b64encode(kid + sig).decode()}\n"
            for name, kid, sig in self.signatures
        ]
        return self.text + "\n" + "".join(lines)


def key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public_key.public_bytes_raw()).digest()[
        :4
    ]


def checkpoint_text(origin: str, size: int, root: bytes) -> str:
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"


def signed(text: str, name: str, key: Ed25519PrivateKey) -> tuple[str, bytes, bytes]:
    """One signature line's parts: `name`'s signature of the note text."""
    _refuse_bad_name(name)
    return name, key_id(name, key.public_key()), key.sign(text.encode())


def make(origin: str, size: int, root: bytes, key: Ed25519PrivateKey) -> Checkpoint:
    text = checkpoint_text(origin, size, root)
    return Checkpoint(origin, size, root, text, (signed(text, origin, key),))


def cosigned(checkpoint: Checkpoint, name: str, key: Ed25519PrivateKey) -> Checkpoint:
    """The same checkpoint with one more signature: a witness's."""
    extra = signed(checkpoint.text, name, key)
    kept = tuple(s for s in checkpoint.signatures if s[:2] != extra[:2])
    return Checkpoint(
        checkpoint.origin, checkpoint.size, checkpoint.root, checkpoint.text, (*kept, extra)
    )


def parse(note: str) -> Checkpoint:
    """A checkpoint note as text; `BadNote` saying what is wrong with it."""
    if any(ord(ch) < 0x20 and ch != "\n" for ch in note) or not note.endswith("\n"):
        raise BadNote("a signed note is lines of text, each ending in a newline")
    text, sep, signatures = note.rpartition("\n\n")
    if not sep:
        raise BadNote("the note has no blank line before its signatures")
    text += "\n"
    lines = text.splitlines()
    if len(lines) < 3 or not lines[0] or not lines[1].isdigit() or lines[1] != str(int(lines[1])):
        raise BadNote("a checkpoint's text is its origin, its tree size and its root hash")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except binascii.Error:
        raise BadNote("the checkpoint's root hash is not base64") from None
    if len(root) != 32:
        raise BadNote("the checkpoint's root hash is not 32 bytes")
    parsed = tuple(_signature_line(line) for line in signatures.splitlines())
    if not parsed:
        raise BadNote("the note has no signature")
    return Checkpoint(lines[0], int(lines[1]), root, text, parsed)


def verify(checkpoint: Checkpoint, name: str, public_key: Ed25519PublicKey) -> None:
    """Return quietly if `name`'s key signed the checkpoint; `BadNote` otherwise."""
    kid = key_id(name, public_key)
    mine = [sig for signer, sid, sig in checkpoint.signatures if (signer, sid) == (name, kid)]
    if not mine:
        raise BadNote(f"the checkpoint carries no signature by {name}'s key")
    for signature in mine:
        try:
            public_key.verify(signature, checkpoint.text.encode())
        except InvalidSignature:
            raise BadNote(f"{name}'s signature on the checkpoint does not verify") from None


def _signature_line(line: str) -> tuple[str, bytes, bytes]:
    dash, _, rest = line.partition(" ")
    name, _, encoded = rest.partition(" ")
    if dash != DASH or not name or not encoded:
        raise BadNote(f"not a signature line: {line[:60]!r}")
    try:
        blob = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise BadNote(f"the signature by {name} is not base64") from None
    if len(blob) < 5:
        raise BadNote(f"the signature by {name} is too short")
    return name, blob[:4], blob[4:]


def _refuse_bad_name(name: str) -> None:
    if not name or any(ch.isspace() or ch == "+" for ch in name):
        raise BadNote(f"a key name has no spaces or plus signs: {name!r}")
