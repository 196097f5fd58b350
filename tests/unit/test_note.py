"""Signed notes and checkpoints against the C2SP specs, read as the specs say, and against
the example the Go implementation (golang.org/x/mod/sumdb/note) documents."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from events import note

# The documented example of Go's note package: its signer key, verifier key and note.
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_SIGNATURE = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"


def go_key() -> Ed25519PrivateKey:
    seed = base64.b64decode(GO_SKEY.split("+", 4)[4])  # PRIVATE+KEY+name+id+key
    assert seed[0] == 1  # the signature type byte: Ed25519
    return Ed25519PrivateKey.from_private_bytes(seed[1:])


def test_the_key_id_and_signature_match_gos_documented_example() -> None:
    key = go_key()
    name, kid, signature = note.signed(GO_TEXT, "PeterNeumann", key)
    assert kid.hex() == GO_VKEY.split("+")[1]
    assert f"— {name} {base64.b64encode(kid + signature).decode()}\n" == GO_SIGNATURE


def spec_read(text: str) -> tuple[list[str], list[tuple[str, bytes]]]:
    """A checkpoint read as c2sp.org/signed-note and tlog-checkpoint describe it."""
    body, _, signatures = text.rpartition("\n\n")
    lines = (body + "\n").split("\n")[:-1]
    signed_by = []
    for line in signatures.split("\n")[:-1]:
        assert line.startswith("\u2014 ")
        name, encoded = line[2:].split(" ")
        signed_by.append((name, base64.b64decode(encoded)))
    return lines, signed_by


def test_a_checkpoint_is_what_the_specs_describe_and_verifies_by_them() -> None:
    key, root = Ed25519PrivateKey.generate(), hashlib.sha256(b"root").digest()
    text = note.make("news.example/log", 1234, root, key).note()
    lines, signed_by = spec_read(text)
    assert lines == ["news.example/log", "1234", base64.b64encode(root).decode()]
    [(name, blob)] = signed_by
    raw = key.public_key().public_bytes_raw()
    expected_id = hashlib.sha256(name.encode() + b"\n\x01" + raw).digest()[:4]
    assert (name, blob[:4]) == ("news.example/log", expected_id)
    key.public_key().verify(blob[4:], ("\n".join(lines) + "\n").encode())


def test_a_witness_adds_its_own_signature_and_both_verify() -> None:
    log, witness = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    made = note.make("news.example/log", 7, bytes(32), log)
    both = note.parse(note.cosigned(note.parse(made.note()), "council.example", witness).note())
    note.verify(both, "news.example/log", log.public_key())
    note.verify(both, "council.example", witness.public_key())
    assert len(both.signatures) == 2 and both.text == made.text


def test_a_changed_checkpoint_or_another_key_is_refused() -> None:
    key = Ed25519PrivateKey.generate()
    text = note.make("news.example/log", 7, bytes(32), key).note()
    bigger = note.parse(text.replace("\n7\n", "\n8\n", 1))
    with pytest.raises(note.BadNote, match="does not verify"):
        note.verify(bigger, "news.example/log", key.public_key())
    with pytest.raises(note.BadNote, match="no signature by"):
        note.verify(note.parse(text), "news.example/log", Ed25519PrivateKey.generate().public_key())
    for broken in ("", "news\n7\n", text.replace("\u2014", "-"), text + "\x07\n"):
        with pytest.raises(note.BadNote):
            note.parse(broken)
