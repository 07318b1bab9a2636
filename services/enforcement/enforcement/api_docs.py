"""The Chinese of the enforcement service's OpenAPI document: its tags in the policy's sections 一 and 五, each
operation's summary and what it records, and its own field words (see kernel.openapi_language)."""

from kernel.openapi_language import ServiceDocs
from kernel.openapi_words import NOT_COUNTED, Op, Operations, Tag

TAGS = (
    Tag("infringement cases", 1, "侵权案件", "加大行政保护力度，集中查办侵犯民营企业知识产权的案件：立案与结案。",
        "Administrative protection; infringement cases opened and closed.", (1,)),
    Tag("fast-track cases", 1, "快速维权案件", "武汉两个保护中心、快速维权中心办理的快速案件及其办理时长。",
        "The two Wuhan protection centers' fast-track cases and their turnaround.", (2,)),
    Tag("foreign-related disputes", 1, "涉外纠纷援助", "知识产权涉外纠纷应对和援助案件。",
        "Assistance with IP disputes abroad.", (3,)),
    Tag("overseas escort", 1, "海外护航", "纳入湖北省重点企业知识产权海外护航工程的企业。",
        "Enterprises enrolled in the overseas IP escort program.", (3,)),
    Tag("assistance centers", 1, "维权援助中心", "全省各知识产权维权援助中心的登记与撤销；T04 按中心逐月考核。",
        "Rights-protection assistance centers; T04 is counted per center and month.", (4,)),
    Tag("on-site services", 1, "上门服务", "每个维权援助中心每月至少开展一次民营企业上门服务活动（T04）。",
        "At least one on-site service to private enterprises a month per center (T04).", (4,)),
    Tag("assistance requests", 1, "维权援助请求", "首问负责、快速反应：请求的受理、首次响应和办结，据此计算响应时长。",
        "First-inquiry responsibility and fast response; response times derived.", (4,)),
    Tag("credit list", 1, "失信名单", "严重失信主体的列入与移出，供联合惩戒；其他系统可查询某主体是否在列。",
        "Seriously dishonest entities listed for joint punishment; lookups for other systems.", (5,)),
    Tag("brand protection orders", 1, "订单式打假", "应品牌权利人请求的订单式打假：请求、行动与结案。",
        "Order-based anti-counterfeiting at a brand owner's request.", (6,)),
    Tag("mediation cases", 5, "纠纷人民调解", "湖北省知识产权纠纷人民调解委员会受理的案件。",
        "The IP dispute people's mediation committee's cases.", (17,)),
    Tag("joint meetings", 5, "部门联席会议", "司法、知识产权等多部门联席会议的召开。",
        "Inter-departmental joint meetings held.", (17,)),
)


ops = Operations("enforcement")

OPERATIONS = {
    "POST /v1/infringement-cases": ops.write("立案：侵犯民营企业知识产权的案件", "InfringementCaseOpened", "行政执法部门立案查办一件侵权案件（写明权利人所有制、是否联合查办）；", 1),
    "POST /v1/infringement-cases/{case_id}/closure": ops.write("结案：侵权案件", "InfringementCaseClosed", "侵权案件办结，写明结果和罚没金额；", 1),
    "GET /v1/infringement-cases/{case_id}": ops.read("查看侵权案件", 1),
    "POST /v1/fast-track-cases": ops.write("受理快速维权案件", "FastTrackCaseFiled", "保护中心或快速维权中心受理一件预审或快速维权案件；", 2),
    "POST /v1/fast-track-cases/{case_id}/decision": ops.write("快速维权案件办结", "FastTrackCaseDecided", "记录办结日期，由此得出办理时长；", 2),
    "GET /v1/fast-track-cases/{case_id}": ops.read("查看快速维权案件", 2),
    "POST /v1/foreign-disputes": ops.write("受理涉外纠纷援助案件", "ForeignDisputeOpened", "为民营企业的涉外知识产权纠纷立案援助；", 3),
    "POST /v1/foreign-disputes/{case_id}/assistance": ops.write("记录一次涉外纠纷援助", "ForeignDisputeAssisted", "记录在该纠纷中提供的一次援助；", 3),
    "POST /v1/foreign-disputes/{case_id}/closure": ops.write("涉外纠纷援助案件结案", "ForeignDisputeClosed", "记录案件结果；", 3),
    "GET /v1/foreign-disputes/{case_id}": ops.read("查看涉外纠纷援助案件", 3),
    "POST /v1/overseas-escort-enrolments": ops.write("企业纳入海外护航工程", "OverseasEscortEnrolled", "一家企业纳入湖北省重点企业知识产权海外护航工程；", 3),
    "POST /v1/overseas-escort-enrolments/{uscc}/leaving": ops.write("企业退出海外护航工程", "OverseasEscortLeft", "记录企业退出工程及原因；", 3),
    "GET /v1/overseas-escort-enrolments/{uscc}": ops.read("查看企业的海外护航记录", 3),
    "POST /v1/assistance-centers": Op("登记维权援助中心", "措施4：登记一个知识产权维权援助中心，记录事件 `enforcement.AssistanceCenterRegistered`。"
                                      "自登记后第一个完整月份起，T04 按该中心逐月考核（每月至少一次民营企业上门服务）。"),
    "GET /v1/assistance-centers": Op("全部维权援助中心", "措施4：按编号列出维权援助中心及其登记、撤销日期；令牌限于某地区时只列该地区。不改变任何数据。"),
    "POST /v1/assistance-centers/{center_id}/closure": Op("撤销维权援助中心", "措施4：记录事件 `enforcement.AssistanceCenterClosed`；"
                                                         "撤销当月起该中心不再计入 T04 的考核月份。"),
    "GET /v1/assistance-centers/{center_id}": ops.read("查看维权援助中心", 4),
    "POST /v1/onsite-services": Op("记录一次上门服务", "措施4：维权援助中心上门为企业提供维权援助服务，记录事件 `enforcement.OnsiteServiceRecorded`。"
                                   "服务对象中有民营企业的，计入 T04 该中心在发生月份的上门服务次数（每中心每月至少一次）。"),
    "POST /v1/onsite-services/{service_id}/retraction": Op("撤回上门服务记录", f"措施4：记录事件 `enforcement.OnsiteServiceRetracted`；{NOT_COUNTED}，"
                                                            "T04 中该中心当月的次数随之减少。"),
    "GET /v1/onsite-services/{service_id}": ops.read("查看上门服务记录", 4),
    "POST /v1/assistance-requests": ops.write("受理维权援助请求", "AssistanceRequestReceived", "维权援助中心受理一项请求（首问负责）；", 4),
    "POST /v1/assistance-requests/{request_id}/first-response": ops.write("记录请求的首次响应", "AssistanceRequestFirstResponded", "记录中心的首次响应时间，由此得出响应时长；", 4),
    "POST /v1/assistance-requests/{request_id}/resolution": ops.write("记录请求办结反馈", "AssistanceRequestResolved", "记录请求已处理并反馈，由此得出办结时长；", 4),
    "GET /v1/assistance-requests/{request_id}": ops.read("查看维权援助请求", 4),
    "POST /v1/credit-list": ops.write("列入严重失信主体名单", "EntityListed", "将严重失信主体列入名单以开展联合惩戒（写明依据、原因、日期）；", 5),
    "GET /v1/credit-list": Op("某日的失信名单", "措施5：列出某日在列的严重失信主体，供各地区联合惩戒使用。不改变任何数据。"),
    "POST /v1/credit-list/{uscc}/delisting": ops.write("移出失信名单", "EntityDelisted", "记录主体移出名单的日期和原因；", 5),
    "GET /v1/credit-list/{uscc}": Op("查询主体是否在失信名单", "措施5：其他政府系统据此查询某主体在某日是否在列、自何时起、原因及全部历史。不改变任何数据。"),
    "POST /v1/brand-protection-orders": ops.write("受理订单式打假请求", "BrandProtectionRequested", "受理品牌权利人的打假请求；", 6),
    "POST /v1/brand-protection-orders/{order_id}/actions": ops.write("记录打假行动", "BrandProtectionActionTaken", "记录针对该订单采取的一次行动（地区、查扣物品数、是否联合行动）；", 6),
    "POST /v1/brand-protection-orders/{order_id}/closure": ops.write("订单式打假结案", "BrandProtectionOrderClosed", "记录订单的结果；", 6),
    "GET /v1/brand-protection-orders/{order_id}": ops.read("查看打假订单", 6),
    "POST /v1/mediation-cases": ops.write("受理知识产权纠纷调解", "MediationCaseReceived", "人民调解委员会受理一件纠纷；", 17),
    "POST /v1/mediation-cases/{case_id}/sessions": ops.write("记录一次调解", "MediationSessionHeld", "记录一次调解会；", 17),
    "POST /v1/mediation-cases/{case_id}/closure": ops.write("调解结案", "MediationCaseClosed", "记录调解成功、失败或撤回；", 17),
    "GET /v1/mediation-cases/{case_id}": ops.read("查看调解案件", 17),
    "POST /v1/joint-meetings": ops.write("记录一次部门联席会议", "JointMeetingHeld", "记录召开的多部门联席会议及参会部门；", 17),
    "POST /v1/joint-meetings/{meeting_id}/retraction": ops.retract("撤回联席会议记录", "JointMeetingRetracted", 17),
    "GET /v1/joint-meetings/{meeting_id}": ops.read("查看联席会议记录", 17),
}

FIELDS = {
    "actions": "对该订单采取的行动；The actions taken on the order",
    "delisting_reason": "移出原因；Why the entity was delisted",
    "history": "全部列入与移出记录；Every listing and delisting",
    "listed": "当日是否在列；Whether the entity is listed on the day",
    "listed_on_or_before": "在该日或之前列入；Listed on or before this day",
    "listed_since": "本次列入的日期；The day of the listing in force",
    "listing_number": "列入序号；The listing's number",
    "on": "查询日期；The day asked about",
    "resolution_minutes": "自受理至办结的分钟数；Minutes from receipt to resolution",
    "resolution_summary": "办结情况；How the request was resolved",
    "response_minutes": "自受理至首次响应的分钟数；Minutes from receipt to first response",
    "sessions": "调解会；The mediation sessions held",
    "turnaround_days": "办理天数（受理至办结）；Days from filing to decision",
}

DOCS = ServiceDocs(
    tags=TAGS, operations=OPERATIONS, fields=FIELDS,
    title_zh="维权服务（措施1-6、17）",
    description_zh="记录湖北省知识产权局支持民营经济若干措施中权益保护措施（1-6、17）的落实情况。写入需要 `enforcement:write` 权限的令牌"
                   "（令牌可限于一个地区）并可带 `Idempotency-Key`；读取需要 `read` 权限。错误答复为 RFC 9457 问题详情。",
)
