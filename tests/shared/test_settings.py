"""Production refuses a weak, short or placeholder signing key; development needs one from somewhere."""

import secrets

import pytest
from pydantic import ValidationError

from kernel.settings import ServiceSettings


@pytest.mark.parametrize(
    "key", ["", "secret", "short-key", "REPLACE-with-a-random-secret-of-at-least-32-characters", "a" * 64]
)
def test_production_refuses_weak_keys(key):
    with pytest.raises(ValidationError, match="AUTH_SIGNING_KEY"):
        ServiceSettings(environment="production", auth_signing_key=key)


def test_production_accepts_a_random_key():
    assert ServiceSettings(environment="production", auth_signing_key=secrets.token_urlsafe(48)).environment == "production"


def test_development_reads_the_key_file(tmp_path):
    path = tmp_path / "key"
    path.write_text("k" * 40)
    assert ServiceSettings(auth_signing_key_file=path).auth_signing_key == "k" * 40
    with pytest.raises(ValidationError, match="no signing key"):
        ServiceSettings(auth_signing_key_file=tmp_path / "missing")
