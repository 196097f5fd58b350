"""The site's standalone checker: its RFC 8032 Ed25519 against `cryptography`'s, and its
RFC 9162 walk against the RFC's definitions."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.support.rfc9162 import mth, path

SCRIPT = Path(__file__).resolve().parents[2] / "website" / "evidence" / "verify-receipt.py"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_receipt", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("n", range(6))
def test_its_ed25519_agrees_with_cryptography(script: ModuleType, n: int) -> None:
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes_raw()
    message = f"checkpoint {n}\n".encode() * (n + 1)
    signature = key.sign(message)
    assert script.ed25519_verify(public, message, signature)
    assert not script.ed25519_verify(public, message + b"x", signature)
    assert not script.ed25519_verify(public, message, signature[:-1] + bytes([signature[-1] ^ 1]))
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    assert not script.ed25519_verify(other, message, signature)


def test_its_inclusion_walk_accepts_the_rfcs_paths_only(script: ModuleType) -> None:
    leaves = [hashlib.sha256(bytes([i])).digest() for i in range(21)]
    root = mth(leaves)
    for index, leaf in enumerate(leaves):
        proof = path(index, leaves)
        assert script.verify_inclusion(leaf, index, len(leaves), proof, root)
        assert not script.verify_inclusion(leaf, (index + 1) % 21, len(leaves), proof, root)
