"""A small identity platform on loopback for the tests: a real HTTP server publishing a JWKS and an OIDC
discovery document, with signing keys made by `cryptography`, and a count of every fetch it answers."""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

AUDIENCE = "hubei-ipo-measures"
JWKS_PATH = "/keys"


@dataclass
class SigningKey:
    kid: str
    algorithm: str
    private: Any

    @classmethod
    def new(cls, algorithm: str = "RS256", kid: str | None = None) -> "SigningKey":
        private = {
            "RS256": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
            "ES256": lambda: ec.generate_private_key(ec.SECP256R1()),
            "EdDSA": ed25519.Ed25519PrivateKey.generate,
        }[algorithm]()
        return cls(kid or f"{algorithm.lower()}-{uuid.uuid4().hex[:8]}", algorithm, private)

    def public_jwk(self) -> dict[str, Any]:
        export = {"RS256": RSAAlgorithm, "ES256": ECAlgorithm, "EdDSA": OKPAlgorithm}[self.algorithm]
        return {**export.to_jwk(self.private.public_key(), as_dict=True), "kid": self.kid, "use": "sig"}


@dataclass
class IdentityPlatform:
    """Publishes `keys` (editable while it runs) and signs tokens with them as the office's platform would."""

    keys: list[SigningKey] = field(default_factory=lambda: [SigningKey.new("RS256")])
    extra_jwks_entries: list[dict[str, Any]] = field(default_factory=list)
    discovery_issuer: str | None = None  # what discovery says the issuer is (default: the platform's own URL)
    answering: bool = True
    fetches: Counter = field(default_factory=Counter)
    clients: dict[str, str] = field(default_factory=dict)  # client id -> secret, for the client-credentials grant
    client_token_seconds: int = 300

    def start(self) -> "IdentityPlatform":
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server interface
                platform.fetches[self.path] += 1
                if not platform.answering:
                    return self._answer(503, {"error": "unavailable"})
                if self.path == JWKS_PATH:
                    keys = [key.public_jwk() for key in platform.keys] + platform.extra_jwks_entries
                    return self._answer(200, {"keys": keys})
                if self.path == "/.well-known/openid-configuration":
                    return self._answer(200, {
                        "issuer": platform.discovery_issuer or platform.issuer,
                        "jwks_uri": platform.jwks_url,
                        "token_endpoint": platform.issuer + "/token",
                        "grant_types_supported": ["client_credentials"],
                    })
                self._answer(404, {"error": "not found"})

            def do_POST(self) -> None:  # noqa: N802 - the token endpoint: OAuth 2.0 client credentials, client_secret_basic
                platform.fetches[self.path] += 1
                form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
                scheme, _, credentials = (self.headers.get("Authorization") or "").partition(" ")
                client, _, secret = base64.b64decode(credentials or "").decode().partition(":") if scheme == "Basic" else ("", "", "")
                if self.path != "/token" or form.get("grant_type") != ["client_credentials"]:
                    return self._answer(400, {"error": "unsupported_grant_type"})
                if not client or platform.clients.get(client) != secret:
                    return self._answer(401, {"error": "invalid_client"})
                token = platform.token(subject=client, scope=form.get("scope", [""])[0], ttl_seconds=platform.client_token_seconds)
                self._answer(200, {"access_token": token, "token_type": "Bearer", "expires_in": platform.client_token_seconds})

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def jwks_url(self) -> str:
        return self.issuer + JWKS_PATH

    @property
    def jwks_fetches(self) -> int:
        return self.fetches[JWKS_PATH]

    def token(
        self,
        key: SigningKey | None = None,
        *,
        subject: str = "bureau-system",
        scope: str | None = "read",
        region: str | None = None,
        ttl_seconds: int = 600,
        **claims: Any,
    ) -> str:
        key = key or self.keys[0]
        now = int(time.time())
        body: dict[str, Any] = {"sub": subject, "iss": self.issuer, "aud": AUDIENCE, "iat": now, "exp": now + ttl_seconds}
        if scope is not None:
            body["scope"] = scope
        if region is not None:
            body["region"] = region
        body.update(claims)
        body = {name: value for name, value in body.items() if value is not None}
        return jwt.encode(body, key.private, algorithm=key.algorithm, headers={"kid": key.kid})
