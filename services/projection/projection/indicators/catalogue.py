"""The 24 measures in the seed's seven sections, and the activity figures reported for each, as data.

Titles are short renderings of each measure's text in 鄂知发〔2019〕1号. A figure names the fact kinds it reads
(see projection.indicators.facts), how they are aggregated, and optional filters; adding a figure is an entry
here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Aggregation = Literal["count", "sum_amount", "sum_value", "median_value", "p90_value", "mean_value", "distinct_uscc", "stock"]


@dataclass(frozen=True)
class Section:
    number: int
    title_zh: str
    title_en: str
    measures: tuple[int, ...]


@dataclass(frozen=True)
class Measure:
    number: int
    service: str
    title_zh: str
    title_en: str


@dataclass(frozen=True)
class Figure:
    id: str
    measure: int
    title_zh: str
    title_en: str
    unit: str
    aggregation: Aggregation
    kinds: tuple[str, ...]
    private_only: bool = False
    by_category: bool = False  # also give the year's figure by category (an ownership type, an outcome, a kind)


SECTIONS = (
    Section(1, "依法严格平等保护民营企业知识产权", "Strict and equal legal protection of private enterprises' IP", (1, 2, 3, 4, 5, 6)),
    Section(2, "推进民营企业知识产权质押融资工作", "IP pledge financing for private enterprises", (7, 8, 9)),
    Section(3, "支持民营企业建立知识产权战略", "Supporting private enterprises' IP strategies", (10, 11, 12, 13)),
    Section(4, "鼓励民营资本积极参与知识产权服务业发展", "Private capital in the IP service industry", (14, 15, 16)),
    Section(5, "持续推进知识产权便利化服务", "Facilitation services", (17, 18, 19, 20, 21)),
    Section(6, "加大民营企业知识产权人才培养力度", "Training IP talent for private enterprises", (22,)),
    Section(7, "提高民营企业知识产权意识", "Raising private enterprises' IP awareness", (23, 24)),
)

MEASURES = {m.number: m for m in (
    Measure(1, "enforcement", "加大民营企业知识产权行政保护力度，集中查办侵权案件", "Administrative protection; joint investigation of infringement cases"),
    Measure(2, "enforcement", "知识产权保护中心和快速维权中心建设", "IP protection center and rapid rights-protection center"),
    Measure(3, "enforcement", "涉外纠纷应对和援助，海外护航工程", "Foreign-related dispute assistance; overseas escort program"),
    Measure(4, "enforcement", "维权援助中心首问负责、每月上门服务", "Assistance centers: first-inquiry responsibility, monthly on-site service"),
    Measure(5, "enforcement", "知识产权信用平台与失信联合惩戒", "IP credit platform; joint punishment of seriously dishonest entities"),
    Measure(6, "enforcement", "品牌服务面对面，订单式打假", "Brand services face to face; order-based anti-counterfeiting"),
    Measure(7, "financing", "质押融资风险补偿、补贴贴息", "Pledge financing: risk compensation, subsidies and interest discounts"),
    Measure(8, "financing", "质押贷款保证保险与融资担保", "Pledge-loan guarantee insurance and financing guarantees"),
    Measure(9, "financing", "质押融资对接活动，民营企业项目占比超过50%", "Pledge-financing matchmaking; private share of projects above 50%"),
    Measure(10, "training", "高校和企业知识产权示范工程，贯彻《企业知识产权管理规范》", "Demonstration program; the Enterprise IP Management Standard"),
    Measure(11, "training", "推荐民营企业申报国家知识产权优势示范企业", "Private enterprises recommended as national IP advantage or demonstration enterprises"),
    Measure(12, "training", "选派知识产权特派员深入民营企业", "IP special commissioners coaching private enterprises"),
    Measure(13, "training", "品牌孵化库与商标品牌“面对面”指导", "Brand incubation library; face-to-face trademark guidance"),
    Measure(14, "outreach", "国有、民营知识产权服务机构一视同仁", "Equal access and supervision for state and private IP service agencies"),
    Measure(15, "outreach", "东湖国家知识产权服务业集聚发展示范区", "East Lake national IP service industry cluster zone"),
    Measure(16, "outreach", "知识产权代理援助，免费服务初创困难民营企业", "IP agency aid: free services for start-up or struggling private enterprises"),
    Measure(17, "enforcement", "知识产权纠纷人民调解与多部门联席会议", "People's mediation of IP disputes; inter-departmental joint meetings"),
    Measure(18, "outreach", "专利信息服务站与公益信息服务", "Patent information service stations and free information services"),
    Measure(19, "outreach", "专利收费减缓政策宣讲会与上门服务", "Patent fee reduction briefings and on-site services"),
    Measure(20, "outreach", "“千家民企面对面”：民营企业名录与审查员、代理师走访", "Thousand enterprises face to face: directory and examiner visits"),
    Measure(21, "outreach", "商标受理窗口指导与受理服务", "Trademark acceptance windows"),
    Measure(22, "training", "民营企业知识产权人才培训", "IP training for private enterprises"),
    Measure(23, "outreach", "传统媒体和新媒体宣传知识产权政策", "Publicity of the policies in traditional and new media"),
    Measure(24, "outreach", "民营企业运用知识产权典型案例与专题报道", "Typical cases and special reports"),
)}

F = Figure
FIGURES: tuple[Figure, ...] = (
    F("M01.opened", 1, "立案侵权案件数", "Infringement cases opened", "cases", "count", ("infringement_opened",), by_category=True),
    F("M01.opened_private", 1, "权利人为民营企业的立案数", "Cases opened for private right holders", "cases", "count", ("infringement_opened",), private_only=True),
    F("M01.closed", 1, "结案数", "Infringement cases closed", "cases", "count", ("infringement_closed",), by_category=True),
    F("M01.fines", 1, "罚款金额", "Fines imposed", "cny", "sum_amount", ("infringement_closed",)),
    F("M02.filed", 2, "快速通道受理案件数", "Fast-track cases filed", "cases", "count", ("fast_track_filed",), by_category=True),
    F("M02.decided", 2, "快速通道办结案件数", "Fast-track cases decided", "cases", "count", ("fast_track_decided",)),
    F("M02.turnaround_median", 2, "办理周期中位数", "Turnaround, median", "days", "median_value", ("fast_track_decided",)),
    F("M02.turnaround_p90", 2, "办理周期第90百分位", "Turnaround, 90th percentile", "days", "p90_value", ("fast_track_decided",)),
    F("M03.disputes", 3, "涉外纠纷援助案件数", "Foreign-related dispute cases opened", "cases", "count", ("foreign_dispute_opened",)),
    F("M03.assistance", 3, "涉外纠纷援助次数", "Assistance given in foreign-related disputes", "times", "count", ("foreign_dispute_assisted",), by_category=True),
    F("M03.escort", 3, "海外护航工程在册企业数", "Enterprises in the overseas escort program", "enterprises", "stock", ("escort_enrolled", "escort_left")),
    F("M04.onsite_private", 4, "上门服务民营企业次数", "On-site services to private enterprises", "services", "count", ("onsite_service",), private_only=True),
    F("M04.requests", 4, "维权援助请求数", "Assistance requests received", "requests", "count", ("assistance_request_received",), by_category=True),
    F("M04.first_response_median", 4, "首次响应时间中位数", "First response time, median", "minutes", "median_value", ("assistance_request_responded",)),
    F("M04.resolved", 4, "办结援助请求数", "Assistance requests resolved", "requests", "count", ("assistance_request_resolved",)),
    F("M04.centers", 4, "在运行维权援助中心数", "Assistance centers active", "centers", "stock", ("center_registered", "center_closed")),
    F("M05.listed", 5, "列入严重失信名单次数", "Entities put on the credit list", "entities", "count", ("credit_listed",)),
    F("M05.delisted", 5, "移出名单次数", "Entities taken off the credit list", "entities", "count", ("credit_delisted",)),
    F("M05.on_list", 5, "名单在列主体数", "Entities on the credit list", "entities", "stock", ("credit_listed", "credit_delisted")),
    F("M06.requested", 6, "订单式打假请求数", "Brand-protection orders requested", "orders", "count", ("brand_order_requested",)),
    F("M06.actions", 6, "打假行动次数", "Anti-counterfeiting actions taken", "actions", "count", ("brand_action_taken",), by_category=True),
    F("M06.closed", 6, "办结订单数", "Brand-protection orders closed", "orders", "count", ("brand_order_closed",), by_category=True),
    F("M07.pledge_amount", 7, "质押融资金额", "Pledge financing amount", "cny", "sum_amount", ("pledge_registered",)),
    F("M07.subsidies", 7, "补贴贴息笔数", "Subsidies and interest discounts granted", "grants", "count", ("subsidy",), by_category=True),
    F("M07.subsidy_amount", 7, "补贴贴息金额", "Subsidies and interest discounts, amount", "cny", "sum_amount", ("subsidy",), by_category=True),
    F("M07.compensations", 7, "风险补偿笔数", "Risk compensations paid", "payments", "count", ("risk_compensation",)),
    F("M07.compensation_amount", 7, "风险补偿金额", "Risk compensations, amount", "cny", "sum_amount", ("risk_compensation",), by_category=True),
    F("M08.guarantees", 8, "保证保险与担保笔数", "Guarantee insurance policies and guarantees attached", "guarantees", "count", ("guarantee",), by_category=True),
    F("M08.cover", 8, "保险与担保金额", "Guarantee cover", "cny", "sum_amount", ("guarantee",), by_category=True),
    F("M09.projects", 9, "质押融资项目数", "Pledge-financing projects registered", "projects", "count", ("pledge_registered",)),
    F("M09.private_projects", 9, "民营企业质押融资项目数", "Pledge-financing projects of private enterprises", "projects", "count", ("pledge_registered",), private_only=True),
    F("M09.matchmaking", 9, "质押融资对接活动场次", "Matchmaking events held", "events", "count", ("matchmaking_held",)),
    F("M09.survey_responses", 9, "融资需求调研反馈数", "Financing needs survey responses", "responses", "count", ("needs_response",)),
    F("M10.program", 10, "示范工程在册企业数", "Enterprises in the demonstration program", "enterprises", "stock", ("program_joined", "program_left"), by_category=True),
    F("M10.standard_begun", 10, "开始贯标企业数", "Enterprises beginning the management standard", "enterprises", "count", ("standard_begun",)),
    F("M10.certified", 10, "贯标认证企业数", "Enterprises certified to the management standard", "enterprises", "count", ("standard_certified",)),
    F("M11.recommendations", 11, "推荐申报数", "Recommendations", "enterprises", "count", ("recommendation",), by_category=True),
    F("M11.recognitions", 11, "获认定企业数", "Recognitions", "enterprises", "count", ("recognition",), by_category=True),
    F("M11.private_recognitions", 11, "获认定民营企业数", "Recognitions of private enterprises", "enterprises", "count", ("recognition",), private_only=True),
    F("M12.dispatches", 12, "特派员派驻次数", "Commissioner dispatches", "dispatches", "count", ("commissioner_dispatched",), by_category=True),
    F("M12.concluded", 12, "特派员服务结束次数", "Commissioner dispatches concluded", "dispatches", "count", ("commissioner_concluded",)),
    F("M13.admitted", 13, "入库品牌数", "Brands admitted to the incubation library", "brands", "count", ("brand_admitted",)),
    F("M13.library", 13, "品牌孵化库在库品牌数", "Brands in the incubation library", "brands", "stock", ("brand_admitted", "brand_graduated", "brand_removed")),
    F("M13.guidance", 13, "商标品牌指导次数", "Trademark guidance sessions", "sessions", "count", ("trademark_guidance",)),
    F("M13.mark_applications", 13, "驰名商标认定与地理标志注册申请数", "Well-known trademark and geographical-indication applications filed", "applications", "count", ("mark_application_filed",), by_category=True),
    F("M13.mark_decisions", 13, "申请办结数（按结果）", "Applications decided, by outcome", "applications", "count", ("mark_application_decided",), by_category=True),
    F("M13.marks_approved", 13, "获认定驰名商标与获注册地理标志数", "Well-known trademarks recognised and geographical indications registered", "marks", "count", ("mark_approved",), by_category=True),
    F("M14.agencies", 14, "登记服务机构数（按所有制）", "Service agencies registered, by ownership", "agencies", "stock", ("agency_registered",), by_category=True),
    F("M14.supervision", 14, "监管行动次数（按所有制）", "Supervision actions, by ownership", "actions", "count", ("agency_supervised",), by_category=True),
    F("M15.settled", 15, "入驻集聚区机构数", "Agencies settling in the cluster zone", "agencies", "count", ("agency_zone_entered",), by_category=True),
    F("M15.in_zone", 15, "集聚区在驻机构数", "Agencies in the cluster zone", "agencies", "stock", ("agency_zone_entered", "agency_zone_left")),
    F("M16.aid_cases", 16, "代理援助件数", "Agency aid cases", "cases", "count", ("agency_aid",), by_category=True),
    F("M16.waived", 16, "减免服务费金额", "Value of services waived", "cny", "sum_amount", ("agency_aid",)),
    F("M17.received", 17, "受理调解案件数", "Mediation cases received", "cases", "count", ("mediation_received",)),
    F("M17.closed", 17, "调解结案数", "Mediation cases closed", "cases", "count", ("mediation_closed",), by_category=True),
    F("M17.success_rate", 17, "调解成功率", "Mediation success rate (agreed / agreed or failed)", "share", "mean_value", ("mediation_closed",)),
    F("M17.joint_meetings", 17, "联席会议次数", "Joint meetings held", "meetings", "count", ("joint_meeting",)),
    F("M18.stations", 18, "专利信息服务站数", "Patent information service stations open", "stations", "stock", ("station_opened", "station_closed")),
    F("M18.services_private", 18, "为民营企业提供信息服务次数", "Information services to private enterprises", "services", "count", ("information_service",), private_only=True, by_category=True),
    F("M19.briefings", 19, "政策宣讲会场次", "Policy briefings held", "briefings", "count", ("briefing",), by_category=True),
    F("M19.attendance", 19, "宣讲会参加人数", "Briefing attendance", "people", "sum_value", ("briefing",)),
    F("M19.onsite", 19, "上门服务次数", "On-site services (priority examination, pledge registration, licence recordation)", "services", "count", ("patent_onsite_service",), by_category=True),
    F("M20.visits", 20, "走访民营企业次数", "Visits to private enterprises", "visits", "count", ("examiner_visit",), private_only=True),
    F("M20.person_times", 20, "审查员和代理师参加走访人次", "Examiner and attorney person-times on visits", "person_times", "sum_value", ("examiner_visit",), private_only=True),
    F("M20.enterprises", 20, "走访的民营企业数", "Distinct private enterprises visited", "enterprises", "distinct_uscc", ("examiner_visit",), private_only=True),
    F("M21.windows", 21, "商标受理窗口数", "Trademark acceptance windows open", "windows", "stock", ("trademark_window_opened",)),
    F("M21.accepted", 21, "受理商标申请件数", "Trademark applications accepted", "applications", "sum_amount", ("trademark_accepted",)),
    F("M22.trainings", 22, "面向民营企业培训期数", "Trainings held for private enterprises", "trainings", "count", ("training_completed",), private_only=True, by_category=True),
    F("M22.person_times", 22, "面向民营企业培训人次", "Trainee person-times for private enterprises", "person_times", "sum_value", ("training_completed",), private_only=True),
    F("M22.planned", 22, "计划面向民营企业培训期数（不含已取消）", "Trainings for private enterprises in the plan, by start (cancelled ones excluded)", "trainings", "count", ("training_planned",), private_only=True, by_category=True),
    F("M22.cancelled", 22, "取消的面向民营企业培训期数", "Trainings for private enterprises cancelled", "trainings", "count", ("training_cancelled",), private_only=True),
    F("M23.items", 23, "宣传报道条数", "Publicity items", "items", "count", ("publicity",), by_category=True),
    F("M23.reach", 23, "宣传覆盖人次（已知部分）", "Publicity reach (where known)", "people", "sum_value", ("publicity",)),
    F("M24.stories", 24, "典型案例报道数", "Case stories published", "stories", "count", ("case_story",)),
)

FIGURES_BY_MEASURE: dict[int, list[Figure]] = {n: [f for f in FIGURES if f.measure == n] for n in MEASURES}
