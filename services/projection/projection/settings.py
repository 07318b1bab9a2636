from functools import lru_cache

from pydantic import Field
from pydantic_settings import SettingsConfigDict

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


@lru_cache
def get_settings() -> ProjectionSettings:
    return ProjectionSettings()
