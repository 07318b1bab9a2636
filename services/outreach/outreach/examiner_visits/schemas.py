from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Name, Summary
from outreach.common import Label


class MakeExaminerVisit(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "occurred_on": "2019-05-21", "enterprise": EXAMPLE_ENTERPRISE, "examiners": 2, "attorneys": 1,
            "examiner_names": ["张审查", "李审查"], "attorney_names": ["王代理"],
            "organiser": "专利审查协作湖北中心", "summary": "“千家民企面对面”走访，指导专利申请质量提升",
        }]},
    )

    occurred_on: BusinessDate = Field(description="The day of the visit.")
    enterprise: Enterprise = Field(description="The enterprise visited, with its ownership at the time.")
    examiners: int = Field(strict=True, ge=0, le=1000, description="Patent examiners taking part.")
    attorneys: int = Field(strict=True, ge=0, le=1000, description="Patent attorneys taking part.")
    examiner_names: list[Name] | None = Field(
        default=None, max_length=1000, description="The examiners, where given: then there must be `examiners` of them."
    )
    attorney_names: list[Name] | None = Field(
        default=None, max_length=1000, description="The attorneys, where given: then there must be `attorneys` of them."
    )
    organiser: Label = ""
    summary: Summary = ""


class ExaminerVisitWritten(BaseModel):
    visit_id: str
    stream_version: int


class ExaminerVisitView(BaseModel):
    visit_id: str
    occurred_on: date
    region: str
    enterprise: Enterprise
    examiners: int
    attorneys: int
    person_times: int
    examiner_names: list[str] | None
    attorney_names: list[str] | None
    organiser: str
    summary: str
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
