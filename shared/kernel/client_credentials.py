"""A token from the office's identity platform by the OAuth 2.0 client-credentials grant (RFC 6749 §4.4), kept
fresh in the background: what the projection reads the command services' feeds with once they verify the
platform's tokens (no service can mint one then).

Calling the source returns the current token at once (the reconciler asks for it on every feed read); a task
renews it when two thirds of its lifetime have passed, and after a failure retries with a growing pause.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import structlog

log = structlog.get_logger()

RETRY_FIRST_SECONDS, RETRY_MAX_SECONDS = 1.0, 60.0


class ClientCredentialsToken:
    def __init__(
        self,
        *,
        token_url: str | None,
        client_id: str,
        client_secret: str,
        scope: str,
        discovery_issuer: str | None = None,
        timeout_seconds: float = 10,
    ) -> None:
        if not token_url and not discovery_issuer:
            raise ValueError("a token URL or OIDC discovery is needed")
        self.token_url, self.discovery_issuer = token_url or None, discovery_issuer
        self.client_id, self._secret, self.scope = client_id, client_secret, scope
        self.timeout_seconds = timeout_seconds
        self.renewals = 0
        self.last_error: str | None = None
        self._token = ""
        self._expires_at = 0.0
        self._failures = 0
        self._task: asyncio.Task | None = None
        self._http: httpx.AsyncClient | None = None

    def __call__(self) -> str:
        return self._token

    async def start(self) -> None:
        self._http = httpx.AsyncClient(timeout=self.timeout_seconds, follow_redirects=False)
        pause = await self._renew()
        self._task = asyncio.create_task(self._keep_fresh(pause), name="client-credentials:renew")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._http is not None:
            await self._http.aclose()

    async def _keep_fresh(self, pause: float) -> None:
        while True:
            await asyncio.sleep(pause)
            pause = await self._renew()

    async def _renew(self) -> float:
        """Fetch a new token; the seconds until the next renewal (a growing pause after failures)."""
        try:
            token, lifetime = await self._request()
        except Exception as exc:  # noqa: BLE001 - any failure of the platform's answer: keep the token, retry
            self.last_error, self._failures = f"{type(exc).__name__}: {exc}", self._failures + 1
            log.warning("client-credentials token not renewed", client_id=self.client_id, error=self.last_error,
                        expires_in=round(self._expires_at - time.time()))
            return min(RETRY_MAX_SECONDS, RETRY_FIRST_SECONDS * 2 ** (self._failures - 1))
        self._token, self._expires_at, self.last_error, self._failures = token, time.time() + lifetime, None, 0
        self.renewals += 1
        return max(1.0, lifetime * 2 / 3)

    async def _request(self) -> tuple[str, float]:
        assert self._http is not None, "start() first"
        if self.token_url is None:
            answer = await self._http.get(self.discovery_issuer.rstrip("/") + "/.well-known/openid-configuration")
            answer.raise_for_status()
            endpoint = answer.json().get("token_endpoint")
            if not isinstance(endpoint, str):
                raise ValueError("the discovery document names no token_endpoint")
            self.token_url = endpoint
        answer = await self._http.post(
            self.token_url,
            data={"grant_type": "client_credentials", "scope": self.scope},
            auth=(self.client_id, self._secret),  # client_secret_basic, which every platform must support
            headers={"Accept": "application/json"},
        )
        answer.raise_for_status()
        body = answer.json()
        token, lifetime = body.get("access_token"), body.get("expires_in", 300)
        if not isinstance(token, str) or not token:
            raise ValueError("the token endpoint's answer has no access_token")
        if not isinstance(lifetime, (int, float)) or lifetime <= 0:
            raise ValueError("the token endpoint's answer has no usable expires_in")
        return token, float(lifetime)
