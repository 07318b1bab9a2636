from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from kernel.projection.app import ProjectionSettingsBase


class ProjectionSettings(ProjectionSettingsBase):
    model_config = SettingsConfigDict(env_prefix="PROJECTION_", extra="ignore", populate_by_name=True)

    service_name: str = "projection"
    port: int = 8100
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/projection"


@lru_cache
def get_settings() -> ProjectionSettings:
    return ProjectionSettings()
