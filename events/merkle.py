"""The log as a Merkle tree, hashed as RFC 9162 §2.1 hashes Certificate Transparency logs.

The leaf of each event is the 32 raw bytes of its chain `hash`; leaf hash =
SHA-256(0x00 ‖ leaf), node hash = SHA-256(0x01 ‖ left ‖ right). The tree of n leaves
splits at the largest power of two below n, so every subtree a proof names is either
perfect (2^k leaves, aligned) or lies on the right edge.

A growing tree keeps only its right edge (`Frontier`): the roots of the perfect
subtrees that make up its size, largest first. Appending a leaf merges equal-sized
roots, so an append hashes O(log n) times and yields the perfect nodes it completed,
which a store keeps for proofs. Pure functions over bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

LEAF, NODE = b"\x00", b"\x01"

# A perfect subtree's root by (level, index): the 2^level leaves from index * 2^level.
NodeAt = Callable[[int, int], bytes]


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(LEAF + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE + left + right).digest()


EMPTY_ROOT = hashlib.sha256(b"").digest()  # MTH({}) of RFC 9162 §2.1.1


@dataclass
class Frontier:
    """The right edge of a tree: (level, root) of each perfect subtree, largest first."""

    size: int = 0
    edge: list[tuple[int, bytes]] = field(default_factory=list)

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add one leaf; the perfect nodes (level, index, hash) it completed, level 1 up."""
        level, node = 0, leaf_hash(leaf)
        completed = []
        while self.edge and self.edge[-1][0] == level:
            _, left = self.edge.pop()
            level, node = level + 1, node_hash(left, node)
            completed.append((level, self.size >> level, node))
        self.edge.append((level, node))
        self.size += 1
        return completed

    def root(self) -> bytes:
        """MTH of the tree: the right edge folded from its smallest subtree leftwards."""
        if not self.edge:
            return EMPTY_ROOT
        acc = self.edge[-1][1]
        for _, left in reversed(self.edge[:-1]):
            acc = node_hash(left, acc)
        return acc

    def text(self) -> str:
        """How a store keeps it: `size` then `level:hex` per subtree, space-separated."""
        return " ".join([str(self.size), *(f"{lv}:{h.hex()}" for lv, h in self.edge)])

    @classmethod
    def parse(cls, text: str | None) -> Frontier:
        if not text:
            return cls()
        size, *parts = text.split()
        edge = [(int(lv), bytes.fromhex(h)) for lv, h in (p.split(":") for p in parts)]
        return cls(int(size), edge)


def root_of(leaves: Iterable[bytes]) -> bytes:
    frontier = Frontier()
    for leaf in leaves:
        frontier.append(leaf)
    return frontier.root()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def subtree_root(start: int, size: int, node_at: NodeAt) -> bytes:
    """MTH of the leaves [start, start + size), from the perfect nodes a store keeps."""
    if size & (size - 1) == 0:  # perfect: aligned, as every split of the RFC tree is
        level = size.bit_length() - 1
        return node_at(level, start >> level)
    k = _split(size)
    return node_hash(subtree_root(start, k, node_at), subtree_root(start + k, size - k, node_at))


def inclusion_path(index: int, size: int, node_at: NodeAt) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, leaf to root."""
    path: list[bytes] = []
    start = 0
    while size > 1:
        k = _split(size)
        if index < k:
            path.append(subtree_root(start + k, size - k, node_at))
            size = k
        else:
            path.append(subtree_root(start, k, node_at))
            start, index, size = start + k, index - k, size - k
    return path[::-1]


def consistency_path(old: int, new: int, node_at: NodeAt) -> list[bytes]:
    """PROOF(old, D[0:new]) of RFC 9162 §2.1.4.1."""
    if not 0 < old <= new:
        raise ValueError(f"no consistency proof from {old} to {new}")
    return _subproof(old, 0, new, True, node_at)


def _subproof(m: int, start: int, n: int, whole: bool, node_at: NodeAt) -> list[bytes]:
    if m == n:
        return [] if whole else [subtree_root(start, n, node_at)]
    k = _split(n)
    if m <= k:
        right = subtree_root(start + k, n - k, node_at)
        return [*_subproof(m, start, k, whole, node_at), right]
    left = subtree_root(start, k, node_at)
    return [*_subproof(m - k, start + k, n - k, False, node_at), left]


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does `path` lead from `leaf` at `index` to `root`?"""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash(leaf)
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, path: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: does `path` prove the tree of `old` leaves a prefix of `new`'s?"""
    if old == new:
        return not path and old_root == new_root
    if not 0 < old < new or not path:
        return False
    proof = list(path)
    if old & (old - 1) == 0:  # old is a power of two: its root is the first node
        proof.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0
