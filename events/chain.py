"""The tamper-evident chain: each event's hash covers its canonical JSON and the previous hash."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64


# One encoder for the process: `json.dumps` with options builds a new one per call,
# which is a third of the cost of hashing an event.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept as is."""
    return _CANONICAL.encode(value)


def chained_fields(
    *,
    global_position: int,
    stream_id: str,
    stream_version: int,
    event_id: str,
    event_type: str,
    schema_version: int,
    data_json: str,
    metadata_json: str,
    occurred_at: str,
) -> str:
    """The text that is hashed. Data and metadata enter as their stored canonical JSON."""
    return canonical_json(
        [
            global_position,
            stream_id,
            stream_version,
            event_id,
            event_type,
            schema_version,
            data_json,
            metadata_json,
            occurred_at,
        ]
    )


def link_hash(prev_hash: str, fields_json: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{fields_json}".encode()).hexdigest()


def event_hash(prev_hash: str, **fields: Any) -> str:
    """The hash an event must carry: its stored fields (as `chained_fields` takes them)
    and the hash before it."""
    return link_hash(prev_hash, chained_fields(**fields))


# Signed events (schema 0005 on): the actor signs what they authored, the data entering
# by its salted digest, so erasing the data and its salt later leaves every signature and
# every hash checkable.
AUTHORED_TAG = "newsroom-event/2"
SEALED_TAG = "newsroom-link/2"


def salted_digest(salt: str, data_json: str) -> str:
    """SHA-256 of the salt's bytes and the data's canonical JSON: hides short data too."""
    return hashlib.sha256(bytes.fromhex(salt) + data_json.encode()).hexdigest()


def authored_bytes(
    *,
    stream_id: str,
    stream_version: int,
    event_id: str,
    event_type: str,
    schema_version: int,
    data_digest: str,
    metadata_json: str,
    occurred_at: str,
    recorded_at: str,
) -> bytes:
    """What the actor signs: every field of the event but its position and its links."""
    fields = [
        AUTHORED_TAG,
        stream_id,
        stream_version,
        event_id,
        event_type,
        schema_version,
        data_digest,
        metadata_json,
        occurred_at,
        recorded_at,
    ]
    return canonical_json(fields).encode()


def sealed_hash(prev_hash: str, global_position: int, authored: bytes, signature: str) -> str:
    """A signed event's link: its position, what was signed, and the signature itself."""
    return link_hash(
        prev_hash, canonical_json([SEALED_TAG, global_position, authored.decode(), signature])
    )
