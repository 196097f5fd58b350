"""SSHSIG signatures alone: what each refuses (OpenSSH's side is tests/integration)."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from events import sshsig
from events.sshsig import BadSignature

KEY = Ed25519PrivateKey.generate()
MESSAGE = b'{"stream":"article:cop29","version":3}'


def test_a_signature_verifies_for_its_key_namespace_and_message() -> None:
    signed = sshsig.sign(KEY, MESSAGE)
    assert signed.startswith("-----BEGIN SSH SIGNATURE-----\n")
    assert all(len(line) <= 70 for line in signed.splitlines())
    sshsig.verify(signed, MESSAGE, KEY.public_key(), "newsroom")
    assert sshsig.parse(signed).hash_algorithm == "sha512"


@pytest.mark.parametrize(
    ("message", "key", "namespace", "says"),
    [
        (MESSAGE + b" ", KEY.public_key(), "newsroom", "does not match the message"),
        (MESSAGE, Ed25519PrivateKey.generate().public_key(), "newsroom", "another key"),
        (MESSAGE, KEY.public_key(), "git", "for namespace 'newsroom'"),
    ],
)
def test_another_message_key_or_namespace_is_refused(
    message: bytes, key: object, namespace: str, says: str
) -> None:
    with pytest.raises(BadSignature, match=says):
        sshsig.verify(sshsig.sign(KEY, MESSAGE), message, key, namespace)  # type: ignore[arg-type]


def test_a_namespace_is_part_of_what_is_signed() -> None:
    # The same key's signature of the same message for git is no newsroom signature.
    raw = KEY.sign(sshsig.signed_data(MESSAGE, "git"))
    assert raw != KEY.sign(sshsig.signed_data(MESSAGE, "newsroom"))


@pytest.mark.parametrize(
    "armored",
    [
        "",
        "hello",
        "-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----\n",
        sshsig.armor(b"SSHSIG\x00\x00\x00\x02"),
        sshsig.armor(b"SSHSIG\x00\x00\x00\x01\x00\x00\x00\x40short"),
    ],
)
def test_what_is_not_a_signature_says_so(armored: str) -> None:
    with pytest.raises(BadSignature):
        sshsig.verify(armored, MESSAGE, KEY.public_key(), "newsroom")


def test_public_lines_round_trip_and_other_keys_are_refused() -> None:
    line = sshsig.public_line(KEY.public_key(), "aysel@newsroom")
    assert line.startswith("ssh-ed25519 AAAA") and line.endswith(" aysel@newsroom")
    assert sshsig.public_blob(sshsig.load_public_line(line)) == sshsig.public_blob(KEY.public_key())
    assert sshsig.fingerprint(KEY.public_key()).startswith("SHA256:")
    with pytest.raises(BadSignature, match="not an OpenSSH public key"):
        sshsig.load_public_line("ssh-ed25519 not-base64")
