"""Checking a receipt with nothing but the receipt (and, better, a checkpoint kept
elsewhere and the newsroom's log key): no store, no network.

An inclusion receipt proves that one event, the article version it names, is leaf
`leaf_index` of the tree a signed checkpoint commits to, and that the event lines it
carries are that leaf's; a consistency receipt proves a newer checkpoint's tree begins
with an older one's.
"""

from __future__ import annotations

import json
from typing import Any

from events import merkle, note
from events.erasures import CONFIRMED
from events.export import FIELD_SET, UNSIGNED_FIELD_SET, raw_row
from events.verify import recomputed_hash


class BadReceipt(ValueError):
    """What is wrong with a receipt, in a few words."""


def check(receipt: Any, checkpoint_text: str | None, public_key: str | None) -> dict[str, Any]:
    if not isinstance(receipt, dict) or "checkpoint" not in receipt:
        raise BadReceipt("it is not a receipt `newsroom prove` printed")
    signed = _checkpoint(checkpoint_text or str(receipt["checkpoint"]), public_key)
    if receipt.get("origin") != signed.origin:
        raise BadReceipt(f"it is for {receipt.get('origin')}, the checkpoint for {signed.origin}")
    if _number(receipt, "tree_size") != signed.size:
        raise BadReceipt(
            f"it is for a tree of {receipt.get('tree_size')} events, the checkpoint of "
            f"{signed.size}"
        )
    if "leaf_index" in receipt:
        return _inclusion(receipt, signed, public_key is not None)
    return _consistency(receipt, signed, public_key is not None)


def _checkpoint(text: str, public_key: str | None) -> note.Checkpoint:
    try:
        signed = note.parse(text)
        if public_key is not None:
            from events.sshsig import BadSignature, load_public_line

            try:
                key = load_public_line(public_key)
            except BadSignature as exc:
                raise BadReceipt(f"the log key given is not usable: {exc}") from None
            note.verify(signed, signed.origin, key)
    except note.BadNote as exc:
        raise BadReceipt(str(exc)) from None
    return signed


def _inclusion(receipt: dict[str, Any], signed: note.Checkpoint, keyed: bool) -> dict[str, Any]:
    index, leaf = _number(receipt, "leaf_index"), _hex(receipt.get("leaf_hash"))
    path = [_hex(p) for p in _list(receipt, "inclusion_path")]
    if not merkle.verify_inclusion(leaf, index, signed.size, path, signed.root):
        raise BadReceipt("its inclusion path does not lead to the checkpoint's root")
    events = [_event(line) for line in _list(receipt, "events")]
    if not events or events[-1]["hash"] != leaf.hex():
        raise BadReceipt("its last event is not the leaf it proves")
    if events[-1]["global_position"] != index + 1:
        raise BadReceipt("its last event stands at another position than the leaf")
    erasures = [_erasure(item, signed) for item in receipt.get("erasures", [])]
    # an erasure vouches only for rows of the article it names
    erased_to = {
        (f"article:{e['data'].get('article_id')}", int(p)): d
        for e in erasures
        for p, d in e["data"]["rewritten"].items()
    }
    for event in events:
        position = event["global_position"]
        erased = erased_to.get((event["stream_id"], position))
        if recomputed_hash(raw_row(event), erased) != event["hash"]:
            raise BadReceipt(f"the event at position {position} was changed")
    last = events[-1]
    summary = (
        f"Version {last['stream_version']} of {last['stream_id']} ({last['event_type']}) is "
        f"event {index + 1} of the {signed.size} that {signed.origin}'s checkpoint commits to"
    )
    for erasure in erasures:
        summary += (
            f"; words of it were erased by court order, confirmed as event "
            f"{erasure['global_position']}: {erasure['data']['reason']}"
        )
    return _found("inclusion", summary, keyed, signed)


def _erasure(item: Any, signed: note.Checkpoint) -> dict[str, Any]:
    """A confirmed erasure the receipt carries, proven in the same tree as the leaf."""
    if not isinstance(item, dict):
        raise BadReceipt("one of its erasures is not an erasure")
    event = _event(item.get("event"))
    index, leaf = _number(item, "leaf_index"), _hex(event.get("hash"))
    path = [_hex(p) for p in _list(item, "inclusion_path")]
    if event.get("event_type") != CONFIRMED or event["global_position"] != index + 1:
        raise BadReceipt("one of its erasures is not a confirmed redaction at its position")
    if not merkle.verify_inclusion(leaf, index, signed.size, path, signed.root):
        raise BadReceipt("an erasure's inclusion path does not lead to the checkpoint's root")
    if recomputed_hash(raw_row(event)) != event["hash"]:
        raise BadReceipt(f"the erasure at position {index + 1} was changed")
    rewritten = event["data"].get("rewritten")
    named = isinstance(rewritten, dict) and all(
        isinstance(k, str) and k.isdigit() and isinstance(v, str) for k, v in rewritten.items()
    )
    if not named or not isinstance(event["data"].get("reason"), str):
        raise BadReceipt(f"the erasure at position {index + 1} names nothing it rewrote")
    return event


def _consistency(receipt: dict[str, Any], signed: note.Checkpoint, keyed: bool) -> dict[str, Any]:
    old, old_root = _number(receipt, "old_size"), _hex(receipt.get("old_root"))
    path = [_hex(p) for p in _list(receipt, "consistency_path")]
    if not merkle.verify_consistency(old, signed.size, old_root, signed.root, path):
        raise BadReceipt(f"it does not prove the tree of {old} events a prefix of this one")
    summary = (
        f"The log of {signed.origin}, {signed.size} events, begins with the {old} of the "
        "older checkpoint, unchanged"
    )
    return _found("consistency", summary, keyed, signed)


def _found(kind: str, summary: str, keyed: bool, signed: note.Checkpoint) -> dict[str, Any]:
    said = summary + (
        "; the checkpoint is signed by the log key given."
        if keyed
        else "; give --public-key to check the checkpoint's signature too."
    )
    return {
        "ok": True,
        "kind": kind,
        "tree_size": signed.size,
        "signature_checked": keyed,
        "summary": said[0].upper() + said[1:],
    }


def _event(line: Any) -> dict[str, Any]:
    try:
        event = json.loads(line) if isinstance(line, str) else None
    except ValueError:
        event = None
    if not isinstance(event, dict) or event.keys() not in (FIELD_SET, UNSIGNED_FIELD_SET):
        raise BadReceipt("one of its events is not an event line")
    return event


def _number(receipt: dict[str, Any], name: str) -> int:
    value = receipt.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BadReceipt(f"its {name} is not a number")
    return value


def _list(receipt: dict[str, Any], name: str) -> list[Any]:
    value = receipt.get(name)
    if not isinstance(value, list):
        raise BadReceipt(f"its {name} is not a list")
    return value


def _hex(value: Any) -> bytes:
    try:
        digest = bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        digest = b""
    if len(digest) != 32:
        raise BadReceipt("a hash in it is not 64 hex digits")
    return digest
