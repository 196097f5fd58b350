"""Receipts checked with nothing but themselves: every part that is bent fails."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from events import merkle, note, receipts
from events.export import export_lines
from events.memory import MemoryEventStore
from events.sshsig import public_line
from tests.support.contract import append

LOG_KEY = Ed25519PrivateKey.generate()


def receipt_for(store: MemoryEventStore, position: int) -> dict[str, Any]:
    events = list(store.read_all())
    size = len(events)
    signed = note.make("news.example/log", size, store.frontier.root(), LOG_KEY)
    leaf = events[position - 1]
    lines = list(export_lines([leaf]))[:-1]
    return {
        "origin": "news.example/log",
        "tree_size": size,
        "leaf_index": position - 1,
        "leaf_hash": leaf.hash,
        "inclusion_path": [
            p.hex() for p in merkle.inclusion_path(position - 1, size, store.node_at)
        ],
        "checkpoint": signed.note(),
        "events": [line.rstrip("\n") for line in lines],
    }


@pytest.fixture
def store() -> MemoryEventStore:
    store = MemoryEventStore()
    for n in range(4):
        append(store, f"article:a{n}", 2, 0, f"c{n}")
    return store


def test_a_true_receipt_checks_with_and_without_the_key(store: MemoryEventStore) -> None:
    receipt = receipt_for(store, 5)
    assert receipts.check(receipt, None, None)["signature_checked"] is False
    key = public_line(LOG_KEY.public_key())
    assert receipts.check(receipt, None, key)["summary"].startswith("Version 1 of article:a2")


@pytest.mark.parametrize(
    ("bend", "says"),
    [
        (lambda r: r.update(leaf_index=r["leaf_index"] + 1), "does not lead"),
        (lambda r: r["inclusion_path"].reverse(), "does not lead"),
        (lambda r: r.update(tree_size=r["tree_size"] + 1), "a tree of"),
        (lambda r: r.update(origin="other.example/log"), "it is for other.example"),
        (lambda r: r.update(events=[r["events"][0].replace("aysel", "mallory")]), "was changed"),
        (lambda r: r.update(leaf_hash="zz"), "not 64 hex"),
        (lambda r: r.update(checkpoint=r["checkpoint"].replace("\n8\n", "\n9\n")), "a tree of"),
    ],
)
def test_a_bent_receipt_does_not_check(store: MemoryEventStore, bend: Any, says: str) -> None:
    receipt = copy.deepcopy(receipt_for(store, 5))
    bend(receipt)
    with pytest.raises(receipts.BadReceipt, match=says):
        receipts.check(receipt, None, None)


def test_another_log_key_is_refused(store: MemoryEventStore) -> None:
    other = public_line(Ed25519PrivateKey.generate().public_key())
    with pytest.raises(receipts.BadReceipt, match="no signature by"):
        receipts.check(receipt_for(store, 5), None, other)
