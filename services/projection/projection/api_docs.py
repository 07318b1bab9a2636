"""The Chinese of the projection's OpenAPI document: its tags (the figures of every measure; the enterprise
directory in section 五 with measure 20), each operation's summary and what it reads or changes, and its own
field words (see kernel.openapi_language)."""

from kernel.openapi_language import ServiceDocs
from kernel.openapi_words import Op, Tag

VIEW = ("各读取接口都接受 `year`、`region`、`as_of`（截至日期，须在该年内，晚于今天按今天计）和 `known_at`（数据时点：当时已记录的）；"
        "不改变任何数据")

TAGS = (
    Tag("attainment", "figures", "目标达成", "八项量化目标（T04、T09a、T09b、T11、T19、T20、T22a、T22b）是否达成，及其背后的记录。",
        "The eight quantitative targets and whether they are met, with the records behind them.", (4, 9, 11, 19, 20, 22)),
    Tag("indicators", "figures", "措施指标", "全部 24 项措施按月、按地区的统计数，按政策的七个部分分组。",
        "Figures of all 24 measures by month and region, in the policy's seven sections."),
    Tag("exports", "figures", "导出", "目标达成和指标的 XLSX、CSV 导出，表头为中文。",
        "Attainment and indicators as XLSX and CSV, with Chinese headers."),
    Tag("enterprises", 5, "民营企业名录", "梳理民营企业名录：任何记录提到的企业，以首次记录为准，并列出相互矛盾的声明。",
        "The directory of every enterprise any record names, as first recorded, with contradicting claims.", (20,)),
    Tag("webhooks", "figures", "事件通知", "目标状态变化、报送期各步骤与更正、缺报、年底预测变化时通知登记的地址（签名的 HTTP 回调）。",
        "Signed notifications to a registered URL: a target's status changed, a reporting period's steps and "
        "restatements, something missing, a year-end outlook changed."),
    Tag("reporting", "figures", "报送与审核", "各地区报送报送期的数字，省级审核；审核后的变化记为更正。",
        "Reporting periods: each region submits, the province approves, later changes are restatements."),
    Tag("quality", "figures", "数据质量", "各地区报送是否及时、完整，以及校验规则标记出的可疑记录。",
        "Whether each region records on time and completely, and the records the validation rules flag."),
)

OPERATIONS = {
    "GET /v1/attainment": Op("各项目标达成情况", f"八项量化目标在某年、某地区的实际值、阈值和状态（达成、未达成、进行中等）；{VIEW}。"),
    "GET /v1/attainment/timeline": Op("目标逐月走势", f"一项目标每月末的数值及按时间进度应达到的数值，止于 `as_of`、今天和 `known_at` 当日中最早者；{VIEW}。"),
    "GET /v1/attainment/{target_id}": Op("一项目标及其计入的记录", f"一项目标的规则、数值和计入的每条记录（T04 为中心×月份表）；令牌限于某地区时只列该地区的记录；{VIEW}。"),
    "GET /v1/indicators": Op("全部措施的统计指标", f"24 项措施的各项统计数，按月、按地区，并按类别细分；{VIEW}。"),
    "GET /v1/attainment.xlsx": Op("导出目标达成（XLSX）", f"与 `/v1/attainment` 相同的数字，中文表头；{VIEW}。"),
    "GET /v1/attainment.csv": Op("导出目标达成（CSV）", f"与 `/v1/attainment` 相同的数字，中文表头；{VIEW}。"),
    "GET /v1/indicators.xlsx": Op("导出统计指标（XLSX）", f"与 `/v1/indicators` 相同的数字，中文表头；{VIEW}。"),
    "GET /v1/indicators.csv": Op("导出统计指标（CSV）", f"与 `/v1/indicators` 相同的数字，中文表头；{VIEW}。"),
    **{f"GET /v1/attainment/regions.{fmt}": Op(f"导出各地区对比（{fmt.upper()}）", f"各地区每项目标的实际值和状态，中文表头，比例为百分比格式；{VIEW}。")
       for fmt in ("xlsx", "csv")},
    **{f"GET /v1/attainment/monthly.{fmt}": Op(f"导出逐月情况（{fmt.upper()}）", f"每项目标每月的数值与按时间进度应达到的数值，中文表头；{VIEW}。")
       for fmt in ("xlsx", "csv")},
    "GET /v1/enterprises": Op("企业名录", "措施20：梳理民营企业名录。按条件筛选、分页列出任何记录提到的企业（以首次记录为准）；令牌限于某地区时只列该地区。不改变任何数据。"),
    "GET /v1/enterprises/{uscc}": Op("一家企业及提到它的记录", "措施20：企业的首次记录、各次声明（名称、所有制、地区）及相互矛盾之处、按措施的记录数和最近的记录。不改变任何数据。"),
    "GET /v1/status": Op("统计服务的进度", "统计服务读到每个来源服务的位置、来源的最新位置和滞后；不改变任何数据。"),
    "GET /v1/webhooks": Op("我的通知订阅", "列出本令牌主体登记的订阅（不含签名密钥）。不改变任何数据。"),
    "POST /v1/webhooks": Op("登记通知订阅", "登记一个地址：所选事件类型（`event_types`，默认只有目标状态变化）发生时向其发送签名的通知，按地区、目标筛选；密钥只在本次答复中给出。需要 `projection:write` 权限。"),
    "GET /v1/webhooks/{subscription_id}": Op("查看一个订阅", "一个订阅的地址、筛选条件和登记人（不含签名密钥）。不改变任何数据。"),
    "DELETE /v1/webhooks/{subscription_id}": Op("删除订阅", "删除订阅及其待发送的通知。"),
    "GET /v1/webhooks/{subscription_id}/deliveries": Op("订阅最近的通知", "最近的通知：状态、尝试次数、最后的错误和下次尝试时间。不改变任何数据。"),
    "POST /v1/periods/{region}/{period}/submission": Op("报送报送期", "地区确认其某月或全年的数字（以现在已记录的为准），记录报送事件；省级审核前可退回。"),
    "POST /v1/periods/{region}/{period}/approval": Op("审核通过报送期", "省级审核通过已报送的数字，记录审核事件；之后对这些数字的变化记为更正。"),
    "POST /v1/periods/{region}/{period}/return": Op("退回报送期", "省级将报送退回地区并写明原因，记录退回事件；地区可再次报送。"),
    "POST /v1/periods/{region}/{period}/reopening": Op("重新打开报送期", "重新打开已审核的报送期并写明原因，记录重新打开事件。"),
    "GET /v1/periods": Op("各地区报送期状态", "各地区每月和全年的状态、报送和审核人及时间、对应的数据时点。不改变任何数据。"),
    "GET /v1/completeness": Op("报送及时性与完整性", f"按地区、月份和记录类型：记录数、滞后天数、按时比例，以及缺失的（未上门服务的中心、"
                                                    f"未报送的地区、未办结的培训、未响应的请求）；{VIEW}。"),
    "GET /v1/quality/flags": Op("数据质量标记", f"校验规则（Q01-Q07）标记出的记录及其数值和阈值，默认只列未复核的；{VIEW}。"),
    "POST /v1/quality/flags/{flag_id}/review": Op("复核一个质量标记", "写明复核意见，标记即离开未复核列表；记录为统计服务事件存储中的一个事件，记录者为令牌主体。"
                                                             "需要 `projection:write` 权限。"),
    "GET /v1/periods/events": Op("报送与复核事件（按提交顺序）", "统计服务自己记录的事件（报送、审核、退回、重新打开、质量复核），CloudEvents 1.0，"
                                 "从 `after` 之后读起；需要 `feed:read` 权限且令牌不限地区。不改变任何数据。"),
    "GET /v1/periods/audit": Op("报送与复核的审计", "谁在何时报送、审核、退回、重新打开或复核；需要 `audit:read` 权限且令牌不限地区。不改变任何数据。"),
    "GET /v1/restatements": Op("审核后的更正", "审核通过后记录的、改变了已审核数字的变化（审核时的数值与现在的数值）。不改变任何数据。"),
}

FIELDS = {
    # attainment and timelines
    "year": "年度；The year", "as_of": "截至日期：计入该日及之前发生的；The day counted to",
    "known_at": "数据时点：只计当时已记录的（带时区，无时区时为北京时间）；Only what had been recorded by this moment",
    "targets": "各项目标；The targets", "target": "目标编号（T04 等）；The target's id",
    "actual": "实际值（次数或 0 到 1 之间的比例）；The actual figure", "threshold": "阈值；What the actual is compared with",
    "comparator": "比较方式（≥、> 等）；How the actual is compared", "stretch": "力争值；A higher value the policy names",
    "rule": "目标的规则；The target's rule", "centers": "T04：中心×月份表；T04's center x month grid",
    "months": "各月；The months", "services": "当月民营企业上门服务次数；On-site services to private enterprises that month",
    "state": "状态；State", "points": "每月末的点；A point per month's end",
    "pro_rata": "按时间进度应达到的数值；The line to be on", "reached": "该月是否已到（未到则无实际值）；Whether the month has come",
    "value": "数值；The value", "date": "计入的日期；The day it counts on",
    "recorded_at": "记录时间（带时区）；When it was recorded", "retracted_at": "撤回时间（带时区）；When it was retracted",
    "facts": "该记录计入的内容（是否民营、金额、人次等）；What the record adds to the figure",
    # indicators
    "sections": "政策的七个部分；The policy's seven sections", "measure": "措施编号；The measure's number",
    "service": "记录该措施的服务；The service recording the measure", "figures": "统计数；The figures",
    "unit": "单位；The unit", "aggregation": "汇总方式（计数、金额合计、中位数等）；How records are aggregated",
    "total": "截至 `as_of` 的全年数；The year up to as_of", "by_region": "按地区；By division",
    "by_category": "按类别（所有制、结果、类型等）；By category", "private_only": "是否只计民营企业；Private enterprises only",
    "records_known": "`known_at` 时已知的该类记录数；Records of this kind known at known_at",
    "zh": "中文；Chinese", "en": "英文；English", "last_on": "最近一条的业务日期；The latest one's business date",
    "as_of_requested": "请求的截至日期（晚于今天时按今天计）；The as_of asked for",
    "as_of_clamped": "截至日期是否因晚于今天而按今天计；Whether as_of was counted to today",
    "target_id": "目标编号（T04 等）；The target's id", "subscription_id": "订阅编号；The subscription's id",
    # quality
    "flag_id": "质量标记编号；The flag's id", "flags": "质量标记；The flags", "rules": "校验规则；The validation rules",
    "record": "被标记的记录；The record flagged", "values": "规则所看的数值；The values the rule looked at",
    "review": "复核情况；The review", "reviewed_at": "复核时间；When it was reviewed",
    "timely_days": "按时的天数限（发生后多少天内记录）；Days within which a record is on time",
    "settings": "所用的设置；The settings used", "missing": "缺失的；What is missing",
    "unserved_centers": "当月未上门服务的中心；Centers without an on-site service that month",
    "silent_regions": "连续无记录的地区；Regions recording nothing for months",
    "unfinished_trainings": "已过日期而未办结的培训；Trainings past their date, not completed",
    "unanswered_requests": "超期未首次响应的请求；Requests without a first response in time",
    "lag_days": "记录滞后天数；Days from occurring to recording", "on_time": "按时记录数；Records on time",
    "on_time_share": "按时比例；The on-time share", "median": "中位数；Median", "p90": "第 90 百分位数；90th percentile", "max": "最大值；Maximum",
    # the directory
    "q": "按名称或信用代码查找；Search by name or credit code",
    "claims": "记录给出的各个名称、所有制和地区；Every name, ownership and region records gave",
    "contradicting_claims": "与首次记录矛盾的声明；Claims contradicting the first record",
    "contradicts": "是否与首次记录矛盾；Whether it contradicts the first record",
    "first_record_id": "首次给出该声明的记录；The first record making the claim",
    "first_recorded_at": "首次记录时间（带时区）；When it was first recorded",
    "last_contact_on": "最近一条提到该企业的记录的业务日期；The latest record's business date",
    "by_measure": "按措施的记录数；Records by measure", "records": "记录；The records",
    "recent_records": "最近提到该企业的记录（含已撤回的）；The latest records naming the enterprise",
    "regions": "地区（null 为全省及各地区）；The regions (null: every one)",
    # status
    "sources": "各来源服务；Each source service", "kafka": "消息代理的接收情况；The broker consumer",
    "alive": "是否在运行；Whether it runs", "receiving": "是否已加入消费组并分得分区；Whether it receives",
    "error": "错误；The error", "feed_error": "最近一次与事件流核对失败的原因；Why the last feed reconciliation failed",
    "lag_events": "尚未应用的事件数；Events not applied yet", "lag_seconds": "最早未应用事件的滞后秒数；Age of the oldest missing event",
    "saved_at": "位置最近保存的时间；When the position was last saved",
    "last_complete_pass": "最近一次全部核对无误的时间；When every feed was last reconciled",
    # webhooks
    "url": "接收通知的地址；The URL notified", "secret": "签名密钥，只在登记答复中给出；The signing secret, shown once",
    "filter": "筛选条件（目标、地区）；Which targets and regions", "description": "说明；A note",
    "created_at": "登记时间；When it was created", "created_by": "登记人（令牌主体）；Who registered it",
    "attempts": "尝试次数；Attempts made", "delivered_at": "送达时间；When it was delivered",
    "last_attempt_at": "最近尝试时间；The last attempt", "last_error": "最近失败的原因；Why the last attempt failed",
    "last_status_code": "最近答复的 HTTP 状态码；The last answer's HTTP status",
    "next_attempt_at": "下次尝试时间；When the next attempt is due", "previous_status": "变化前的状态；The status before",
    # reporting periods
    "period": "报送期（某月或全年）；The period", "periods": "报送期；The periods", "version": "版本号；The version",
    "first_day": "首日；First day", "last_day": "末日；Last day",
    "submitted_at": "报送时间；When it was submitted", "submitted_by": "报送人；Who submitted it",
    "approved_at": "审核时间；When it was approved", "approved_by": "审核人；Who approved it",
    "returned_at": "退回时间；When it was returned", "returned_by": "退回人；Who returned it", "return_reason": "退回原因；Why it was returned",
    "reopened_at": "重新打开时间；When it was reopened", "reopened_by": "重新打开人；Who reopened it",
    "reopen_reason": "重新打开原因；Why it was reopened",
    "submitted_vintage": "报送时的数据时点；The moment `vintage=submitted` answers for",
    "approved_vintage": "审核时的数据时点；The moment `vintage=approved` answers for",
    "restatements": "更正；The restatements", "approved": "审核时的数值和状态；As approved", "current": "现在的数值和状态；As now",
}

DOCS = ServiceDocs(
    tags=TAGS, operations=OPERATIONS, fields=FIELDS,
    title_zh="统计服务：目标达成",
    description_zh="随时显示政策各项量化目标在全省及 17 个地区是否达成。数字由各命令服务的事件计算（Kafka 保证及时，各服务的事件流保证完整）。"
                   "`as_of` 和 `known_at` 给出双时态视图：某日之前发生的、某时刻已记录的。读取需要 `read` 权限的令牌。",
)
