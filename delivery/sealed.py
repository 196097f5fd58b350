"""Hook secrets sealed at rest, under a key kept outside the store.

Each secret of a hook is stored as `fernet:` and a Fernet token of it, the hook's
secrets space-separated as their plain list is (`delivery.webhooks`), so `hooks list`
counts them without the key. A row without the prefix is a secret written before
newsroom sealed them: it is read as it is, and `init` or `hooks reseal` seals it.

Fernet (AES-128-CBC, then HMAC-SHA256 over it) is authenticated: a token sealed under
another key fails its check, so a wrong key is told apart and nothing is signed with
the garbage it would otherwise decrypt to. Several keys, newest first, open the tokens
of any of them; a secret is always sealed with the newest (key rotation).
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from delivery.webhooks import keys

SEALED = "fernet:"


class CannotUnseal(Exception):
    """The key in use did not seal this secret."""


class Sealer:
    def __init__(self, sealing_keys: Sequence[bytes]):
        self._fernet = MultiFernet([Fernet(key) for key in sealing_keys])

    def seal(self, plain: str) -> str:
        return " ".join(SEALED + self._token(part) for part in _secrets(plain))

    def unseal(self, stored: str) -> str:
        """The plain secrets of a row, sealed or from before; `CannotUnseal` for a wrong key."""
        if not is_sealed(stored):
            return stored
        try:
            parts = [self._fernet.decrypt(part[len(SEALED) :]) for part in stored.split(" ")]
        except InvalidToken:
            raise CannotUnseal from None
        return " ".join(part.decode("utf-8") for part in parts)

    def reseal(self, stored: str) -> str:
        """The row sealed with the newest key (a plain row sealed for the first time)."""
        return self.seal(self.unseal(stored))

    def _token(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode("utf-8")).decode("ascii")


def is_sealed(stored: str) -> bool:
    return all(part.startswith(SEALED) for part in stored.split(" "))


def secret_count(stored: str | None) -> int:
    """How many secrets a row holds, sealed or not, without unsealing it."""
    if not stored:
        return 0
    return len(stored.split(" ")) if is_sealed(stored) else len(keys(stored))


def _secrets(plain: str) -> list[str]:
    """A list of `whsec_` secrets is sealed one by one; an old secret of any text (spaces
    and all) is one secret, sealed whole."""
    parts = plain.split(" ")
    return parts if len(keys(plain)) == len(parts) else [plain]


def new_key() -> bytes:
    return Fernet.generate_key()


def is_key(text: str) -> bool:
    try:
        Fernet(text.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return False
    return True
