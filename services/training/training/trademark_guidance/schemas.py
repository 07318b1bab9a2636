from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain.dates import BusinessDate
from kernel.domain.enterprise import EXAMPLE_ENTERPRISE, Enterprise
from kernel.domain.text import Name, Reason



class RecordGuidance(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"enterprise": EXAMPLE_ENTERPRISE, "held_on": "2019-08-20", "topic": "商标注册与品牌布局", "guided_by": "武汉商标受理窗口"},
        {"enterprise": EXAMPLE_ENTERPRISE, "held_on": "2019-08-20", "topic": "驰名商标认定材料准备", "guided_by": "省局商标处",
         "library_entry_id": "91420100MA4KPN7X2M-1"},
    ]})

    enterprise: Enterprise = Field(description="The enterprise guided, with its ownership on the day.")
    held_on: BusinessDate
    topic: Name
    guided_by: Name = Field(description="Who gave the guidance: an office, a window, or a person.")
    format: Literal["face_to_face", "online"] = Field(
        default="face_to_face", description="Face to face (面对面) at the enterprise or a window, or online."
    )
    library_entry_id: str | None = Field(
        default=None, max_length=64, description="The enterprise's brand library entry the guidance was for, if any."
    )


class RetractGuidance(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "recorded twice"}]})

    reason: Reason


class GuidanceWritten(BaseModel):
    session_id: str
    stream_version: int


class GuidanceView(BaseModel):
    session_id: str
    enterprise: Enterprise
    held_on: date
    topic: str
    guided_by: str
    format: str
    library_entry_id: str | None
    trademark: str | None
    status: str = Field(description="held or retracted")
    retracted_on: date | None
    retraction_reason: str | None
    stream_version: int
