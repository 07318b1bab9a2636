"""Production refuses a weak, short or placeholder signing key; development needs one from somewhere.

Production verifies tokens with the identity platform's keys (tests/shared/test_identity.py); a signing key given
there anyway is still checked."""

import secrets

import pytest
from pydantic import ValidationError

from kernel.settings import ServiceSettings

PLATFORM = {"auth_jwks_url": "https://idp.example/keys"}


@pytest.mark.parametrize(
    "key", ["secret", "short-key", "REPLACE-with-a-random-secret-of-at-least-32-characters", "a" * 64]
)
def test_production_refuses_weak_keys(key):
    with pytest.raises(ValidationError, match="AUTH_SIGNING_KEY"):
        ServiceSettings(environment="production", auth_signing_key=key, **PLATFORM)


def test_production_accepts_a_random_key():
    assert ServiceSettings(environment="production", auth_signing_key=secrets.token_urlsafe(48), **PLATFORM).environment == "production"


def test_development_reads_the_key_file(tmp_path):
    path = tmp_path / "key"
    path.write_text("k" * 40)
    assert ServiceSettings(auth_signing_key_file=path).auth_signing_key == "k" * 40
    with pytest.raises(ValidationError, match="no signing key"):
        ServiceSettings(auth_signing_key_file=tmp_path / "missing")


def test_the_topic_replication_factor_is_read_from_its_shared_variable(monkeypatch):
    assert ServiceSettings(auth_signing_key="k" * 40).kafka_topic_replication_factor == 1
    monkeypatch.setenv("KAFKA_TOPIC_REPLICATION_FACTOR", "3")
    assert ServiceSettings(auth_signing_key="k" * 40).kafka_topic_replication_factor == 3
    monkeypatch.setenv("KAFKA_TOPIC_REPLICATION_FACTOR", "0")
    with pytest.raises(ValidationError, match="kafka_topic_replication_factor|KAFKA_TOPIC_REPLICATION_FACTOR"):
        ServiceSettings(auth_signing_key="k" * 40)


def test_previous_signing_keys_are_a_comma_separated_list(monkeypatch):
    current, old, older = (secrets.token_urlsafe(48) for _ in range(3))
    monkeypatch.setenv("AUTH_PREVIOUS_SIGNING_KEYS", f" {old} ,{older},,{current}")
    settings = ServiceSettings(environment="production", auth_signing_key=current, **PLATFORM)
    assert settings.previous_signing_keys == (old, older), "the current key is not a previous one"
    assert ServiceSettings(auth_signing_key=current, auth_previous_signing_keys="").previous_signing_keys == ()


def test_production_refuses_a_weak_previous_key():
    current = secrets.token_urlsafe(48)
    with pytest.raises(ValidationError, match="AUTH_PREVIOUS_SIGNING_KEYS"):
        ServiceSettings(environment="production", auth_signing_key=current, **PLATFORM,
                        auth_previous_signing_keys=f"{secrets.token_urlsafe(48)},changeme")
