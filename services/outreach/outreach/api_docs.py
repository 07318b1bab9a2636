"""The Chinese of the outreach service's OpenAPI document: its tags in the policy's sections 四, 五 and 七, each
operation's summary and what it records, and its own field words (see kernel.openapi_language)."""

from kernel.openapi_language import ServiceDocs
from kernel.openapi_words import Op, Operations, Tag

ops = Operations("outreach")

TAGS = (
    Tag("service agencies", 4, "知识产权服务机构", "服务机构的登记、入驻东湖集聚区与行业监管，国有、民营一视同仁。",
        "IP service agencies, the East Lake cluster zone, supervision alike for every ownership.", (14, 15)),
    Tag("agency aid", 4, "代理援助", "服务机构为初创、困难民营企业提供的免费知识产权服务。",
        "Free services by agencies to start-up or struggling private enterprises.", (16,)),
    Tag("patent information", 5, "专利信息服务", "专利信息服务站及其为民营企业提供的信息查询分析和培训等服务。",
        "Patent information service stations and the services they deliver.", (18,)),
    Tag("briefings", 5, "政策宣讲会", "每年至少 1-2 场面向民营企业的专利收费减缓等政策宣讲会（T19）。",
        "Policy briefings (T19 counts patent-fee-reduction briefings for private enterprises).", (19,)),
    Tag("patent on-site services", 5, "专利上门服务", "上门提供专利优先审查、质押登记、实施许可合同备案等服务。",
        "Priority examination, pledge registration and licence recordation served at the enterprise.", (19,)),
    Tag("examiner visits", 5, "千家民企面对面", "专利审查员、专利代理师走访民营企业，全年不低于 100 人次（T20）。",
        "Patent examiners and attorneys visit enterprises (T20: at least 100 person-times a year).", (20,)),
    Tag("trademark windows", 5, "商标受理窗口", "省内商标受理窗口及其每月受理件数。",
        "Trademark acceptance windows and applications accepted per month.", (21,)),
    Tag("publicity", 7, "政策宣传", "通过传统媒体和新媒体宣传扶持民营企业的知识产权政策。",
        "Publicity of the policies in traditional and new media.", (23,)),
    Tag("case stories", 7, "典型案例", "民营企业运用知识产权的典型案例和专题报道。",
        "Typical cases of private enterprises using IP.", (24,)),
)

T19 = "面向民营企业的专利收费减缓政策宣讲会计入 T19（每年至少 1 场，力争 2 场），并计入措施19的统计指标"
T20 = "走访民营企业的，每名审查员、代理师每次走访计 1 人次，计入 T20（全年不低于 100 人次），并计入措施20的统计指标"

OPERATIONS = {
    "POST /v1/briefings": ops.write("记录一场政策宣讲会", "BriefingHeld", "记录举办的宣讲会（日期、地区、主题、对象、出席人数）；", 19, T19),
    "POST /v1/briefings/{briefing_id}/retraction": ops.retract("撤回宣讲会记录", "BriefingRetracted", 19, "，T19 随之变化"),
    "GET /v1/briefings/{briefing_id}": ops.read("查看宣讲会", 19),
    "POST /v1/patent-onsite-services": ops.write("记录一次专利上门服务", "PatentOnsiteServiceProvided", "记录上门为企业办理专利优先审查、质押登记或许可合同备案；", 19),
    "POST /v1/patent-onsite-services/{service_id}/retraction": ops.retract("撤回专利上门服务记录", "PatentOnsiteServiceRetracted", 19),
    "GET /v1/patent-onsite-services/{service_id}": ops.read("查看专利上门服务", 19),
    "POST /v1/examiner-visits": ops.write("记录一次审查员、代理师走访", "ExaminerVisitMade", "记录专利审查员和专利代理师走访一家企业（“千家民企面对面”）；", 20, T20),
    "POST /v1/examiner-visits/{visit_id}/retraction": ops.retract("撤回走访记录", "ExaminerVisitRetracted", 20, "，T20 的人次随之减少"),
    "GET /v1/examiner-visits/{visit_id}": ops.read("查看走访记录", 20),
    "POST /v1/service-agencies": ops.write("登记知识产权服务机构", "ServiceAgencyRegistered", "登记一家服务机构（所有制、地区、登记日期）；", 14),
    "GET /v1/service-agencies": Op("全部服务机构", "措施14：按编号列出服务机构；令牌限于某地区时只列该地区。不改变任何数据。"),
    "POST /v1/service-agencies/{agency_id}/cluster-zone-settlement": ops.write("机构入驻东湖集聚区", "ServiceAgencySettledInClusterZone", "记录机构入驻东湖国家知识产权服务业集聚发展示范区；", 15),
    "POST /v1/service-agencies/{agency_id}/cluster-zone-departure": ops.write("机构迁出东湖集聚区", "ServiceAgencyLeftClusterZone", "记录机构迁出集聚区；", 15),
    "POST /v1/service-agencies/{agency_id}/supervision-actions": ops.write("记录一次行业监管", "ServiceAgencySupervised", "记录对该机构的一次监管行动（国有、民营一视同仁）；", 14),
    "GET /v1/service-agencies/{agency_id}": ops.read("查看服务机构", 14),
    "POST /v1/agency-aid": ops.write("记录一次代理援助", "AgencyAidProvided", "记录服务机构为民营企业提供的一次免费服务及减免金额；", 16),
    "POST /v1/agency-aid/{aid_id}/retraction": ops.retract("撤回代理援助记录", "AgencyAidRetracted", 16),
    "GET /v1/agency-aid/{aid_id}": ops.read("查看代理援助记录", 16),
    "POST /v1/information-stations": ops.write("登记专利信息服务站", "InformationStationOpened", "登记一个专利信息服务站；", 18),
    "POST /v1/information-stations/{station_id}/closure": ops.write("服务站停止服务", "InformationStationClosed", "记录服务站停止服务；", 18),
    "GET /v1/information-stations/{station_id}": ops.read("查看专利信息服务站", 18),
    "POST /v1/information-services": ops.write("记录一次专利信息服务", "InformationServiceDelivered", "记录为企业提供的一次专利信息查询分析或培训等服务；", 18),
    "POST /v1/information-services/{service_id}/retraction": ops.retract("撤回专利信息服务记录", "InformationServiceRetracted", 18),
    "GET /v1/information-services/{service_id}": ops.read("查看专利信息服务", 18),
    "POST /v1/trademark-windows": ops.write("登记商标受理窗口", "TrademarkWindowOpened", "登记省内一个商标受理窗口；", 21),
    "POST /v1/trademark-windows/{window_id}/monthly-acceptances": ops.write("报送窗口某月的受理件数", "TrademarkAcceptancesCounted",
                                                                            "报送窗口一个月受理的申请件数，后报的数字取代先前的；", 21),
    "GET /v1/trademark-windows/{window_id}": ops.read("查看商标受理窗口及各月件数", 21),
    "POST /v1/publicity-items": ops.write("记录一次政策宣传", "PublicityItemPublished", "记录通过传统媒体或新媒体发布的一次宣传（渠道、日期、覆盖人数）；", 23),
    "POST /v1/publicity-items/{item_id}/retraction": ops.retract("撤回宣传记录", "PublicityItemRetracted", 23),
    "GET /v1/publicity-items/{item_id}": ops.read("查看宣传记录", 23),
    "POST /v1/case-stories": ops.write("记录一篇发布的典型案例", "CaseStoryPublished", "记录一篇民营企业运用知识产权的典型案例或专题报道；", 24),
    "POST /v1/case-stories/{story_id}/retraction": ops.retract("撤回典型案例记录", "CaseStoryRetracted", 24),
    "GET /v1/case-stories/{story_id}": ops.read("查看典型案例", 24),
}

FIELDS = {
    "action_id": "监管行动编号；The supervision action's id",
    "monthly": "各月受理件数（以最后报送的为准）；Applications accepted per month, the latest figure standing",
    "supervision_actions": "监管行动；Supervision actions",
    "zone_changed_on": "入驻或迁出集聚区的日期；The day the agency settled in or left the zone",
}

DOCS = ServiceDocs(
    tags=TAGS, operations=OPERATIONS, fields=FIELDS,
    title_zh="知识产权服务业、便利化服务与宣传服务（措施14-16、18-21、23、24）",
    description_zh="记录鼓励民营资本参与知识产权服务业（14-16）、便利化服务（18-21）和提高知识产权意识（23、24）措施的落实。写入需要 "
                   "`outreach:write` 权限的令牌并可带 `Idempotency-Key`；读取需要 `read` 权限。错误答复为 RFC 9457 问题详情。",
)
