from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from kernel.settings import ServiceSettings


class TrainingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TRAINING_", extra="ignore", populate_by_name=True)

    service_name: str = "training"
    port: int = 8103
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/training"


@lru_cache
def get_settings() -> TrainingSettings:
    return TrainingSettings()
