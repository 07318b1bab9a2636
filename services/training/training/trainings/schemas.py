from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.regions import Region
from kernel.domain.text import Name, Reason
from training.trainings.domain import MAX_PERSON_TIMES, Audience, TrainingFormat

WIPO = "WIPO"


def _spell_wipo(value: str | None) -> str | None:
    return WIPO if value is not None and value.upper() == WIPO else value


Partner = Annotated[Name | None, AfterValidator(_spell_wipo)]


class PlanTraining(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "title": "民营企业知识产权实务人才定制培训班", "region": "420100", "format": "class",
            "audience": "private_enterprises", "partner": "WIPO", "organiser": "国家知识产权培训（湖北）基地",
            "starts_on": "2019-05-13", "ends_on": "2019-05-15",
        }]},
    )

    title: Name
    region: Region = Field(description="The division the training is held in (the one whose bureau records it).")
    format: TrainingFormat = Field(description="`class` (培训班) is what target T22a counts.")
    audience: Audience = Field(description="`private_enterprises` when it is organised for private enterprises.")
    partner: Partner = Field(description="null, `WIPO`, or the name of the IP service agency it is run with.")
    organiser: Name | None = Field(default=None, description="Who runs it, e.g. a provincial training base.")
    starts_on: BusinessDate = Field(description="First day (planned).")
    ends_on: BusinessDate = Field(description="Last day (planned); on or after `starts_on`.")


class CompleteTraining(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"person_times": 120}, {"person_times": 85, "completed_on": "2019-05-14"}]})

    person_times: int = Field(strict=True, gt=0, le=MAX_PERSON_TIMES, description="Trainee person-times (each trainee on each day counted as the office counts them).")
    completed_on: BusinessDate | None = Field(
        default=None, description="The last day it was held; defaults to the planned last day (or today, if that is still ahead)."
    )


class CancelTraining(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"cancelled_on": "2019-05-06", "reason": "场地不可用"}]})

    cancelled_on: BusinessDate
    reason: Reason


class RetractTraining(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "recorded twice"}]})

    reason: Reason


class TrainingWritten(BaseModel):
    training_id: str
    stream_version: int


class TrainingView(BaseModel):
    training_id: str
    title: str
    region: str
    format: TrainingFormat
    audience: Audience
    partner: str | None
    organiser: str | None
    starts_on: date
    ends_on: date
    status: str = Field(description="planned, completed, cancelled or retracted")
    completed_on: date | None
    person_times: int | None
    cancelled_on: date | None
    cancellation_reason: str | None
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
