from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from kernel.settings import ServiceSettings


class EnforcementSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ENFORCEMENT_", extra="ignore", populate_by_name=True)

    service_name: str = "enforcement"
    port: int = 8101
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/enforcement"


@lru_cache
def get_settings() -> EnforcementSettings:
    return EnforcementSettings()
