from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from kernel.settings import ServiceSettings


class OutreachSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OUTREACH_", extra="ignore", populate_by_name=True)

    service_name: str = "outreach"
    port: int = 8104
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/outreach"


@lru_cache
def get_settings() -> OutreachSettings:
    return OutreachSettings()
