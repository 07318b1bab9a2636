import json
from functools import lru_cache
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic.networks import IPvAnyNetwork
from pydantic_settings import NoDecode, SettingsConfigDict

from kernel.projection.app import ProjectionSettingsBase


class ProjectionSettings(ProjectionSettingsBase):
    model_config = SettingsConfigDict(env_prefix="PROJECTION_", extra="ignore", populate_by_name=True)

    service_name: str = "projection"
    port: int = 8100
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/projection"
    sources: dict[str, str] = Field(
        default={
            "enforcement": "http://127.0.0.1:8101",
            "financing": "http://127.0.0.1:8102",
            "training": "http://127.0.0.1:8103",
            "outreach": "http://127.0.0.1:8104",
        },
        description="Each command service whose events are projected, and the base URL of its HTTP feed.",
    )
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, description="How long one webhook delivery may take before it counts as failed.")
    webhook_max_attempts: int = Field(default=15, ge=1, description="Attempts per notification before it is marked failed (about a day with the default backoff).")
    webhook_retry_base_seconds: float = Field(default=30.0, gt=0, description="Wait before the second attempt; it doubles with each further attempt (with jitter).")
    webhook_retry_max_seconds: float = Field(default=21600.0, gt=0, description="The longest wait between two attempts.")
    webhook_interval_seconds: float = Field(default=2.0, gt=0, description="How often the status watcher and the sender look for work when nothing wakes them.")
    webhook_refuse_private_urls: bool = Field(default=True, description="Refuse webhook URLs whose host is a loopback, private, link-local or otherwise non-public address.")
    webhook_allowed_networks: Annotated[tuple[IPvAnyNetwork, ...], NoDecode] = Field(
        default=(),
        description="Networks (CIDR, comma-separated or a JSON list) a webhook URL may reach although they are private, "
        "e.g. the office intranet's receivers; every other non-public address stays refused while "
        "webhook_refuse_private_urls is on.",
    )

    @field_validator("webhook_allowed_networks", mode="before")
    @classmethod
    def _network_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value


@lru_cache
def get_settings() -> ProjectionSettings:
    return ProjectionSettings()
