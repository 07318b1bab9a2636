from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.regions import ReportingArea
from kernel.domain.text import Reason
from training.recognitions.domain import RecognitionLevel



class RecommendEnterprise(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"enterprise": EXAMPLE_ENTERPRISE, "level": "national_advantage",
                                          "recommended_on": "2019-04-10", "recommended_by": "420000"}]},
    )

    enterprise: Enterprise = Field(description="The enterprise, with its ownership on the day it was recommended.")
    level: RecognitionLevel
    recommended_on: BusinessDate
    recommended_by: ReportingArea = Field(description="The province (420000) or the division whose bureau recommended it.")


class RecognizeEnterprise(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [
            {"enterprise": EXAMPLE_ENTERPRISE, "level": "national_advantage", "recognized_on": "2019-11-20"},
            {"enterprise": EXAMPLE_ENTERPRISE, "level": "national_advantage", "recognized_on": "2019-11-20",
             "recommendation_id": "91420100MA4KPN7X2M-national_advantage-2019-1"},
        ]},
    )

    enterprise: Enterprise = Field(description="The enterprise, with its ownership on the day it was recognised.")
    level: RecognitionLevel
    recognized_on: BusinessDate
    recommendation_id: str | None = Field(
        default=None, max_length=120,
        description="The recommendation it followed; when omitted, the latest open recommendation of the same level "
        "made within the year before is taken, if there is one.",
    )


class RetractRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "wrong enterprise recorded"}]})

    reason: Reason


class RecommendationWritten(BaseModel):
    recommendation_id: str
    stream_version: int


class RecognitionWritten(BaseModel):
    recognition_id: str
    stream_version: int


class RecommendationView(BaseModel):
    recommendation_id: str
    enterprise: Enterprise
    level: RecognitionLevel
    recommended_on: date
    recommended_by: str
    recognition_id: str | None = Field(description="The live recognition that followed it, if any.")
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int


class RecognitionView(BaseModel):
    recognition_id: str
    enterprise: Enterprise
    level: RecognitionLevel
    recognized_on: date
    recommendation_id: str | None
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
