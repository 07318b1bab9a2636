"""The bearer token a client sends when none is given: minted from the development signing key, as `ipo token` does."""

from __future__ import annotations

import os
from pathlib import Path

from kernel.auth import ALL_SCOPES, TokenIssuer

DEFAULT_KEY_FILE = Path(os.environ.get("IPO_DATA_DIR", ".data")) / "dev-signing-key"


class NoSigningKey(RuntimeError):
    pass


def signing_key() -> str:
    """AUTH_SIGNING_KEY, else the key file `make run` created (AUTH_SIGNING_KEY_FILE or .data/dev-signing-key)."""
    key = os.environ.get("AUTH_SIGNING_KEY", "").strip()
    if key:
        return key
    path = Path(os.environ.get("AUTH_SIGNING_KEY_FILE", DEFAULT_KEY_FILE))
    if path.exists() and path.read_text().strip():
        return path.read_text().strip()
    raise NoSigningKey(
        f"no signing key: set AUTH_SIGNING_KEY, run `make run` once (it creates {path}), or pass --token"
    )


def mint_token(subject: str, hours: float = 12.0, scopes: list[str] | None = None) -> str:
    """A token for `subject` (the actor the services record on each event), with every scope unless `scopes`."""
    issuer = TokenIssuer(
        signing_key(), os.environ.get("AUTH_ISSUER", "hubei-ipo"), os.environ.get("AUTH_AUDIENCE", "hubei-ipo-measures")
    )
    return issuer.mint(subject, ALL_SCOPES if scopes is None else scopes, ttl_seconds=int(hours * 3600))
