"""The Chinese of the financing service's OpenAPI document: its tags in the policy's section 二, each operation's
summary and what it records, and its own field words (see kernel.openapi_language)."""

from kernel.openapi_language import ServiceDocs
from kernel.openapi_words import Op, Operations, Tag

ops = Operations("financing")
T09B = "计入 T09b（当年登记的质押融资项目中民营企业项目占比须超过 50%，按登记日期）和措施9的统计指标"

TAGS = (
    Tag("pledge-financing projects", 2, "质押融资项目", "项目的登记、解押、违约与撤回；T09b 民营企业项目占比须超过 50%。",
        "Projects registered, released, defaulted on, retracted; T09b: the private share must exceed 50 %.", (9,)),
    Tag("risk sharing, insurance and guarantees", 2, "风险分担、保险与担保", "风险补偿、补贴贴息，质押贷款保证保险和融资担保。",
        "Subsidies, interest discounts, risk compensation; guarantee insurance and guarantees.", (7, 8)),
    Tag("matchmaking events", 2, "质押融资对接活动", "每年至少组织 1-2 场知识产权质押融资对接活动（T09a）。",
        "At least one or two pledge-financing matchmaking events a year (T09a).", (9,)),
    Tag("financing-needs surveys", 2, "融资需求调研", "民营企业知识产权融资需求调研，以及满足需求的项目。",
        "Enterprises' financing needs, and the projects that met them.", (9,)),
)

OPERATIONS = {
    "POST /v1/pledge-projects": ops.write("登记质押融资项目", "PledgeProjectRegistered",
                                          "登记一个知识产权质押融资项目（企业及其所有制、质押权利、贷款银行、金额、登记日期）；", 9, T09B),
    "GET /v1/pledge-projects": Op("全部质押融资项目", "措施9：按编号列出项目；令牌限于某地区时只列该地区。不改变任何数据。"),
    "POST /v1/pledge-projects/{project_id}/retraction": ops.retract("撤回质押融资项目记录", "PledgeProjectRetracted", 9, "，T09b 的分子分母随之变化"),
    "POST /v1/pledge-projects/{project_id}/release": ops.write("记录质押解除", "PledgeReleased", "记录项目的质押已解除；", 9),
    "POST /v1/pledge-projects/{project_id}/default": ops.write("记录借款违约", "PledgeProjectDefaulted", "记录借款人违约，之后方可记录风险补偿；", 9),
    "GET /v1/pledge-projects/{project_id}": ops.read("查看质押融资项目及其扶持", 9),
    "POST /v1/pledge-projects/{project_id}/subsidies": ops.write("给予补贴或贴息", "SubsidyGranted", "为项目给予补贴或贴息，降低融资成本；", 7),
    "POST /v1/pledge-projects/{project_id}/risk-compensations": ops.write("支付风险补偿", "RiskCompensationPaid", "对已违约项目支付风险补偿（政府引导的风险分担）；", 7),
    "POST /v1/pledge-projects/{project_id}/guarantees": ops.write("附加保证保险或融资担保", "GuaranteeAttached", "为项目附加质押贷款保证保险或担保机构的融资担保；", 8),
    "POST /v1/pledge-projects/{project_id}/subsidies/{record_id}/retraction": ops.retract("撤回补贴记录", "SupportRecordRetracted", 7),
    "GET /v1/pledge-projects/{project_id}/subsidies/{record_id}": ops.read("查看补贴记录", 7),
    "POST /v1/pledge-projects/{project_id}/risk-compensations/{record_id}/retraction": ops.retract("撤回风险补偿记录", "SupportRecordRetracted", 7),
    "GET /v1/pledge-projects/{project_id}/risk-compensations/{record_id}": ops.read("查看风险补偿记录", 7),
    "POST /v1/pledge-projects/{project_id}/guarantees/{record_id}/retraction": ops.retract("撤回担保记录", "SupportRecordRetracted", 8),
    "GET /v1/pledge-projects/{project_id}/guarantees/{record_id}": ops.read("查看担保记录", 8),
    "POST /v1/matchmaking-events": ops.write("记录一场质押融资对接活动", "MatchmakingEventHeld", "记录举办的银企对接活动（日期、地区、组织单位、参会企业和银行）；", 9,
                                             "计入 T09a（当年全省质押融资对接活动场数，至少 1 场，力争 2 场）和措施9的统计指标"),
    "POST /v1/matchmaking-events/{event_id}/retraction": ops.retract("撤回对接活动记录", "MatchmakingEventRetracted", 9, "，T09a 的场数随之减少"),
    "GET /v1/matchmaking-events/{event_id}": ops.read("查看对接活动", 9),
    "POST /v1/needs-survey-responses": ops.write("记录企业的融资需求调研答卷", "NeedsSurveyResponseRecorded", "记录一家企业对融资需求调研的答复（需求金额、可质押权利）；", 9),
    "POST /v1/needs-survey-responses/{response_id}/fulfilment": ops.write("记录需求已由项目满足", "FinancingNeedMet", "记录某质押融资项目满足了该需求；", 9),
    "POST /v1/needs-survey-responses/{response_id}/retraction": ops.retract("撤回调研答卷", "NeedsSurveyResponseRetracted", 9),
    "GET /v1/needs-survey-responses/{response_id}": ops.read("查看调研答卷", 9),
}

FIELDS = {
    "compensation_id": "风险补偿编号；The risk compensation's id",
    "guarantee_id": "担保编号；The guarantee's id",
    "subsidy_id": "补贴编号；The subsidy's id",
    "guarantees": "保证保险与担保；Guarantee insurance and guarantees",
    "risk_compensations": "风险补偿；Risk compensations paid",
    "subsidies": "补贴与贴息；Subsidies and interest discounts",
    "met_by_project": "满足需求的质押融资项目编号；The project that met the need",
    "met_on": "需求满足日期；The day the need was met",
}

DOCS = ServiceDocs(
    tags=TAGS, operations=OPERATIONS, fields=FIELDS,
    title_zh="质押融资服务（措施7-9）",
    description_zh="记录民营企业知识产权质押融资措施（7-9）的落实：项目、风险分担与担保、对接活动、需求调研。写入需要 `financing:write` "
                   "权限的令牌并可带 `Idempotency-Key`；读取需要 `read` 权限。错误答复为 RFC 9457 问题详情。",
)
