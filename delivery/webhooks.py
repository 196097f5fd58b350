"""Standard Webhooks (https://www.standardwebhooks.com): the secrets and the signature.

A secret is written `whsec_` + the base64 of its key bytes, as the spec serialises it.
A hook keeps one secret, or several while one is being rotated: every delivery is
signed with each (`webhook-signature: v1,SIG1 v1,SIG2`), so a receiver that knows
either one accepts it and none is ever left without a signature it can check.

The store keeps a hook's secrets in one text, oldest first, separated by spaces. A
secret stored before newsroom spoke Standard Webhooks is any text at all: if the
stored text is not a list of `whsec_` secrets, it is that one old secret, used as its
UTF-8 bytes, so hooks wired then still sign as their receivers expect.

Everything here is pure but `generate`, which draws random bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Sequence

from events.errors import BadInput

PREFIX = "whsec_"
GENERATE = "generate"  # what `--secret` takes to have newsroom draw a new secret
KEY_BYTES = (24, 64)  # the spec: at least 192 bits, at most 512
NEW_KEY_BYTES = 32


def generate() -> str:
    return serialised(secrets.token_bytes(NEW_KEY_BYTES))


def serialised(key: bytes) -> str:
    return PREFIX + base64.b64encode(key).decode("ascii")


def given_secret(text: str) -> str:
    """A secret as a person gave it (`whsec_…`, or `generate`), in its stored form."""
    if text == GENERATE:
        return generate()
    key = _decoded(text)
    low, high = KEY_BYTES
    if key is None or not low <= len(key) <= high:
        raise BadInput(
            f"A hook's secret must be {PREFIX} and the base64 of {low} to {high} random "
            f"bytes (a Standard Webhooks secret), or {GENERATE} to have one made.",
        )
    return serialised(key)


def keys(stored: str | None) -> list[bytes]:
    """The key bytes of every secret a hook signs with, oldest first; [] for none."""
    if not stored:
        return []
    parts = stored.split(" ")
    decoded = [_decoded(part) for part in parts]
    if all(key is not None for key in decoded):
        return [key for key in decoded if key is not None]
    return [stored.encode()]  # one secret from before: its bytes are the key


def with_new(stored: str | None, new: str) -> str:
    """The secrets after `new` was added; an old secret is written in the `whsec_` form
    that stands for the same bytes, so the list stays a list of `whsec_` secrets."""
    return " ".join([*(serialised(key) for key in keys(stored)), new])


def newest_only(stored: str | None) -> str | None:
    """The secrets after the old ones were dropped; None when there are none to drop."""
    held = keys(stored)
    return serialised(held[-1]) if len(held) > 1 else None


def headers(event_id: str, timestamp: int, body: bytes, signing: Sequence[bytes]) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt (`timestamp`: its Unix seconds)."""
    sent = {"webhook-id": event_id, "webhook-timestamp": str(timestamp)}
    if signing:
        sent["webhook-signature"] = signature(event_id, timestamp, body, signing)
    return sent


def signature(event_id: str, timestamp: int, body: bytes, signing: Sequence[bytes]) -> str:
    """`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per key, space-separated."""
    signed = f"{event_id}.{timestamp}.".encode() + body
    return " ".join(
        "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")
        for key in signing
    )


def _decoded(text: str) -> bytes | None:
    """The key bytes of one `whsec_` secret (its padding may be left off); None if it is
    not one."""
    if not text.startswith(PREFIX) or len(text) == len(PREFIX):
        return None
    body = text[len(PREFIX) :]
    try:
        return base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
