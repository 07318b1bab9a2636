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
    timely_days: int = Field(default=10, ge=0, le=366, description="数据质量：月末后多少天内记录算及时；Data quality: a record made within this many days after its month's end is on time.")
    silent_months: int = Field(default=3, ge=1, le=12, description="数据质量：地区连续多少个月没有某措施的记录即列为缺报；Data quality: a region with no record of a measure for this many complete months running is listed as missing.")
    first_response_days: int = Field(default=2, ge=0, le=366, description="数据质量：维权援助请求多少天内应有首次答复（措施4“快速反应”）；Data quality: days within which an assistance request should have its first response (measure 4, fast response).")
    late_record_days: int = Field(default=90, ge=1, le=3660, description="数据质量：记录日期早于记录时间多少天即标记；Data quality: a record dated this many days before it was recorded is flagged.")
    outlier_z: float = Field(default=3.5, gt=0, description="数据质量：修正 z 分数阈值（中位数、MAD）；Data quality: the modified z-score (median and MAD) above which a numeric value is an outlier.")
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
