from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from kernel.settings import ServiceSettings


class FinancingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FINANCING_", extra="ignore", populate_by_name=True)

    service_name: str = "financing"
    port: int = 8102
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/financing"


@lru_cache
def get_settings() -> FinancingSettings:
    return FinancingSettings()
