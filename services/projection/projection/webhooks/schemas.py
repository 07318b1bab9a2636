"""Request and response bodies of /v1/webhooks."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, AnyHttpUrl, BaseModel, ConfigDict, Field, UrlConstraints

from kernel.domain.regions import ReportingArea
from kernel.domain.text import Name
from projection.attainment.catalogue import CATALOGUE
from projection.webhooks.watched import AREAS

TargetId = Literal[tuple(CATALOGUE)]  # type: ignore[valid-type]
NotificationState = Literal["pending", "delivered", "failed"]


def _distinct(values: list | None) -> list | None:
    return None if values is None else list(dict.fromkeys(values))


WebhookUrl = Annotated[
    AnyHttpUrl,
    UrlConstraints(max_length=2000, allowed_schemes=["http", "https"], host_required=True),
    Field(description="Where notifications are POSTed: an http or https URL.", examples=["https://hooks.example.org/ipo"]),
]


class WebhookFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    targets: Annotated[list[TargetId], AfterValidator(_distinct)] | None = Field(
        default=None, min_length=1, max_length=len(CATALOGUE),
        description="Only these targets; every target when left out.", examples=[["T04", "T20"]],
    )
    regions: Annotated[list[ReportingArea], AfterValidator(_distinct)] | None = Field(
        default=None, min_length=1, max_length=len(AREAS),
        description="Only these areas (420000 for the province, else a division's code); the province and every "
        "division when left out. A division has a status only for the targets whose rule applies to a single "
        "region (T04, T09b).",
        examples=[["420000", "420100"]],
    )


class WebhookRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "url": "https://hooks.example.org/ipo", "filter": {"targets": ["T04", "T09b"], "regions": ["420100"]},
            "description": "Wuhan's assistance centers and pledge financing",
        }]},
    )

    url: WebhookUrl
    filter: WebhookFilter | None = Field(default=None, description="Which statuses to hear about; everything when left out.")
    description: Name | None = Field(default=None, description="What the subscription is for, for operators.")


class FilterView(BaseModel):
    targets: list[str] | None = Field(description="null: every target.")
    regions: list[str] | None = Field(description="null: the province and every division.")


class WebhookSubscription(BaseModel):
    id: UUID
    url: str
    filter: FilterView
    description: str | None
    created_by: str = Field(description="The subject of the token that registered it: its owner, the only subject "
                            "(beside tokens with the `admin` scope) that sees or deletes it.")
    created_at: datetime


class WebhookCreated(WebhookSubscription):
    secret: str = Field(
        description="The signing secret (`whsec_` + base64): shown only in this answer. Each notification carries "
        "`webhook-signature: v1,<base64 HMAC-SHA256 of '{webhook-id}.{webhook-timestamp}.{body}'>`, keyed with the "
        "secret's base64-decoded bytes (Standard Webhooks).",
    )


class WebhookList(BaseModel):
    items: list[WebhookSubscription]


class Delivery(BaseModel):
    id: UUID = Field(description="The notification's id, sent as `webhook-id` on every attempt.")
    type: str = Field(examples=["attainment.status_changed"])
    year: int
    target: str
    region: str
    previous_status: str
    status: str
    state: NotificationState = Field(description="pending (not delivered yet, attempts remain), delivered, or failed (every attempt failed).")
    attempts: int
    created_at: datetime = Field(description="When the change was noticed and the notification stored.")
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None = Field(description="When the next attempt is due; null unless pending.")
    delivered_at: datetime | None
    last_status_code: int | None = Field(description="The HTTP status of the last answer, if any.")
    last_error: str | None = Field(description="Why the last failed attempt failed.")


class DeliveryList(BaseModel):
    items: list[Delivery]
