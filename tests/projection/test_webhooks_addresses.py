"""Where a webhook delivery may connect: every address form judged by the IPv4 host it reaches, the name resolved
once and the checked address connected to (real receivers on loopback, plain and TLS), the allow-list setting.

The resolver is the projection's own `addresses.resolve`, replaced here by one that answers differently on each
lookup, as a name server run by an attacker would (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import socket
import ssl
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kernel.testing.fixtures import SIGNING_KEY
from kernel.testing.servers import free_port
from projection.settings import ProjectionSettings
from projection.webhooks import addresses
from projection.webhooks.addresses import address_refusal, destination
from projection.webhooks.sender import Policy, new_client, post

SECRET = "whsec_" + "A" * 43 + "="
LOOPBACK_ONLY = (ipaddress.ip_network("127.0.0.1/32"),)

# (address, the IPv4 host it reaches); each is refused while that host is not public
NOT_PUBLIC_FORMS = [
    ("64:ff9b::7f00:1", "127.0.0.1"),  # NAT64, RFC 6052
    ("64:ff9b::a9fe:a9fe", "169.254.169.254"),
    ("2002:7f00:1::", "127.0.0.1"),  # 6to4
    ("2002:a00:1::1", "10.0.0.1"),
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1"),  # Teredo: the client's address is stored inverted
    ("2001:0:4136:e378:8000:63bf:f5ff:fefe", "10.0.1.1"),
    ("::ffff:127.0.0.1", "127.0.0.1"),  # IPv4-mapped
    ("::ffff:192.168.1.1", "192.168.1.1"),
    ("::127.0.0.1", "127.0.0.1"),  # IPv4-compatible
    ("::10.0.0.1", "10.0.0.1"),
]
PUBLIC_FORMS = ["93.184.215.14", "64:ff9b::5db8:d70e", "2002:5db8:d70e::1", "::ffff:93.184.215.14", "2606:4700::1111"]
NEVER_PUBLIC = ["64:ff9b:1::5db8:d70e", "::1", "::", "fe80::1", "fc00::1", "ff02::1", "224.0.0.1", "100.64.0.1", "0.0.0.0"]


@pytest.mark.parametrize(("address", "reached"), NOT_PUBLIC_FORMS)
def test_an_ipv6_form_carrying_a_non_public_ipv4_host_is_refused(address, reached):
    refusal = address_refusal(ipaddress.ip_address(address))
    assert refusal is not None, address
    assert reached in refusal.en and reached in refusal.zh


@pytest.mark.parametrize("address", PUBLIC_FORMS)
def test_a_public_host_is_accepted_in_any_of_its_forms(address):
    assert address_refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("address", NEVER_PUBLIC)
def test_addresses_that_are_never_public_are_refused(address):
    assert address_refusal(ipaddress.ip_address(address)) is not None


def test_an_allowed_network_admits_its_hosts_in_every_form_and_nothing_else():
    intranet = (ipaddress.ip_network("10.20.0.0/16"), ipaddress.ip_network("fd12:3456::/32"))
    for address in ("10.20.3.4", "::ffff:10.20.3.4", "64:ff9b::a14:304", "fd12:3456::9"):
        assert address_refusal(ipaddress.ip_address(address), intranet) is None, address
    for address in ("10.21.0.1", "192.168.1.1", "127.0.0.1", "::ffff:10.21.0.1", "fd12:3457::9", "169.254.169.254"):
        assert address_refusal(ipaddress.ip_address(address), intranet) is not None, address


def test_the_setting_takes_a_comma_separated_or_json_list_of_networks(monkeypatch):
    def settings() -> ProjectionSettings:
        return ProjectionSettings(auth_signing_key=SIGNING_KEY, environment="test")

    monkeypatch.setenv("PROJECTION_WEBHOOK_ALLOWED_NETWORKS", "10.20.0.0/16, fd12:3456::/32")
    assert settings().webhook_allowed_networks == (ipaddress.ip_network("10.20.0.0/16"), ipaddress.ip_network("fd12:3456::/32"))
    monkeypatch.setenv("PROJECTION_WEBHOOK_ALLOWED_NETWORKS", '["192.168.7.0/24"]')
    assert settings().webhook_allowed_networks == (ipaddress.ip_network("192.168.7.0/24"),)
    monkeypatch.setenv("PROJECTION_WEBHOOK_ALLOWED_NETWORKS", "")
    assert settings().webhook_allowed_networks == ()
    for wrong in ("10.20.3.4/16", "intranet", "10.0.0.0/33"):  # host bits set, not a network
        monkeypatch.setenv("PROJECTION_WEBHOOK_ALLOWED_NETWORKS", wrong)
        with pytest.raises(ValidationError, match="webhook_allowed_networks"):
            settings()


class Resolver:
    """Answers each lookup with the next list of addresses (the last one again once they run out)."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.lookups: list[tuple[str, int]] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append((host, port))
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


@pytest.fixture
def resolver(monkeypatch):
    def install(*answers: list[str]) -> Resolver:
        fake = Resolver(*answers)
        monkeypatch.setattr(addresses, "resolve", fake)
        return fake

    return install


class Hits:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []  # (path, Host header)

    async def hook(self, request: Request) -> Response:
        await request.body()
        self.requests.append((request.url.path, request.headers["host"]))
        return Response(status_code=204)


@asynccontextmanager
async def receiver_on(host: str, port: int, **ssl_files: str):
    """A real HTTP(S) server on host:port recording each POST."""
    hits = Hits()
    app = Starlette(routes=[Route("/{path:path}", hits.hook, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, **ssl_files))
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), task.result()
        await asyncio.sleep(0.02)
    try:
        yield hits
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 30)


@asynccontextmanager
async def listener_on(host: str, port: int):
    """A bare TCP listener that only counts the connections made to it."""
    connections: list[str] = []

    def accepted(reader, writer) -> None:
        connections.append(host)
        writer.close()

    server = await asyncio.start_server(accepted, host, port)
    try:
        yield connections
    finally:
        server.close()
        await server.wait_closed()


def policy(**overrides) -> Policy:
    return Policy(**{"timeout": 5.0, "max_attempts": 3, "retry_base": 1.0, "retry_max": 1.0,
                     "refuse_private": True, "allowed": LOOPBACK_ONLY, **overrides})


async def deliver(url: str, rules: Policy, client=None):
    own = client is None
    client = client or new_client(rules.timeout)
    try:
        return await post(client, url, SECRET, "msg_1", b'{"type": "test"}', rules)
    finally:
        if own:
            await client.aclose()


async def test_a_name_that_answers_differently_later_is_connected_at_the_address_checked(resolver):
    port = free_port()
    # checked: 127.0.0.1 (allowed); a second lookup would answer 127.0.0.2, where another server listens
    lookups = resolver(["127.0.0.1"], ["127.0.0.2"])
    async with receiver_on("127.0.0.1", port) as checked, listener_on("127.0.0.2", port) as elsewhere:
        outcome = await deliver(f"http://rebind.test:{port}/hook", policy())
        assert outcome.delivered, outcome
        assert checked.requests == [("/hook", f"rebind.test:{port}")]  # the URL and Host keep the name
        assert lookups.lookups == [("rebind.test", port)]  # resolved once for the check and the connection
        assert elsewhere == []

        # the next attempt looks again, and judges what it connects to: 127.0.0.2 is not allowed
        refused = await deliver(f"http://rebind.test:{port}/hook", policy())
        assert not refused.delivered and "127.0.0.2" in refused.error and refused.error.startswith("refused")
        assert len(checked.requests) == 1 and elsewhere == []


async def test_every_address_a_name_resolves_to_is_checked(resolver):
    resolver(["93.184.215.14", "10.9.9.9"])
    outcome = await deliver("http://mixed.test/hook", policy())
    assert not outcome.delivered and "10.9.9.9" in outcome.error
    target = await destination("http://mixed.test/hook", check=True)
    assert isinstance(target, addresses.Refusal) and "10.9.9.9" in target.en and addresses.ALLOW_SETTING in target.for_operator()


async def test_a_checked_address_that_refuses_the_connection_gives_way_to_the_next_checked_one(resolver):
    port = free_port()
    resolver(["127.0.0.3", "127.0.0.1"])  # nothing listens on 127.0.0.3
    async with receiver_on("127.0.0.1", port) as checked:
        outcome = await deliver(f"http://pair.test:{port}/hook", policy(allowed=(ipaddress.ip_network("127.0.0.0/8"),)))
    assert outcome.delivered, outcome
    assert checked.requests == [("/hook", f"pair.test:{port}")]


async def test_without_the_check_a_name_is_still_resolved_once_and_pinned(resolver):
    port = free_port()
    lookups = resolver(["127.0.0.1"], ["127.0.0.2"])
    async with receiver_on("127.0.0.1", port) as checked, listener_on("127.0.0.2", port) as elsewhere:
        outcome = await deliver(f"http://open.test:{port}/hook", policy(refuse_private=False, allowed=()))
    assert outcome.delivered and checked.requests == [("/hook", f"open.test:{port}")]
    assert len(lookups.lookups) == 1 and elsewhere == []


def _certificate(folder: Path, name: str) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return str(cert_file), str(key_file)


async def test_over_tls_the_pinned_connection_presents_and_verifies_the_name(resolver, tmp_path):
    port = free_port()
    cert_file, key_file = _certificate(tmp_path, "hooks.intranet.test")  # a certificate for the name only, no IP
    trusted = ssl.create_default_context(cafile=cert_file)
    resolver(["127.0.0.1"])
    async with receiver_on("127.0.0.1", port, ssl_certfile=cert_file, ssl_keyfile=key_file) as checked:
        async with new_client(5.0, verify=trusted) as client:
            outcome = await deliver(f"https://hooks.intranet.test:{port}/tls", policy(), client)
            assert outcome.delivered, outcome
            assert checked.requests == [("/tls", f"hooks.intranet.test:{port}")]
            # the same server by its address: the certificate does not name it, so verification fails
            by_address = await deliver(f"https://127.0.0.1:{port}/tls", policy(), client)
            assert not by_address.delivered and "certificate" in by_address.error.lower()
    assert len(checked.requests) == 1



async def test_a_name_that_does_not_resolve_is_a_failed_attempt_not_a_refusal(monkeypatch):
    async def nowhere(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(addresses, "resolve", nowhere)
    outcome = await deliver("http://gone.test/hook", policy())
    assert not outcome.delivered and not outcome.error.startswith("refused")
    assert "gone.test" in outcome.error and "无法解析" in outcome.error
