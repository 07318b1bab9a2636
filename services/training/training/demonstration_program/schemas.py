from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Identifier, Name, Reason
from training.demonstration_program.domain import ProgramLevel



class AdmitToProgram(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"enterprise": EXAMPLE_ENTERPRISE, "level": "demonstration", "admitted_on": "2019-07-01"}]})

    enterprise: Enterprise = Field(description="The enterprise, with its ownership on the day it was admitted.")
    level: ProgramLevel
    admitted_on: BusinessDate


class LeaveProgram(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"left_on": "2019-12-01", "reason": "考核未通过"}]})

    left_on: BusinessDate
    reason: Reason


class BeginImplementation(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"enterprise": EXAMPLE_ENTERPRISE, "began_on": "2019-03-01"}]})

    enterprise: Enterprise
    began_on: BusinessDate = Field(description="The day the enterprise began implementing GB/T 29490 (贯标).")


class RecordCertification(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"enterprise": EXAMPLE_ENTERPRISE, "certified_on": "2019-10-15", "certifier": "中知（北京）认证有限公司", "certificate_number": "165IP190123R0M"}]})

    enterprise: Enterprise
    certified_on: BusinessDate
    certifier: Name = Field(description="The certification body.")
    certificate_number: Identifier | None = None


class RetractRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "wrong enterprise recorded"}]})

    reason: Reason


class MemberWritten(BaseModel):
    member_id: str = Field(description="The enterprise's credit code.")
    stream_version: int


class MemberView(BaseModel):
    member_id: str
    enterprise: Enterprise
    level: ProgramLevel
    admitted_on: date
    left_on: date | None
    leaving_reason: str | None
    stream_version: int


class AdoptionWritten(BaseModel):
    uscc: str
    stream_version: int


class AdoptionView(BaseModel):
    uscc: str
    enterprise: Enterprise
    began_on: date | None
    certified_on: list[date]
    stream_version: int
