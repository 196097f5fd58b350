"""Standard Webhooks secrets and signatures, checked against the reference library."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook

from delivery.webhooks import given_secret, headers, keys, newest_only, serialised, with_new
from events.errors import BadInput

OLD = "whsec_CbuKHA36o82AkK4HpFr5Lti87ZDLPDwB+yAXOBuXCKA="
NEW = "whsec_Nd0l17QOUVyPnnqhkJzqZtsE6GfjvfzaiFRY+GDt93A="
EVENT_ID = "2f0d6d3e-8f5e-4c59-9a33-1c1a3f0f5d10"
BODY = '{"event_type":"ArticlePublished","headline":"Bakı"}'.encode()
STAMP = 1731578400  # 10:00 UTC, 14 November 2024


def test_the_signature_is_the_reference_librarys_for_each_secret() -> None:
    sent = headers(EVENT_ID, STAMP, BODY, keys(f"{OLD} {NEW}"))
    when = datetime.fromtimestamp(STAMP, UTC)
    expected = [Webhook(s).sign(EVENT_ID, when, BODY.decode()) for s in (OLD, NEW)]
    assert sent == {
        "webhook-id": EVENT_ID,
        "webhook-timestamp": str(STAMP),
        "webhook-signature": " ".join(expected),
    }


def test_an_unsigned_hook_still_names_the_event_and_the_attempt() -> None:
    assert headers(EVENT_ID, STAMP, BODY, []) == {
        "webhook-id": EVENT_ID,
        "webhook-timestamp": str(STAMP),
    }


def test_a_given_secret_is_kept_in_the_specs_form() -> None:
    assert given_secret(OLD) == OLD
    assert given_secret(OLD.rstrip("=")) == OLD  # the padding may be left off


def test_a_generated_secret_is_32_random_bytes() -> None:
    made = {given_secret("generate") for _ in range(3)}
    assert len(made) == 3 and all(len(keys(secret)[0]) == 32 for secret in made)


@pytest.mark.parametrize(
    "text",
    [
        "topsecret",  # not in the spec's form
        "whsec_",
        "whsec_" + base64.b64encode(b"x" * 23).decode(),  # under 24 bytes
        "whsec_" + base64.b64encode(b"x" * 65).decode(),  # over 64 bytes
        "whsec_not base64 at all!",
        " " + OLD,
    ],
)
def test_a_secret_not_in_the_specs_form_is_refused(text: str) -> None:
    with pytest.raises(BadInput, match="must be whsec_ and the base64 of 24 to 64 random bytes"):
        given_secret(text)


def test_the_stored_secrets_are_read_oldest_first() -> None:
    assert keys(None) == keys("") == []
    assert [serialised(key) for key in keys(f"{OLD} {NEW}")] == [OLD, NEW]


@pytest.mark.parametrize("old", ["s3cret", "an old secret with spaces", "whsec_?!", f"{OLD} x"])
def test_a_secret_stored_before_is_its_own_bytes(old: str) -> None:
    assert keys(old) == [old.encode()]


def test_rotating_keeps_an_old_secret_as_the_same_bytes() -> None:
    rotated = with_new("s3cret", NEW)
    assert keys(rotated) == [b"s3cret", keys(NEW)[0]]
    assert newest_only(rotated) == NEW
    assert newest_only(NEW) is None and newest_only(None) is None  # nothing old to drop


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("120", 120.0), (" 7 ", 7.0), ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0), ("soon", None)],
)
def test_retry_after_is_read_as_seconds_or_an_http_date(header: str, seconds: float | None) -> None:
    from email.utils import parsedate_to_datetime

    from delivery.targets import seconds_after

    now = parsedate_to_datetime("Wed, 21 Oct 2015 07:28:00 GMT").timestamp()
    assert seconds_after(header, now) == seconds


@pytest.mark.parametrize(
    ("status", "permanent"),
    [(400, True), (404, True), (410, True), (408, False), (429, False), (500, False), (503, False)],
)
def test_a_client_error_is_permanent_unless_it_says_not_now(status: int, permanent: bool) -> None:
    from delivery.targets import refused_by_receiver

    assert refused_by_receiver(status, "https://x.example/", None).permanent is permanent
