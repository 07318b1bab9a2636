"""Whether a webhook URL points at a public address (when PROJECTION_WEBHOOK_REFUSE_PRIVATE_URLS is set).

A URL whose host is, or resolves to, a loopback, private, link-local, multicast, reserved or unspecified
address could reach the office's own network from the projection; such URLs are refused at registration
and again before each delivery (a name may resolve elsewhere later).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def non_public_reason(url: str) -> str | None:
    """Why the URL's host is not public, or None when every address it resolves to is public."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        return None if _public(host) else f"the host {host} is not a public address"
    except ValueError:
        pass  # a name, not an address
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return f"the host {host} cannot be resolved ({exc.strerror})"
    for *_, sockaddr in infos:
        if not _public(sockaddr[0]):
            return f"the host {host} resolves to {sockaddr[0]}, which is not a public address"
    return None
