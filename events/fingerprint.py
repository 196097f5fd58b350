"""The fingerprint of an OpenSSH public key line, as `ssh-keygen -l` shows it.

Plain hashing of the line's key blob, so readers of the log need no cryptography library.
"""

from __future__ import annotations

import base64
import binascii
import hashlib


def key_fingerprint(public_line: str) -> str:
    """`SHA256:…` of the key in `ssh-ed25519 AAAA… comment`; "?" for a line that is none."""
    parts = public_line.split()
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (IndexError, binascii.Error):
        return "?"
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
