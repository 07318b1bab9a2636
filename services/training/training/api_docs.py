"""The Chinese of the training service's OpenAPI document: its tags in the policy's sections 三 and 六, each
operation's summary and what it records, and its own field words (see kernel.openapi_language)."""

from kernel.openapi_language import ServiceDocs
from kernel.openapi_words import Op, Operations, Tag

ops = Operations("training")
T22 = ("面向民营企业的培训，培训班计入 T22a（每年 10 期以上），学员人次计入 T22b（每年 1000 人次以上），按举办日期；"
       "并计入措施22的统计指标")
T11 = "国家级认定中民营企业的占比计入 T11（须高于上一年），并计入措施11的统计指标（含省级）"

TAGS = (
    Tag("trainings", 6, "培训", "面向民营企业的培训班（T22a 每年 10 期以上）和各类培训人次（T22b 每年 1000 人次以上）。",
        "Trainings for private enterprises: classes (T22a, at least 10 a year) and person-times (T22b, at least 1,000).", (22,)),
    Tag("demonstration recognitions", 3, "优势示范企业推荐与认定", "推荐和认定国家知识产权优势示范企业；T11 民营企业占比须逐年提高。",
        "Recommendations and recognitions as IP advantage or demonstration enterprises; T11: a rising private share.", (11,)),
    Tag("demonstration program", 3, "示范工程与管理规范", "湖北省高校和企业知识产权示范工程，以及贯彻《企业知识产权管理规范》（GB/T 29490）。",
        "The provincial IP demonstration program, and GB/T 29490 implementations and certifications.", (10,)),
    Tag("ip special commissioners", 3, "知识产权特派员", "选派特派员深入民营企业开展专利导航、评议、高价值专利和商标品牌培育等辅导。",
        "IP special commissioners dispatched to coach private enterprises.", (12,)),
    Tag("brand incubation", 3, "品牌孵化", "品牌孵化库、商标品牌“面对面”指导、驰名商标认定和地理标志注册申请。",
        "The brand incubation library, face-to-face trademark guidance, well-known mark and GI applications.", (13,)),
)

OPERATIONS = {
    "POST /v1/trainings": ops.write("计划一期培训", "TrainingPlanned", "计划一期培训（形式、对象、合作方如 WIPO、日期）；计划本身不计数，举办后才计入；", 22,
                                    "办结后计入 T22a、T22b"),
    "POST /v1/trainings/{training_id}/completion": ops.write("记录培训已举办及学员人次", "TrainingCompleted", "记录培训已举办和学员人次；", 22, T22),
    "POST /v1/trainings/{training_id}/cancellation": ops.write("记录培训取消", "TrainingCancelled", "记录计划的培训不再举办（不计入任何目标）；", 22, "不计入 T22a、T22b"),
    "POST /v1/trainings/{training_id}/retraction": ops.retract("撤回培训记录", "TrainingRetracted", 22, "，T22a、T22b 随之变化"),
    "GET /v1/trainings/{training_id}": ops.read("查看培训", 22),
    "POST /v1/demonstration-recommendations": ops.write("记录推荐申报优势示范企业", "DemonstrationRecommended", "记录一家企业被推荐申报国家知识产权优势示范企业；", 11),
    "POST /v1/demonstration-recommendations/{recommendation_id}/retraction": ops.retract("撤回推荐记录", "DemonstrationRecommendationRetracted", 11),
    "GET /v1/demonstration-recommendations/{recommendation_id}": ops.read("查看推荐记录", 11),
    "POST /v1/demonstration-recognitions": ops.write("记录企业获认定", "DemonstrationRecognized", "记录一家企业获认定为国家知识产权优势企业、示范企业或省级示范企业；", 11, T11),
    "POST /v1/demonstration-recognitions/{recognition_id}/retraction": ops.retract("撤回认定记录", "DemonstrationRecognitionRetracted", 11, "，T11 随之变化"),
    "GET /v1/demonstration-recognitions/{recognition_id}": ops.read("查看认定记录", 11),
    "POST /v1/demonstration-program/members": ops.write("企业入选省示范工程", "DemonstrationProgramJoined", "记录一家企业入选湖北省企业知识产权示范工程；", 10),
    "POST /v1/demonstration-program/members/{member_id}/departure": ops.write("企业退出示范工程", "DemonstrationProgramLeft", "记录企业退出示范工程；", 10),
    "POST /v1/demonstration-program/members/{member_id}/retraction": ops.retract("撤回最近一次入选（连同其退出）", "DemonstrationProgramMembershipRetracted", 10),
    "GET /v1/demonstration-program/members/{member_id}": ops.read("查看企业最近一次入选示范工程", 10),
    "POST /v1/management-standard/implementations": ops.write("记录企业开始贯彻 GB/T 29490", "ManagementStandardImplementationBegun", "记录企业开始贯彻《企业知识产权管理规范》；", 10),
    "POST /v1/management-standard/certifications": ops.write("记录企业通过 GB/T 29490 认证", "ManagementStandardCertified", "记录企业通过《企业知识产权管理规范》认证；", 10),
    "GET /v1/management-standard/{uscc}": ops.read("查看企业贯标与认证情况", 10),
    "POST /v1/management-standard/{uscc}/implementation/retraction": ops.retract("撤回开始贯标记录", "ManagementStandardImplementationRetracted", 10),
    "POST /v1/management-standard/{uscc}/certifications/{certified_on}/retraction": ops.retract("撤回当日的认证记录", "ManagementStandardCertificationRetracted", 10),
    "POST /v1/commissioner-dispatches": ops.write("记录选派知识产权特派员", "CommissionerDispatched", "记录一名特派员派驻一家企业（服务类型、开始日期）；", 12),
    "POST /v1/commissioner-dispatches/{dispatch_id}/conclusion": ops.write("记录特派员服务结束", "CommissionerDispatchConcluded", "记录服务结束及成效；", 12),
    "POST /v1/commissioner-dispatches/{dispatch_id}/retraction": ops.retract("撤回派驻记录", "CommissionerDispatchRetracted", 12),
    "GET /v1/commissioner-dispatches/{dispatch_id}": ops.read("查看特派员派驻", 12),
    "POST /v1/brand-library/entries": ops.write("品牌入选品牌孵化库", "BrandAdmittedToLibrary", "记录一家企业的品牌入选品牌孵化库；", 13),
    "POST /v1/brand-library/entries/{entry_id}/graduation": ops.write("品牌孵化出库", "BrandGraduatedFromLibrary", "记录品牌孵化成功出库；", 13),
    "POST /v1/brand-library/entries/{entry_id}/removal": ops.write("品牌移出孵化库", "BrandRemovedFromLibrary", "记录品牌被移出孵化库及原因；", 13),
    "POST /v1/brand-library/entries/{entry_id}/retraction": ops.retract("撤回孵化库记录", "BrandLibraryEntryRetracted", 13),
    "GET /v1/brand-library/entries/{entry_id}": ops.read("查看孵化库条目", 13),
    "POST /v1/trademark-guidance-sessions": ops.write("记录一次商标品牌面对面指导", "TrademarkGuidanceHeld", "记录为企业开展的一次商标品牌建设“面对面”指导；", 13),
    "POST /v1/trademark-guidance-sessions/{session_id}/retraction": ops.retract("撤回指导记录", "TrademarkGuidanceRetracted", 13),
    "GET /v1/trademark-guidance-sessions/{session_id}": ops.read("查看商标指导记录", 13),
    "POST /v1/mark-applications": ops.write("记录驰名商标认定或地理标志注册申请", "MarkApplicationFiled", "记录企业申请认定驰名商标或申报注册地理标志；", 13),
    "POST /v1/mark-applications/{application_id}/decision": ops.write("记录申请结果", "MarkApplicationDecided", "记录申请获准或未获准；", 13),
    "POST /v1/mark-applications/{application_id}/retraction": ops.retract("撤回申请记录", "MarkApplicationRetracted", 13),
    "GET /v1/mark-applications/{application_id}": ops.read("查看申请", 13),
}

FIELDS = {
    "cancellation_reason": "取消原因；Why the training will not be held",
    "removal_reason": "移出原因；Why the brand was removed",
}

DOCS = ServiceDocs(
    tags=TAGS, operations=OPERATIONS, fields=FIELDS,
    title_zh="知识产权战略与人才培养服务（措施10-13、22）",
    description_zh="记录支持民营企业建立知识产权战略（10-13）和人才培养（22）措施的落实：示范工程与贯标、优势示范企业认定、特派员、品牌孵化、"
                   "培训。写入需要 `training:write` 权限的令牌并可带 `Idempotency-Key`；读取需要 `read` 权限。错误答复为 RFC 9457 问题详情。",
)
