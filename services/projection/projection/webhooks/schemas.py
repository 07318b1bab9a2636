"""Request and response bodies of /v1/webhooks, and the body of each notification type (`Delivery.payload`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Union
from uuid import UUID

from pydantic import AfterValidator, AnyHttpUrl, BaseModel, ConfigDict, Field, UrlConstraints

from kernel.domain.regions import ReportingArea
from kernel.domain.text import Name
from projection.attainment.catalogue import CATALOGUE
from projection.attainment.schemas import Title
from projection.periods.schemas import RestatedRecord
from projection.webhooks.event_types import (
    DEFAULT_TYPES, EVENT_TYPES, OUTLOOK_CHANGED, PERIOD_APPROVED, PERIOD_REOPENED, PERIOD_RESTATED, PERIOD_RETURNED,
    PERIOD_SUBMITTED, QUALITY_MISSING, STATUS_CHANGED, described,
)
from projection.webhooks.watched import AREAS

TargetId = Literal[tuple(CATALOGUE)]  # type: ignore[valid-type]
NotificationState = Literal["pending", "delivered", "failed"]
EventTypeName = Literal[tuple(EVENT_TYPES)]  # type: ignore[valid-type]

# what each type's `data` holds, in the subscription's `event_types` description
PAYLOADS = {
    STATUS_CHANGED: "target, measure, title, region, year, as_of, previous_status, status, actual, threshold, comparator, occurred_at",
    PERIOD_SUBMITTED: "region, period, year, state, version, recorded_at, actor, reason (null), event_id, event_type",
    PERIOD_APPROVED: "同上；as period.submitted",
    PERIOD_RETURNED: "同上，reason 为退回原因；as period.submitted, reason the return's",
    PERIOD_REOPENED: "同上，reason 为重新打开原因；as period.submitted, reason the reopening's",
    PERIOD_RESTATED: "region, period, year, approved_at, approved_by, approval_version, change (recorded | retracted), "
                     "record {service, type, kind, id, region, occurred_on, recorded_at, actor}, "
                     "targets [{target, approved {actual, status}, current {actual, status}}]",
    QUALITY_MISSING: "kind (unserved_center | silent_region | unfinished_training | unanswered_request), region, year, as_of, "
                     "target (T04 for unserved_center, else null), item (the entry of /v1/completeness missing lists)",
    OUTLOOK_CHANGED: "target, measure, title, region, year, as_of, previous_likely_status, likely_status, outlook (detail.outlook)",
}
EVENT_TYPES_DOC = (
    "通知类型，未给出时仅为 attainment.status_changed（与原有订阅相同）。每条通知的请求体为 "
    "`{\"type\", \"timestamp\", \"data\"}`，data 按类型如下；the notification types heard, "
    "attainment.status_changed alone when left out (as every subscription before). Each body is "
    "`{\"type\", \"timestamp\", \"data\"}` (the schemas: `Delivery.payload`), data by type:\n\n"
    + "\n".join(f"- `{t}`：{described(t)}. data: {PAYLOADS[t]}" for t in EVENT_TYPES)
    + "\n\n筛选条件 regions 按通知所涉地区（420000 为全省自身）缩小范围；targets 只缩小涉及某目标的通知（状态、预测、"
    "T04 未服务的中心月）。Filter regions narrow every type by the area a notice is about (420000: the province's own); "
    "targets narrow only the notices about a target (statuses, outlooks, T04's unserved center-months)."
)


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
            "url": "https://hooks.example.org/ipo", "event_types": ["attainment.status_changed", "quality.missing"],
            "filter": {"targets": ["T04", "T09b"], "regions": ["420100"]},
            "description": "Wuhan's assistance centers and pledge financing",
        }]},
    )

    url: WebhookUrl
    event_types: Annotated[list[EventTypeName], AfterValidator(_distinct)] | None = Field(
        default=None, min_length=1, max_length=len(EVENT_TYPES), description=EVENT_TYPES_DOC,
        examples=[["attainment.status_changed", "period.submitted", "period.approved"]],
    )
    filter: WebhookFilter | None = Field(default=None, description="Which statuses to hear about; everything when left out.")
    description: Name | None = Field(default=None, description="What the subscription is for, for operators.")


class FilterView(BaseModel):
    targets: list[str] | None = Field(description="null: every target.")
    regions: list[str] | None = Field(description="null: the province and every division.")


class WebhookSubscription(BaseModel):
    id: UUID
    url: str
    event_types: list[str] = Field(
        default=list(DEFAULT_TYPES),
        description="所订阅的通知类型；The notification types it hears (see the request's `event_types`).",
    )
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


class StatusChangedData(BaseModel):
    target: str = Field(description="目标编号；The target's id", examples=["T09a"])
    measure: int = Field(description="措施编号；The measure's number")
    title: Title = Field(description="目标名称；The target's title")
    region: str = Field(description="地区（420000 为全省）；The area (420000: the province)")
    year: int = Field(description="年度；The year")
    as_of: date = Field(description="计算的截至日期（今天）；The day counted to (today)")
    previous_status: str = Field(description="变化前的状态；The status before")
    status: str = Field(description="变化后的状态；The status now")
    actual: int | float | None = Field(description="实际值；The actual figure")
    threshold: int | float | None = Field(description="阈值；What the actual is compared with")
    comparator: str = Field(description="比较方式；How the actual is compared")
    occurred_at: datetime = Field(description="发现变化的时间；When the change was noticed")


class PeriodStepData(BaseModel):
    region: str = Field(description="报送期所属地区（420000 为全省自身的报送期）；The period's region (420000: the province's own)")
    period: str = Field(description="报送期（某月或全年）；The period (a month or the year)", examples=["2019-03"])
    year: int = Field(description="年度；The year")
    state: str = Field(description="该步骤后的状态（submitted、approved、returned、reopened）；The period's state after the step")
    version: int = Field(description="报送期事件流中该步骤的版本号，可用于排序；The step's version in the period's stream (to order by)")
    recorded_at: datetime = Field(description="该步骤的记录时间；When the step was recorded")
    actor: str | None = Field(description="执行该步骤的令牌主体；The token subject that took the step")
    reason: str | None = Field(description="退回或重新打开的原因，其他步骤为空；Why it was returned or reopened, else null")
    event_id: UUID = Field(description="`/v1/periods/events` 中该事件的编号；The event's id in `/v1/periods/events`")
    event_type: str = Field(description="事件类型；The event's type", examples=["projection.PeriodApproved.v1"])


class FigureView(BaseModel):
    actual: int | float | None = Field(description="实际值；The actual figure")
    status: str | None = Field(description="状态；The status")


class RestatedFigure(BaseModel):
    target: str = Field(description="目标编号；The target's id")
    approved: FigureView = Field(description="审核时的数值和状态；As approved")
    current: FigureView = Field(description="现在的数值和状态；As now")


class PeriodRestatedData(BaseModel):
    region: str = Field(description="报送期所属地区；The period's region")
    period: str = Field(description="报送期；The period", examples=["2019-03"])
    year: int = Field(description="年度；The year")
    approved_at: datetime = Field(description="审核时间；When it was approved")
    approved_by: str | None = Field(description="审核人；Who approved it")
    approval_version: int = Field(description="审核步骤的版本号；The approval's version in the period's stream")
    change: Literal["recorded", "retracted"] = Field(description="审核后记录（recorded）或撤回（retracted）；Recorded, or retracted, after the approval")
    record: RestatedRecord = Field(description="改变数字的记录（与 `/v1/restatements` 相同）；The record (as `/v1/restatements` lists it)")
    targets: list[RestatedFigure] = Field(description="数字与审核时不同的目标；The targets whose figures differ from the approved ones")


class QualityMissingData(BaseModel):
    kind: Literal["unserved_center", "silent_region", "unfinished_training", "unanswered_request"] = Field(
        description="缺失的类型：月末前 7 天仍未上门服务（或已错过）的中心月、连续无记录的地区、已过日期未办结的培训、"
        "超期未首次答复的请求；What is missing: a center-month unserved 7 days before its end (or missed), a region silent "
        "on a measure, a training past its end not completed, a request without a first response in time")
    region: str = Field(description="所涉地区；The region it is about")
    year: int = Field(description="年度；The year")
    as_of: date = Field(description="计算的截至日期（今天）；The day counted to (today)")
    target: str | None = Field(description="所涉目标（未服务的中心月为 T04），其他为空；The target (T04 for a center-month), else null")
    item: dict[str, Any] = Field(description="`/v1/completeness` 的 missing 列表中的该项（unserved_centers、silent_regions、"
                                 "unfinished_trainings、unanswered_requests）；The entry as the `missing` lists of /v1/completeness give it")


class OutlookChangedData(BaseModel):
    target: str = Field(description="目标编号；The target's id")
    measure: int = Field(description="措施编号；The measure's number")
    title: Title = Field(description="目标名称；The target's title")
    region: str = Field(description="地区（420000 为全省）；The area (420000: the province)")
    year: int = Field(description="年度；The year")
    as_of: date = Field(description="计算的截至日期（今天）；The day counted to (today)")
    previous_likely_status: str = Field(description="变化前的可能结果；The likely_status before")
    likely_status: str = Field(description="现在的可能结果（met、missed、at_risk）；The likely_status now")
    outlook: dict[str, Any] = Field(description="现在的年底预测（与 `/v1/attainment` 的 detail.outlook 相同）；The outlook now, as detail.outlook")
    occurred_at: datetime = Field(description="发现变化的时间；When the change was noticed")


TIMESTAMP = "通知产生的时间；When the notification was made"


class StatusChangedPayload(BaseModel):
    type: Literal["attainment.status_changed"] = Field(description=f"通知类型；The type: {described(STATUS_CHANGED)}")
    timestamp: datetime = Field(description=TIMESTAMP)
    data: StatusChangedData = Field(description="通知内容；The notification's data")


class PeriodStepPayload(BaseModel):
    type: Literal["period.submitted", "period.approved", "period.returned", "period.reopened"] = Field(
        description="通知类型；The type: " + "; ".join(described(t) for t in (PERIOD_SUBMITTED, PERIOD_APPROVED, PERIOD_RETURNED, PERIOD_REOPENED)))
    timestamp: datetime = Field(description=TIMESTAMP)
    data: PeriodStepData = Field(description="通知内容；The notification's data")


class PeriodRestatedPayload(BaseModel):
    type: Literal["period.restated"] = Field(description=f"通知类型；The type: {described(PERIOD_RESTATED)}")
    timestamp: datetime = Field(description=TIMESTAMP)
    data: PeriodRestatedData = Field(description="通知内容；The notification's data")


class QualityMissingPayload(BaseModel):
    type: Literal["quality.missing"] = Field(description=f"通知类型；The type: {described(QUALITY_MISSING)}")
    timestamp: datetime = Field(description=TIMESTAMP)
    data: QualityMissingData = Field(description="通知内容；The notification's data")


class OutlookChangedPayload(BaseModel):
    type: Literal["outlook.changed"] = Field(description=f"通知类型；The type: {described(OUTLOOK_CHANGED)}")
    timestamp: datetime = Field(description=TIMESTAMP)
    data: OutlookChangedData = Field(description="通知内容；The notification's data")


WebhookPayload = Annotated[
    Union[StatusChangedPayload, PeriodStepPayload, PeriodRestatedPayload, QualityMissingPayload, OutlookChangedPayload],
    Field(discriminator="type"),
]


class Delivery(BaseModel):
    id: UUID = Field(description="The notification's id, sent as `webhook-id` on every attempt.")
    type: str = Field(examples=["attainment.status_changed"])
    year: int
    target: str | None = Field(description="所涉目标，报送步骤等为空；The target it is about, null for a period step and the like.")
    region: str
    subject: str | None = Field(default=None, description="通知所涉对象（如 420100/2019-03）；What it is about, e.g. 420100/2019-03.")
    previous_status: str | None = Field(description="变化前的状态（预测为 likely_status），无则为空；The status (an outlook's likely_status) before, if any.")
    status: str | None = Field(description="变化后的状态、报送期步骤后的状态、缺失项的状态；The status after, a period's state after its step, a missing item's state.")
    state: NotificationState = Field(description="pending (not delivered yet, attempts remain), delivered, or failed (every attempt failed).")
    attempts: int
    created_at: datetime = Field(description="When the change was noticed and the notification stored.")
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None = Field(description="When the next attempt is due; null unless pending.")
    delivered_at: datetime | None
    last_status_code: int | None = Field(description="The HTTP status of the last answer, if any.")
    last_error: str | None = Field(description="Why the last failed attempt failed.")
    payload: WebhookPayload = Field(description="每次尝试发送的请求体（按类型）；The body sent on every attempt, by type.")


class DeliveryList(BaseModel):
    items: list[Delivery]
