"""Sealing hook secrets: what the store holds, and who can open it."""

from __future__ import annotations

import pytest

from delivery.sealed import CannotUnseal, Sealer, is_sealed, new_key, secret_count

OLD = "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA="
NEW = "whsec_Nd0l17QOUVyPnnqhkJzqZtsE6GfjvfzaiFRY+GDt93A="
KEY, OTHER = new_key(), new_key()


def test_a_sealed_row_holds_neither_secret_and_opens_to_both() -> None:
    stored = Sealer([KEY]).seal(f"{OLD} {NEW}")
    assert OLD not in stored and NEW not in stored and is_sealed(stored)
    assert Sealer([KEY]).unseal(stored) == f"{OLD} {NEW}"


def test_the_same_secret_seals_differently_each_time() -> None:
    sealer = Sealer([KEY])
    assert sealer.seal(OLD) != sealer.seal(OLD)


def test_another_key_cannot_open_it() -> None:
    with pytest.raises(CannotUnseal):
        Sealer([OTHER]).unseal(Sealer([KEY]).seal(OLD))


def test_how_many_secrets_a_row_holds_is_told_without_the_key() -> None:
    assert secret_count(Sealer([KEY]).seal(f"{OLD} {NEW}")) == 2
    assert secret_count(f"{OLD} {NEW}") == 2
    assert secret_count("an old s3cret with spaces") == 1
    assert secret_count(None) == 0


def test_a_plain_row_from_before_reads_as_it_is_and_seals_whole() -> None:
    old_style = "an old s3cret with spaces"
    assert Sealer([KEY]).unseal(old_style) == old_style
    sealed = Sealer([KEY]).reseal(old_style)
    assert secret_count(sealed) == 1 and Sealer([KEY]).unseal(sealed) == old_style


def test_after_rotation_old_rows_open_and_a_reseal_needs_only_the_new_key() -> None:
    under_old = Sealer([KEY]).seal(OLD)
    rotated = Sealer([OTHER, KEY])
    assert rotated.unseal(under_old) == OLD
    assert Sealer([OTHER]).unseal(rotated.reseal(under_old)) == OLD
