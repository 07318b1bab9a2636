from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Identifier, Name, Reason



class AdmitBrand(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"enterprise": EXAMPLE_ENTERPRISE, "trademark": "楚天红", "registration_number": "25012345", "admitted_on": "2019-06-18"},
        {"enterprise": EXAMPLE_ENTERPRISE, "trademark": "楚天红", "admitted_on": "2019-06-18"},
    ]})

    enterprise: Enterprise = Field(description="The brand's owner, with its ownership on the day the brand was admitted.")
    trademark: Name = Field(description="The mark as registered (words, or a description of a figurative mark).")
    registration_number: Identifier | None = Field(default=None, description="The trademark registration number, when registered.")
    admitted_on: BusinessDate


class GraduateBrand(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"graduated_on": "2019-12-20"}]})

    graduated_on: BusinessDate


class RemoveBrand(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"removed_on": "2019-12-20", "reason": "企业注销"}]})

    removed_on: BusinessDate
    reason: Reason


class RetractEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "wrong enterprise recorded"}]})

    reason: Reason


class EntryWritten(BaseModel):
    entry_id: str
    stream_version: int


class EntryView(BaseModel):
    entry_id: str
    enterprise: Enterprise
    trademark: str
    registration_number: str | None
    admitted_on: date
    status: str = Field(description="in_library, graduated, removed or retracted")
    graduated_on: date | None
    removed_on: date | None
    removal_reason: str | None
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
