"""SSHSIG: the signature format of `ssh-keygen -Y sign`, for Ed25519 keys (OpenSSH's
PROTOCOL.sshsig). Anyone can check a newsroom signature with plain OpenSSH.

What is signed is a blob of its own (the preamble, the namespace, the hash algorithm
and the message's SHA-512), so a signature made for one namespace never verifies in
another. Pure functions over bytes; the keys come from `cryptography`.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_ssh_public_key,
)

from events.fingerprint import key_fingerprint

NAMESPACE = "newsroom"
MAGIC = b"SSHSIG"
VERSION = 1
HASH = "sha512"  # what ssh-keygen uses by default
KEY_TYPE = b"ssh-ed25519"
BEGIN = "-----BEGIN SSH SIGNATURE-----"
END = "-----END SSH SIGNATURE-----"


class BadSignature(ValueError):
    """Not an SSHSIG signature, or not one by this key, for this namespace and message."""


@dataclass(frozen=True, slots=True)
class Signature:
    public_key: Ed25519PublicKey
    namespace: str
    hash_algorithm: str
    raw: bytes  # the 64-byte Ed25519 signature over `signed_data`


def signed_data(message: bytes, namespace: str = NAMESPACE, hash_algorithm: str = HASH) -> bytes:
    """The bytes the key actually signs: preamble, namespace, reserved, algorithm, H(message)."""
    digest = hashlib.new(hash_algorithm, message).digest()
    fields = (namespace.encode(), b"", hash_algorithm.encode(), digest)
    return MAGIC + b"".join(_string(field) for field in fields)


def sign(key: Ed25519PrivateKey, message: bytes, namespace: str = NAMESPACE) -> str:
    """The armored signature, exactly as `ssh-keygen -Y sign -n NAMESPACE` writes it."""
    raw = key.sign(signed_data(message, namespace))
    blob = b"".join(
        (
            MAGIC,
            struct.pack(">I", VERSION),
            _string(public_blob(key.public_key())),
            _string(namespace.encode()),
            _string(b""),
            _string(HASH.encode()),
            _string(_string(KEY_TYPE) + _string(raw)),
        )
    )
    return armor(blob)


def verify(armored: str, message: bytes, public_key: Ed25519PublicKey, namespace: str) -> None:
    """Return quietly if `armored` is `public_key`'s signature of `message` in `namespace`."""
    key_blob, signed_namespace, algorithm, raw = _parts(_unarmored(armored))
    if key_blob != public_blob(public_key):
        raise BadSignature("the signature was made by another key")
    if signed_namespace != namespace:
        raise BadSignature(f"the signature is for namespace {signed_namespace!r}")
    data = signed_data(message, namespace, algorithm)
    try:
        public_key.verify(raw, data)
    except InvalidSignature:
        raise BadSignature("the signature does not match the message") from None


def parse(armored: str) -> Signature:
    """The parts of an armored SSHSIG signature; `BadSignature` if it is not one."""
    key_blob, namespace, algorithm, raw = _parts(_unarmored(armored))
    return Signature(_public_from_blob(key_blob), namespace, algorithm, raw)


def _unarmored(armored: str) -> bytes:
    lines = [line.strip() for line in armored.strip().splitlines()]
    if len(lines) < 3 or lines[0] != BEGIN or lines[-1] != END:
        raise BadSignature("not an armored SSH signature")
    try:
        return base64.b64decode("".join(lines[1:-1]), validate=True)
    except ValueError:
        raise BadSignature("the armored signature is not base64") from None


def _parts(blob: bytes) -> tuple[bytes, str, str, bytes]:
    """The signing key's blob, the namespace, the hash algorithm and the raw signature."""
    reader = _Reader(blob)
    if reader.take(6) != MAGIC or reader.uint32() != VERSION:
        raise BadSignature("not an SSHSIG version 1 signature")
    key_blob, namespace, _reserved, algorithm, wrapped = (reader.string() for _ in range(5))
    inner = _Reader(wrapped)
    if inner.string() != KEY_TYPE or algorithm not in (b"sha256", b"sha512"):
        raise BadSignature("only Ed25519 signatures over SHA-256 or SHA-512 are accepted")
    try:
        return key_blob, namespace.decode(), algorithm.decode(), inner.string()
    except UnicodeDecodeError:
        raise BadSignature("the signature's namespace is not text") from None


def public_blob(key: Ed25519PublicKey) -> bytes:
    """The key in SSH wire format (string "ssh-ed25519", string the 32 key bytes)."""
    return _string(KEY_TYPE) + _string(key.public_bytes_raw())


def public_line(key: Ed25519PublicKey, comment: str = "") -> str:
    """`ssh-ed25519 AAAA… comment`, the one line of an OpenSSH `.pub` file."""
    text = key.public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH).decode()
    return f"{text} {comment}".strip()


def load_public_line(line: str) -> Ed25519PublicKey:
    """The Ed25519 key of an OpenSSH public line; `BadSignature` for anything else."""
    try:
        key = load_ssh_public_key(line.strip().encode())
    except (ValueError, TypeError, IndexError):
        raise BadSignature("not an OpenSSH public key line (ssh-ed25519 AAAA…)") from None
    if not isinstance(key, Ed25519PublicKey):
        raise BadSignature("the key is not an Ed25519 key")
    return key


def fingerprint(key: Ed25519PublicKey) -> str:
    """`SHA256:…`, as `ssh-keygen -l` shows a key."""
    return key_fingerprint(public_line(key))


def armor(blob: bytes) -> str:
    text = base64.b64encode(blob).decode()
    body = "\n".join(text[i : i + 70] for i in range(0, len(text), 70))
    return f"{BEGIN}\n{body}\n{END}\n"


def _public_from_blob(blob: bytes) -> Ed25519PublicKey:
    reader = _Reader(blob)
    if reader.string() != KEY_TYPE:
        raise BadSignature("the signing key is not an Ed25519 key")
    try:
        return Ed25519PublicKey.from_public_bytes(reader.string())
    except ValueError:
        raise BadSignature("the signing key is not 32 bytes") from None


def _string(value: bytes) -> bytes:
    return struct.pack(">I", len(value)) + value


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def take(self, count: int) -> bytes:
        if self.at + count > len(self.data):
            raise BadSignature("the signature is cut short")
        chunk = self.data[self.at : self.at + count]
        self.at += count
        return chunk

    def uint32(self) -> int:
        value: int = struct.unpack(">I", self.take(4))[0]
        return value

    def string(self) -> bytes:
        return self.take(self.uint32())
