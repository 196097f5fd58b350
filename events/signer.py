"""Who signs an append: the acting person's private key, and the key the log knows them by.

The store signs each new event with it inside the append and refuses the append when
the signature does not verify against the registered key, so nothing reaches the log
that its actor's registered key did not sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from events.errors import PermissionDenied
from events.fingerprint import key_fingerprint

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


class Signs(Protocol):
    def sign(self, authored: bytes) -> str:
        """The armored SSHSIG signature of `authored`."""
        ...


@dataclass(frozen=True, slots=True)
class Signer:
    name: str
    key: Ed25519PrivateKey
    registered: str  # the public line the log holds for `name`

    def sign(self, authored: bytes) -> str:
        """The armored SSHSIG of `authored`, checked against the registered key."""
        from events import sshsig

        signature = sshsig.sign(self.key, authored)
        try:
            sshsig.verify(
                signature, authored, sshsig.load_public_line(self.registered), sshsig.NAMESPACE
            )
        except sshsig.BadSignature:
            raise refusal(
                self.name, sshsig.public_line(self.key.public_key()), self.registered
            ) from None
        return signature


def refusal(name: str, used: str, registered: str) -> PermissionDenied:
    return PermissionDenied(
        f"The key in use ({key_fingerprint(used)}) is not {name}'s registered key "
        f"({key_fingerprint(registered)}); nothing was written.",
        hint="use-own-key",
        name=name,
    )
