// The words the API answers in codes (units, categories, statuses, record facts, detail figures), in Chinese and
// English; tests/dashboard/test_vocabulary.py checks that every code the services and the catalogue can give has one.

export const UNITS = {
  count: ["", ""], share: ["", ""], cny: ["元", "yuan"], days: ["天", "days"], minutes: ["分钟", "min"],
  person_times: ["人次", "person-times"], people: ["人", "people"], cases: ["件", "cases"], times: ["次", "times"],
  enterprises: ["家", "enterprises"], services: ["次", "services"], requests: ["件", "requests"], centers: ["个", "centers"],
  entities: ["个", "entities"], orders: ["单", "orders"], actions: ["次", "actions"], grants: ["笔", "grants"],
  payments: ["笔", "payments"], guarantees: ["笔", "guarantees"], projects: ["个", "projects"], events: ["场", "events"],
  responses: ["份", "responses"], dispatches: ["次", "dispatches"], brands: ["个", "brands"], sessions: ["次", "sessions"],
  applications: ["件", "applications"], marks: ["件", "marks"], agencies: ["家", "agencies"], meetings: ["次", "meetings"],
  stations: ["个", "stations"], briefings: ["场", "briefings"], visits: ["次", "visits"], windows: ["个", "windows"],
  trainings: ["期", "trainings"], items: ["条", "items"], stories: ["篇", "stories"],
};

// every enum value a record's category or fact can hold, from the services' domains
export const CATEGORIES = {
  // ownership (kernel)
  private: ["民营", "private"], state_owned: ["国有", "state-owned"], foreign_invested: ["外资", "foreign-invested"],
  collective: ["集体", "collective"], other: ["其他", "other"],
  // measure 1: infringement cases
  patent: ["专利", "patent"], trademark: ["商标", "trademark"], geographical_indication: ["地理标志", "geographical indication"],
  copyright: ["著作权", "copyright"], penalty: ["行政处罚", "penalty"], settled: ["和解", "settled"],
  dismissed: ["不予处罚", "dismissed"], transferred: ["移送", "transferred"],
  // measure 2: fast track
  pre_examination: ["预审", "pre-examination"], rapid_rights_protection: ["快速维权", "rapid rights protection"],
  rapid_determination: ["快速确权", "rapid determination"],
  "wuhan-protection-center": ["中国（武汉）知识产权保护中心", "Wuhan IP protection center"],
  "wuhan-auto-rapid-center": ["中国武汉（汽车及零部件产业）知识产权快速维权中心", "Wuhan automotive rapid rights-protection center"],
  // measure 3: foreign disputes
  litigation: ["诉讼", "litigation"], administrative_complaint: ["行政投诉", "administrative complaint"],
  customs_measure: ["海关措施", "customs measure"], trade_fair_complaint: ["展会投诉", "trade-fair complaint"],
  section_337_investigation: ["337 调查", "Section 337 investigation"], consultation: ["咨询", "consultation"],
  expert_opinion: ["专家意见", "expert opinion"], legal_referral: ["法律转介", "legal referral"],
  response_guidance: ["应对指导", "response guidance"], funding: ["资金资助", "funding"], won: ["胜诉", "won"],
  lost: ["败诉", "lost"], withdrawn: ["撤回", "withdrawn"],
  // measure 4: assistance requests
  hotline_12330: ["12330 热线", "12330 hotline"], phone: ["电话", "phone"], walk_in: ["来访", "walk-in"],
  online: ["线上", "online"], letter: ["信函", "letter"], onsite: ["上门", "on site"], referral: ["转介", "referral"],
  // measure 6: brand protection
  market_inspection: ["市场检查", "market inspection"], raid: ["查处行动", "raid"], online_takedown: ["网络下架", "online takedown"],
  referral_to_police: ["移送公安", "referral to the police"], fulfilled: ["已完成", "fulfilled"],
  no_infringement_found: ["未发现侵权", "no infringement found"],
  // measures 7-8: financing support
  subsidy: ["补贴", "subsidy"], interest_discount: ["贴息", "interest discount"], provincial_fund: ["省级资金", "provincial fund"],
  city_fund: ["市级资金", "city fund"], guarantee_insurance: ["质押贷款保证保险", "guarantee insurance"],
  institutional_guarantee: ["担保机构融资担保", "institutional guarantee"], risk_compensation: ["风险补偿", "risk compensation"],
  guarantee: ["担保", "guarantee"],
  // measures 10-11: program and recognitions
  demonstration: ["示范", "demonstration"], pilot: ["试点", "pilot"],
  national_advantage: ["国家知识产权优势企业", "national IP advantage enterprise"],
  national_demonstration: ["国家知识产权示范企业", "national IP demonstration enterprise"],
  provincial_demonstration: ["省级知识产权示范企业", "provincial IP demonstration enterprise"],
  // measure 12: commissioners
  patent_navigation: ["专利导航", "patent navigation"], ip_evaluation: ["知识产权评议", "IP evaluation"],
  high_value_patent_cultivation: ["高价值专利培育", "high-value patent cultivation"],
  trademark_brand_cultivation: ["商标品牌培育", "trademark brand cultivation"],
  gi_poverty_alleviation: ["地理标志精准扶贫", "GI poverty alleviation"],
  // measure 13: mark applications
  well_known_trademark: ["驰名商标", "well-known trademark"], approved: ["获批", "approved"], refused: ["驳回", "refused"],
  // measure 14: agencies
  inspection: ["检查", "inspection"], spot_check: ["抽查", "spot check"], complaint_investigation: ["投诉调查", "complaint investigation"],
  credit_evaluation: ["信用评价", "credit evaluation"], compliant: ["合规", "compliant"],
  rectification_ordered: ["责令整改", "rectification ordered"], penalised: ["处罚", "penalised"],
  // measure 16: agency aid
  start_up: ["初创企业", "start-up"], struggling: ["困难企业", "struggling"], patent_application: ["专利申请", "patent application"],
  trademark_application: ["商标申请", "trademark application"], search_and_analysis: ["检索分析", "search and analysis"],
  rights_protection: ["维权", "rights protection"],
  // measure 17: mediation
  agreed: ["达成协议", "agreed"], failed: ["调解不成", "failed"], applicant: ["申请人", "applicant"], respondent: ["被申请人", "respondent"],
  // measure 18: information services and stations
  search: ["检索", "search"], analysis: ["分析", "analysis"], training: ["培训", "training"],
  service_agency: ["知识产权服务机构", "service agency"], patent_document_outlet: ["专利文献服务网点", "patent document outlet"],
  innovation_base: ["知识产权双创服务基地", "innovation base"], university: ["高校", "university"],
  // measure 19: briefings and on-site services
  patent_fee_reduction: ["专利收费减缓", "patent fee reduction"], priority_examination: ["专利优先审查", "priority examination"],
  pledge_registration: ["专利权质押登记", "pledge registration"], licence_recordation: ["实施许可合同备案", "licence recordation"],
  private_enterprises: ["民营企业", "private enterprises"], general: ["社会公众", "general public"],
  // measure 22: trainings
  class: ["培训班", "class"], seminar: ["研讨会", "seminar"], special_topic: ["专题培训", "special topic"],
  // measure 23: publicity
  newspaper: ["报纸", "newspaper"], tv: ["电视", "TV"], website: ["网站", "website"], wechat: ["微信", "WeChat"], weibo: ["微博", "Weibo"],
};

// the figures a target's `detail` holds
export const DETAIL = {
  center_months_due: ["应服务的中心·月", "center-months due"], center_months_met: ["已服务的中心·月", "center-months served"],
  centers: ["援助中心", "centers"], current_month_due: ["本月应服务中心", "centers due this month"],
  current_month_unmet: ["本月尚未服务中心", "centers not yet served this month"], events: ["对接活动", "events"],
  stretch: ["更高目标", "stretch"], enterprises: ["企业", "enterprises"], private_enterprises: ["民营企业", "private enterprises"],
  projects: ["项目", "projects"], private_projects: ["民营企业项目", "private projects"], amount_cny: ["金额（元）", "amount (yuan)"],
  private_amount_cny: ["民营企业金额（元）", "private amount (yuan)"], amount_share: ["民营企业金额占比", "private share of the amount"],
  recognitions: ["认定次数", "recognitions"], previous_year_enterprises: ["上年企业", "enterprises the year before"],
  previous_year_private_enterprises: ["上年民营企业", "private enterprises the year before"],
  previous_year_share: ["上年民营企业占比", "private share the year before"], briefings: ["宣讲会", "briefings"],
  attendance: ["参加人数", "attendance"], person_times: ["人次", "person-times"], visits: ["走访", "visits"],
  private_enterprises_visited: ["走访的民营企业", "private enterprises visited"], examiners: ["审查员人次", "examiners"],
  attorneys: ["代理师人次", "attorneys"], classes: ["培训班", "classes"], trainings: ["培训", "trainings"],
  with_wipo_person_times: ["与世界知识产权组织合作培训人次", "person-times with WIPO"],
  with_partner_person_times: ["与合作方培训人次", "person-times with a partner"],
};
export const SHARE_DETAILS = new Set(["amount_share", "previous_year_share"]);
export const AMOUNT_DETAILS = new Set(["amount_cny", "private_amount_cny"]);

// what a record's facts are called as columns
export const FACTS = {
  center_id: ["援助中心", "Center"], private_enterprises: ["民营企业数", "Private enterprises"], enterprises: ["参加企业数", "Enterprises"],
  uscc: ["企业名称", "Enterprise"], ownership: ["所有制", "Ownership"], private: ["计入民营", "Counted as private"],
  amount_cny: ["金额（元）", "Amount (yuan)"], level: ["认定级别", "Level"], previous_year: ["所属年度", "Year"],
  topic: ["主题", "Topic"], audience: ["对象", "Audience"], attendance: ["参加人数", "Attendance"], examiners: ["审查员", "Examiners"],
  attorneys: ["代理师", "Attorneys"], person_times: ["人次", "Person-times"], format: ["形式", "Format"], partner: ["合作方", "Partner"],
};

// each target in one plain sentence, the figures of the 24 measures beside it, and why they may differ
export const EXPLAIN = {
  T04: {
    rule: ["每个维权援助中心在其运行的每个整月里，至少上门服务民营企业一次；比例为已服务的中心·月除以应服务的中心·月。",
      "Every assistance center serves a private enterprise on site at least once in each full month it is open; the share is the center-months served over those due."],
    related: ["M04.onsite_private", "M04.centers"],
    note: ["本月尚未结束时不算未服务；中心未运行整月的月份不计。", "A month still in progress is not yet missed; months a center was not open in full do not count."],
  },
  T09a: {
    rule: ["本年内举办的知识产权质押融资银企对接活动不少于 1 场（更高目标 2 场）。",
      "At least one pledge-financing matchmaking event between banks and enterprises this year (stretch: two)."],
    related: ["M09.matchmaking"],
  },
  T09b: {
    rule: ["本年登记的知识产权质押融资项目中，民营企业项目超过一半。",
      "More than half of this year's registered pledge-financing projects are private enterprises'."],
    related: ["M09.projects", "M09.private_projects", "M07.pledge_amount"],
    note: ["按项目个数计算；金额占比另列，仅供参考。", "Counted by number of projects; the share of the amount is shown for reference."],
  },
  T11: {
    rule: ["本年获国家知识产权优势企业、示范企业认定的企业中，民营企业所占比例高于上年。",
      "Among enterprises recognised this year as national IP advantage or demonstration enterprises, the private share is higher than the year before."],
    related: ["M11.recognitions", "M11.private_recognitions"],
    category: "M11.recognitions",
    note: ["“获认定企业数”包括省级示范企业，本目标只计国家级两类。", "The recognitions figure includes provincial ones; this target counts the two national levels only."],
  },
  T19: {
    rule: ["本年面向民营企业举办的专利收费减缓政策宣讲会不少于 1 场（更高目标 2 场）。",
      "At least one patent fee reduction briefing for private enterprises this year (stretch: two)."],
    related: ["M19.briefings"],
    category: "M19.briefings",
    note: ["“政策宣讲会场次”包括其他主题和面向社会公众的宣讲会，本目标只计专利收费减缓主题、面向民营企业的。",
      "The briefings figure includes other topics and audiences; this target counts patent fee reduction briefings for private enterprises only."],
  },
  T20: {
    rule: ["本年专利审查员和专利代理师走访民营企业合计不少于 100 人次（每人每次走访计 1 人次）。",
      "Patent examiners and attorneys visit private enterprises at least 100 person-times this year (each person on each visit counts once)."],
    related: ["M20.person_times", "M20.visits", "M20.enterprises"],
  },
  T22a: {
    rule: ["本年面向民营企业举办的知识产权培训班（形式为培训班）不少于 10 期。",
      "At least ten IP training classes for private enterprises this year (trainings held as classes)."],
    related: ["M22.trainings"],
    category: "M22.trainings",
    note: ["“培训期数”包括研讨会、专题培训和线上培训，本目标只计培训班。", "The trainings figure includes seminars, special topics and online trainings; this target counts classes only."],
  },
  T22b: {
    rule: ["本年面向民营企业的各类知识产权培训累计培训不少于 1000 人次。",
      "Trainings of any kind for private enterprises reach at least 1,000 trainee person-times this year."],
    related: ["M22.person_times", "M22.trainings"],
    category: "M22.trainings",
  },
};

// the states of a reporting period: the Chinese is the server's (projection.periods.domain.STATE_ZH)
export const PERIOD_STATES = {
  open: ["未报送", "not submitted"], submitted: ["已报送", "submitted"], approved: ["已审核通过", "approved"],
  returned: ["已退回", "returned"], reopened: ["已重新打开", "reopened"],
};

// the scopes a token may carry (kernel.auth.ALL_SCOPES)
export const SCOPES = {
  read: ["只读", "read"], "feed:read": ["事件流", "event feed"], "audit:read": ["审计查询", "audit"], admin: ["管理", "admin"],
  "reporting:submit": ["报送", "submit periods"], "reporting:approve": ["审核", "approve periods"],
  "enforcement:write": ["记录（执法维权）", "write: enforcement"], "financing:write": ["记录（融资）", "write: financing"],
  "training:write": ["记录（培育）", "write: training"], "outreach:write": ["记录（服务）", "write: outreach"],
  "projection:write": ["复核与订阅", "write: projection"],
};

// what a record is, in the restatements (projection.periods.record_actors) and the flags (projection.quality.rules)
export const RECORD_KINDS = {
  "onsite-service": ["上门服务", "on-site service"], "pledge-project": ["质押融资项目", "pledge-financing project"],
  "matchmaking-event": ["银企对接活动", "matchmaking event"], recognition: ["认定", "recognition"], briefing: ["宣讲会", "briefing"],
  "examiner-visit": ["审查员走访", "examiner visit"], training: ["培训", "training"], enterprise: ["企业", "enterprise"],
};

// the figures a data-quality flag gives (its values and threshold, projection.quality.flags)
export const FLAG_FIGURES = {
  person_times: ["人次", "person-times"], days: ["天数", "days"], person_times_per_day: ["每天人次", "person-times a day"],
  median: ["中位数", "median"], mad: ["中位数绝对偏差", "MAD"], modified_z: ["修正 z 分数", "modified z-score"],
  times_median: ["为中位数的倍数", "times the median"], format: ["形式", "format"], amount_cny: ["金额（元）", "amount (yuan)"],
  uscc: ["统一社会信用代码", "credit code"], examiners: ["审查员人数", "examiners"], most_before: ["此前最多", "most before"],
  ownerships: ["所有制", "ownerships"], claims: ["记录数", "claims"], center_id: ["援助中心", "center"],
  weekday: ["星期", "weekday"], holiday: ["节假日", "holiday"], measure: ["措施", "measure"], lag_days: ["晚记录天数", "days late"],
  max_person_times_per_day: ["每天人次上限", "most person-times a day"], factor: ["倍数", "factor"],
  outlier_z: ["z 分数阈值", "z-score threshold"], late_record_days: ["晚记录天数上限", "days late allowed"],
};

// the unit of each count target's outlook (the outlook's numbers are the target's)
export const OUTLOOK_UNITS = {
  T09a: ["场", ""], T19: ["场", ""], T20: ["人次", "person-times"], T22a: ["期", ""], T22b: ["人次", "person-times"],
  T09b: ["个项目", "projects"], T11: ["家企业", "enterprises"],
};

export function word(table, code, lang) {
  const entry = table[code];
  if (!entry) return null;
  return lang === "en" ? entry[1] : entry[0];
}
