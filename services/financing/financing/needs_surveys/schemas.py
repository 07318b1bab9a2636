from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from financing.vocabulary import EXAMPLE_RIGHTS, ID_PATTERN, PledgedRight, Yuan
from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Name, Reason


class RecordNeedsSurveyResponse(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"survey": "2019年民营企业知识产权质押融资需求调研", "enterprise": EXAMPLE_ENTERPRISE,
                                          "responded_on": "2019-03-20", "amount_sought_cny": 5_000_000,
                                          "rights_offered": EXAMPLE_RIGHTS}]},
    )

    survey: Name = Field(description="The survey the answer belongs to.")
    enterprise: Enterprise = Field(description="The enterprise that answered, with its ownership then.")
    responded_on: BusinessDate
    amount_sought_cny: Yuan = Field(description="The financing the enterprise seeks, in whole yuan.")
    rights_offered: list[PledgedRight] = Field(default_factory=list, max_length=500,
                                               description="Rights the enterprise could pledge; may be empty.")


class MarkNeedMet(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"project_id": "5b0a4c6e-2f57-4e5e-9d0b-0d1f5f3c1a77"}]})

    project_id: str = Field(min_length=1, max_length=64, pattern=ID_PATTERN, description="The pledge-financing project that met the need.")


class RetractNeedsSurveyResponse(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "answer entered twice"}]})

    reason: Reason


class NeedsSurveyResponseWritten(BaseModel):
    response_id: str
    stream_version: int


class NeedsSurveyResponseView(BaseModel):
    response_id: str
    survey: str
    enterprise: Enterprise
    region: str
    responded_on: date
    amount_sought_cny: int
    rights_offered: list[PledgedRight]
    met_by_project: str | None
    met_on: date | None
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
