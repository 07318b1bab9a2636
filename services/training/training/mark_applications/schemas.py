from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Identifier, Name, Reason
from training.mark_applications.domain import ApplicationKind, Outcome

EXAMPLE_ASSOCIATION = {"uscc": "51422800MJH882275W", "name": "恩施市茶叶协会", "ownership": "other", "region": "422800"}


class FileApplication(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"kind": "well_known_trademark", "applicant": EXAMPLE_ENTERPRISE, "mark": "楚天红", "filed_on": "2019-03-15"},
        {"kind": "geographical_indication", "applicant": EXAMPLE_ASSOCIATION, "mark": "恩施玉露",
         "application_number": "36012345", "filed_on": "2019-04-02"},
    ]})

    kind: ApplicationKind = Field(description="well_known_trademark (驰名商标认定) or geographical_indication (地理标志注册).")
    applicant: Enterprise = Field(
        description="The applicant (an enterprise, or for a geographical indication often an association), "
        "with its ownership on the day it applied."
    )
    mark: Name = Field(description="The trademark, or the geographical indication's name.")
    application_number: Identifier | None = Field(default=None, description="The number the authority gave the application, if known.")
    filed_on: BusinessDate


class DecideApplication(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"outcome": "approved", "decided_on": "2019-12-10"},
        {"outcome": "refused", "decided_on": "2019-12-10", "note": "使用证据不足"},
    ]})

    outcome: Outcome = Field(description="approved (recognised as well known, or registered), refused or withdrawn.")
    decided_on: BusinessDate
    note: Reason | None = None


class RetractApplication(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "recorded twice"}]})

    reason: Reason


class ApplicationWritten(BaseModel):
    application_id: str
    stream_version: int


class ApplicationView(BaseModel):
    application_id: str
    kind: ApplicationKind
    applicant: Enterprise
    mark: str
    application_number: str | None
    filed_on: date
    status: str = Field(description="pending, approved, refused, withdrawn or retracted")
    outcome: Outcome | None
    decided_on: date | None
    note: str | None
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
