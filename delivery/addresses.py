"""Where a webhook may connect: no loopback, private, link-local or other inner address.

A hook's URL comes from whoever wires it; without this check a URL (or a name that
resolves) could make the worker POST into the newsroom's own network, or read the
cloud's metadata service at 169.254.169.254. Before every delivery the host is
resolved, every address it resolves to is checked, and the connection is made to a
checked address, so a name cannot resolve one way for the check and another way for
the connection. The operator may allow networks (NEWSROOM_HOOK_ALLOW_NETWORKS).

`refusal` and `checked` are pure; `resolve` and `literal_addresses` ask the system.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network
from urllib.parse import urlsplit

from delivery.deliver import DeliveryFailed
from events.errors import BadInput
from workflow.hooks import TARGET

Address = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network
Resolver = Callable[[str, int], Sequence[str]]

# What each refused network is, in the words of a dead letter; the first match names it.
REFUSED: tuple[tuple[str, Network], ...] = tuple(
    (kind, ip_network(network))
    for kind, networks in (
        ("unspecified", ("0.0.0.0/8", "::/128")),
        ("loopback", ("127.0.0.0/8", "::1/128")),
        ("private", ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")),
        ("carrier-grade NAT", ("100.64.0.0/10",)),
        ("link-local", ("169.254.0.0/16", "fe80::/10")),
        ("multicast", ("224.0.0.0/4", "ff00::/8")),
        ("broadcast", ("255.255.255.255/32",)),
        ("reserved", ("240.0.0.0/4", "::/96")),  # ::/96: the old IPv4-compatible form
    )
    for network in networks
)
METADATA = ip_address("169.254.169.254")
NAT64 = ip_network("64:ff9b::/96")
UNLESS = "(NEWSROOM_HOOK_ALLOW_NETWORKS may allow its network)"


class AddressRefused(DeliveryFailed):
    """The URL's host is, or resolves to, an address hooks may not reach."""


def refusal(address: Address, allowed: Sequence[Network] = ()) -> str | None:
    """What kind of refused address this is ("a loopback address"); None if hooks may
    reach it. An IPv6 form that carries an IPv4 address is judged by that address."""
    inner = embedded_ipv4(address)
    if any(_within(a, allowed) for a in (address, inner) if a is not None):
        return None
    if inner is not None:
        said = refusal(inner)
        return None if said is None else f"an IPv6 form of {inner}, {said}"
    if address == METADATA:
        return "a link-local address (the cloud metadata service)"
    for kind, network in REFUSED:
        if _within(address, (network,)):
            return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} address"
    return None


def embedded_ipv4(address: Address) -> IPv4Address | None:
    """The IPv4 address an IPv6 one stands for: IPv4-mapped, 6to4 or NAT64 (64:ff9b::/96)."""
    if not isinstance(address, IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def checked(host: str, resolved: Sequence[str], allowed: Sequence[Network] = ()) -> list[Address]:
    """The addresses to connect to, in the resolver's order; refused if any one is refused,
    so a name cannot mix a public address with an inner one and hope for the inner one."""
    addresses = list(dict.fromkeys(ip_address(text.split("%")[0]) for text in resolved))
    if not addresses:
        raise AddressRefused(f"{host} resolves to no address")
    for address in addresses:
        said = refusal(address, allowed)
        if said is not None:
            where = host if _written_as(host, address) else f"{host} resolves to {address}"
            raise AddressRefused(f"{where}, {said}, which hooks may not reach {UNLESS}")
    return addresses


def resolve(host: str, port: int) -> list[str]:
    """Every address the system resolves `host` to (a literal address is itself)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DeliveryFailed(f"cannot resolve {host}: {_reason(exc)}") from None
    return [str(info[4][0]) for info in found]


def literal_addresses(host: str) -> list[str]:
    """The addresses a host written as a number stands for (also 127.1 or 2130706433, as
    the system reads them); [] for a name. Asks no name server."""
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError, ValueError):
        return []
    return [str(info[4][0]) for info in found]


def refuse_literal_host(url: str, allowed: Sequence[Network]) -> None:
    """`hooks add` refuses a URL whose host is itself an address hooks may not reach; a
    name is resolved and checked before each delivery instead."""
    host = _hostname(url)
    literal = literal_addresses(host) if host else []
    if not literal:
        return
    try:
        checked(host, literal, allowed)
    except AddressRefused as refused:
        raise BadInput(
            f"{TARGET} {url!r} is refused: {refused}.",
            field="target",
            named=TARGET,
            kind="url",
        ) from None


def _hostname(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""  # not a URL at all: the hooks decider says so


def _written_as(host: str, address: Address) -> bool:
    try:
        return ip_address(host) == address
    except ValueError:
        return False


def _within(address: Address, networks: Sequence[Network]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
