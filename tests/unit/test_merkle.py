"""The Merkle tree against RFC 9162 §2.1 written out as its definitions read (MTH, PATH and
PROOF by recursion over the whole list, in tests.support.rfc9162), and against
Certificate Transparency's published reference tree."""

from __future__ import annotations

import hashlib

import pytest

from events import merkle
from tests.support.rfc9162 import mth, path, proof

LEAVES = [hashlib.sha256(str(i).encode()).digest() for i in range(70)]


def stored(leaves: list[bytes]) -> merkle.NodeAt:
    """The nodes a store keeps as the tree grows: level 0 from the leaves themselves."""
    frontier, nodes = merkle.Frontier(), {}
    for leaf in leaves:
        nodes.update({(lv, ix): h for lv, ix, h in frontier.append(leaf)})

    def node_at(level: int, index: int) -> bytes:
        return merkle.leaf_hash(leaves[index]) if level == 0 else nodes[(level, index)]

    return node_at


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 64, 70])
def test_the_growing_right_edge_gives_the_rfc_root(n: int) -> None:
    frontier = merkle.Frontier()
    for leaf in LEAVES[:n]:
        frontier.append(leaf)
    assert frontier.root() == mth(LEAVES[:n])
    assert merkle.Frontier.parse(frontier.text()).root() == frontier.root()


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 64, 70])
def test_every_inclusion_path_is_the_rfcs_and_verifies(n: int) -> None:
    leaves, node_at = LEAVES[:n], stored(LEAVES[:n])
    root = mth(leaves)
    for m in range(n):
        got = merkle.inclusion_path(m, n, node_at)
        assert got == path(m, leaves)
        assert merkle.verify_inclusion(leaves[m], m, n, got, root)
        assert not merkle.verify_inclusion(LEAVES[n % 70 - 1] + b"x", m, n, got, root)
        if got:
            bent = [bytes(32), *got[1:]]
            assert not merkle.verify_inclusion(leaves[m], m, n, bent, root)


@pytest.mark.parametrize("new", [2, 3, 7, 8, 9, 33, 70])
def test_every_consistency_proof_is_the_rfcs_and_verifies(new: int) -> None:
    node_at = stored(LEAVES[:new])
    for old in range(1, new):
        got = merkle.consistency_path(old, new, node_at)
        assert got == proof(old, LEAVES[:new])
        old_root, new_root = mth(LEAVES[:old]), mth(LEAVES[:new])
        assert merkle.verify_consistency(old, new, old_root, new_root, got)
        assert not merkle.verify_consistency(old, new, mth(LEAVES[1 : old + 1]), new_root, got)
        assert not merkle.verify_consistency(old, new, old_root, mth(LEAVES[1:new]), got)


# Certificate Transparency's published reference tree (RFC 6962 hashes as RFC 9162 does):
# its eight leaves, the root at every size, and two inclusion proofs in the tree of eight.
CT_DATA = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657"]
CT_LEAVES = [bytes.fromhex(h) for h in [*CT_DATA, "606162636465666768696a6b6c6d6e6f"]]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_INCLUSION = {
    0: [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    5: [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
}


def test_the_tree_matches_certificate_transparencys_reference_roots_and_proofs() -> None:
    assert merkle.Frontier().root().hex() == hashlib.sha256(b"").hexdigest()
    for size in range(1, 9):
        assert merkle.root_of(CT_LEAVES[:size]).hex() == CT_ROOTS[size - 1]
    node_at = stored(CT_LEAVES)
    for index, expected in CT_INCLUSION.items():
        got = merkle.inclusion_path(index, 8, node_at)
        assert [p.hex() for p in got] == expected
        root = bytes.fromhex(CT_ROOTS[7])
        assert merkle.verify_inclusion(CT_LEAVES[index], index, 8, got, root)
