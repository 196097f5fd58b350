"""Where webhooks may connect, judged from the addresses a resolver gave: no network here.

The resolver is a fake; `checked` decides, and the poster connects only to what it kept.
"""

from __future__ import annotations

from ipaddress import ip_address, ip_network

import pytest

from delivery.addresses import AddressRefused, checked, refusal
from delivery.targets import WebPoster
from events.envelope import RecordedEvent
from workflow.hooks import Hook

REFUSED = {
    "127.0.0.1": "a loopback address",
    "127.8.9.10": "a loopback address",
    "::1": "a loopback address",
    "10.0.0.1": "a private address",
    "172.16.5.4": "a private address",
    "192.168.1.1": "a private address",
    "fd12:3456::1": "a private address",
    "100.64.0.1": "a carrier-grade NAT address",
    "169.254.169.254": "a link-local address (the cloud metadata service)",
    "169.254.1.1": "a link-local address",
    "fe80::1": "a link-local address",
    "224.0.0.251": "a multicast address",
    "ff02::1": "a multicast address",
    "0.0.0.0": "an unspecified address",
    "::": "an unspecified address",
    "255.255.255.255": "a broadcast address",
    "::ffff:127.0.0.1": "an IPv6 form of 127.0.0.1, a loopback address",
    "::ffff:10.1.2.3": "an IPv6 form of 10.1.2.3, a private address",
    "64:ff9b::a9fe:a9fe": "an IPv6 form of 169.254.169.254, a link-local address",
    "2002:c0a8:101::1": "an IPv6 form of 192.168.1.1, a private address",
}
RECORD = RecordedEvent(
    global_position=1,
    stream_id="article:a1",
    stream_version=1,
    event_id="2f0d6d3e-8f5e-4c59-9a33-1c1a3f0f5d10",
    event_type="ArticlePublished",
    schema_version=1,
    data={},
    metadata={},
    occurred_at="2024-11-14T10:00:00.000000Z",
    prev_hash="",
    hash="",
)
PUBLIC = ("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "::ffff:93.184.215.14")


@pytest.mark.parametrize(("address", "kind"), REFUSED.items())
def test_an_inner_address_is_refused_and_named(address: str, kind: str) -> None:
    with pytest.raises(AddressRefused) as refused:
        checked("wire.example", [address])
    assert str(refused.value).startswith(f"wire.example resolves to {ip_address(address)}, {kind}")


@pytest.mark.parametrize("address", PUBLIC)
def test_a_public_address_may_be_reached(address: str) -> None:
    [kept] = checked("wire.example", [address])
    assert refusal(kept) is None


def test_one_inner_address_among_public_ones_refuses_the_name() -> None:
    with pytest.raises(AddressRefused, match=r"resolves to 10\.0\.0\.7, a private address"):
        checked("wire.example", ["93.184.215.14", "10.0.0.7"])


def test_the_addresses_kept_are_the_resolvers_in_its_order_once_each() -> None:
    kept = checked("wire.example", ["2606:4700::1", "93.184.215.14", "2606:4700::1"])
    assert [str(a) for a in kept] == ["2606:4700::1", "93.184.215.14"]


def test_a_name_that_resolves_to_nothing_is_refused() -> None:
    with pytest.raises(AddressRefused, match=r"wire\.example resolves to no address"):
        checked("wire.example", [])


def test_an_allowed_network_lets_its_addresses_through_and_no_others() -> None:
    allowed = (ip_network("10.1.0.0/16"), ip_network("127.0.0.0/8"))
    assert [str(a) for a in checked("bus.lan", ["10.1.2.3"], allowed)] == ["10.1.2.3"]
    assert checked("local", ["::ffff:127.0.0.1"], allowed)  # the same address, mapped
    with pytest.raises(AddressRefused, match=r"10\.2\.0\.1, a private address"):
        checked("bus.lan", ["10.2.0.1"], allowed)
    with pytest.raises(AddressRefused, match="may allow its network"):
        checked("local", ["::1"], allowed)


def test_a_literal_address_is_named_as_written() -> None:
    with pytest.raises(AddressRefused) as refused:
        checked("::ffff:127.0.0.1", ["::ffff:7f00:1"])
    assert str(refused.value).startswith("::ffff:127.0.0.1, an IPv6 form of 127.0.0.1")


def test_the_poster_refuses_before_it_connects_when_the_name_resolves_inward() -> None:
    asked: list[tuple[str, int]] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append((host, port))
        return ["169.254.169.254"]

    poster = WebPoster(resolve=resolve)
    hook = Hook("site", ("ArticlePublished",), "url", "https://wire.example/in", False, 0)
    with pytest.raises(AddressRefused, match="the cloud metadata service"):
        poster.post(hook, b"{}", RECORD, [])
    assert asked == [("wire.example", 443)] and poster.clients == {}  # no client, no socket
