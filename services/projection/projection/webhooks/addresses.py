"""Where a webhook URL may lead: its host resolved once, every address checked, the checked addresses kept.

With PROJECTION_WEBHOOK_REFUSE_PRIVATE_URLS (on by default) a URL is refused when any address its host is, or
resolves to, is loopback, private, link-local, multicast, reserved or unspecified, or carries such an IPv4
address inside an IPv6 one (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`,
6to4 `2002::/16`, Teredo `2001::/32`; the local-use NAT64 prefix `64:ff9b:1::/48` is never public). Networks in
PROJECTION_WEBHOOK_ALLOWED_NETWORKS may be private (an intranet receiver); everything else private stays refused.

The check runs at registration and before each delivery, and a delivery connects to the addresses that check
saw (`Destination.addresses`), never resolving the name again: a name that answers a public address to the
check and a private one to the connection (DNS rebinding) cannot steer a delivery.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from typing import Sequence
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOW_SETTING = "PROJECTION_WEBHOOK_ALLOWED_NETWORKS"
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the IPv4 address is the last 32 bits
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: a translator of one network, never public
COMPATIBLE = ipaddress.ip_network("::/96")  # RFC 4291's deprecated IPv4-compatible form (beside :: and ::1)
RESOLVE_SECONDS = 5.0  # a name server that does not answer holds up no request longer than this


@dataclass(frozen=True)
class Refusal:
    """Why a URL may not be delivered to, in Chinese and in English."""

    zh: str
    en: str
    private: bool = True  # an address the allow-list could admit (not a name that does not resolve)

    def __str__(self) -> str:
        return f"{self.zh}；{self.en}"

    def for_operator(self) -> str:
        """The reason, with the setting that would admit a private receiver."""
        if not self.private:
            return str(self)
        return (f"{self.zh}。内网接收方须将其网段加入 {ALLOW_SETTING}；"
                f"{self.en}. An intranet receiver's network must be listed in {ALLOW_SETTING}")


@dataclass(frozen=True)
class Destination:
    """The URL's host and port, and the checked addresses to connect to, in the resolver's order."""

    host: str
    port: int
    addresses: tuple[str, ...]


def embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries, by the forms that route to them."""
    if ip.version == 4:
        return []
    assert isinstance(ip, ipaddress.IPv6Address)
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)  # (server, client); the stdlib undoes the client's obfuscation
    if ip in NAT64 or (ip in COMPATIBLE and int(ip) > 1):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def _public(ip: IPAddress) -> bool:
    return ip.is_global and not ip.is_multicast


def _listed(ip: IPAddress, allowed: Sequence[Network]) -> bool:
    return any(ip in network for network in allowed)


def address_refusal(ip: IPAddress, allowed: Sequence[Network] = ()) -> Refusal | None:
    """Why one address may not be delivered to, or None."""
    mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None  # the same IPv4 host
    if _listed(ip, allowed) or (mapped is not None and _listed(mapped, allowed)):
        return None
    for inner in embedded_ipv4(ip):
        if not _public(inner) and not _listed(inner, allowed):
            return Refusal(f"地址 {ip} 内含非公网 IPv4 地址 {inner}", f"the address {ip} carries the IPv4 address {inner}, which is not public")
    judged = mapped or ip
    if judged in NAT64_LOCAL or not _public(judged):
        return Refusal(f"地址 {ip} 不是公网地址", f"the address {ip} is not a public address")
    return None


def parse_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None  # a name


async def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, in the resolver's order, each once."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(sockaddr[0]) for *_, sockaddr in infos))


async def destination(url: str, *, check: bool, allowed: Sequence[Network] = ()) -> Destination | Refusal:
    """The URL's host resolved once; with `check`, refused unless every address it resolves to may be reached."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    literal = parse_address(host)
    if literal is not None:
        addresses = [host]
    else:
        try:
            async with asyncio.timeout(RESOLVE_SECONDS):
                addresses = await resolve(host, port)
        except (socket.gaierror, UnicodeError, TimeoutError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or f"no answer within {RESOLVE_SECONDS:g}s"
            return Refusal(f"主机 {host} 无法解析（{reason}）", f"the host {host} cannot be resolved ({reason})", private=False)
        if not addresses:
            return Refusal(f"主机 {host} 没有地址", f"the host {host} resolves to no address", private=False)
    if check:
        for address in addresses:
            refusal = address_refusal(ipaddress.ip_address(address.split("%", 1)[0]), allowed)
            if refusal is not None:
                if literal is None:
                    return Refusal(f"主机 {host} 解析为 {address}：{refusal.zh}", f"the host {host} resolves to {address}: {refusal.en}")
                return refusal
    return Destination(host, port, tuple(addresses))
