"""The exports' words for the codes the projection answers in: units, categories (enum values), statuses, the figures
of a target's detail, comparators and aggregations, each as (中文, English).

UNITS, CATEGORIES and DETAIL are the dashboard's words (services/projection/dashboard-ui/src/vocabulary.js) and
STATUS the page's status words (i18n.js): tests/projection/test_exports_vocabulary.py holds them equal, so a
download and the page say the same thing. The rest the page does not show; they are the exports' own.
"""

from __future__ import annotations

UNITS: dict[str, tuple[str, str]] = {
    "count": ("", ""), "share": ("", ""), "cny": ("元", "yuan"), "days": ("天", "days"), "minutes": ("分钟", "min"),
    "person_times": ("人次", "person-times"), "people": ("人", "people"), "cases": ("件", "cases"),
    "times": ("次", "times"), "enterprises": ("家", "enterprises"), "services": ("次", "services"),
    "requests": ("件", "requests"), "centers": ("个", "centers"), "entities": ("个", "entities"),
    "orders": ("单", "orders"), "actions": ("次", "actions"), "grants": ("笔", "grants"), "payments": ("笔", "payments"),
    "guarantees": ("笔", "guarantees"), "projects": ("个", "projects"), "events": ("场", "events"),
    "responses": ("份", "responses"), "dispatches": ("次", "dispatches"), "brands": ("个", "brands"),
    "sessions": ("次", "sessions"), "applications": ("件", "applications"), "marks": ("件", "marks"),
    "agencies": ("家", "agencies"), "meetings": ("次", "meetings"), "stations": ("个", "stations"),
    "briefings": ("场", "briefings"), "visits": ("次", "visits"), "windows": ("个", "windows"),
    "trainings": ("期", "trainings"), "items": ("条", "items"), "stories": ("篇", "stories"),
}

CATEGORIES: dict[str, tuple[str, str]] = {
    "private": ("民营", "private"), "state_owned": ("国有", "state-owned"),
    "foreign_invested": ("外资", "foreign-invested"), "collective": ("集体", "collective"), "other": ("其他", "other"),
    "patent": ("专利", "patent"), "trademark": ("商标", "trademark"),
    "geographical_indication": ("地理标志", "geographical indication"), "copyright": ("著作权", "copyright"),
    "penalty": ("行政处罚", "penalty"), "settled": ("和解", "settled"), "dismissed": ("不予处罚", "dismissed"),
    "transferred": ("移送", "transferred"), "pre_examination": ("预审", "pre-examination"),
    "rapid_rights_protection": ("快速维权", "rapid rights protection"),
    "rapid_determination": ("快速确权", "rapid determination"),
    "wuhan-protection-center": ("中国（武汉）知识产权保护中心", "Wuhan IP protection center"),
    "wuhan-auto-rapid-center": ("中国武汉（汽车及零部件产业）知识产权快速维权中心", "Wuhan automotive rapid rights-protection center"),
    "litigation": ("诉讼", "litigation"), "administrative_complaint": ("行政投诉", "administrative complaint"),
    "customs_measure": ("海关措施", "customs measure"), "trade_fair_complaint": ("展会投诉", "trade-fair complaint"),
    "section_337_investigation": ("337 调查", "Section 337 investigation"), "consultation": ("咨询", "consultation"),
    "expert_opinion": ("专家意见", "expert opinion"), "legal_referral": ("法律转介", "legal referral"),
    "response_guidance": ("应对指导", "response guidance"), "funding": ("资金资助", "funding"), "won": ("胜诉", "won"),
    "lost": ("败诉", "lost"), "withdrawn": ("撤回", "withdrawn"), "hotline_12330": ("12330 热线", "12330 hotline"),
    "phone": ("电话", "phone"), "walk_in": ("来访", "walk-in"), "online": ("线上", "online"), "letter": ("信函", "letter"),
    "onsite": ("上门", "on site"), "referral": ("转介", "referral"), "market_inspection": ("市场检查", "market inspection"),
    "raid": ("查处行动", "raid"), "online_takedown": ("网络下架", "online takedown"),
    "referral_to_police": ("移送公安", "referral to the police"), "fulfilled": ("已完成", "fulfilled"),
    "no_infringement_found": ("未发现侵权", "no infringement found"), "subsidy": ("补贴", "subsidy"),
    "interest_discount": ("贴息", "interest discount"), "provincial_fund": ("省级资金", "provincial fund"),
    "city_fund": ("市级资金", "city fund"), "guarantee_insurance": ("质押贷款保证保险", "guarantee insurance"),
    "institutional_guarantee": ("担保机构融资担保", "institutional guarantee"),
    "risk_compensation": ("风险补偿", "risk compensation"), "guarantee": ("担保", "guarantee"),
    "demonstration": ("示范", "demonstration"), "pilot": ("试点", "pilot"),
    "national_advantage": ("国家知识产权优势企业", "national IP advantage enterprise"),
    "national_demonstration": ("国家知识产权示范企业", "national IP demonstration enterprise"),
    "provincial_demonstration": ("省级知识产权示范企业", "provincial IP demonstration enterprise"),
    "patent_navigation": ("专利导航", "patent navigation"), "ip_evaluation": ("知识产权评议", "IP evaluation"),
    "high_value_patent_cultivation": ("高价值专利培育", "high-value patent cultivation"),
    "trademark_brand_cultivation": ("商标品牌培育", "trademark brand cultivation"),
    "gi_poverty_alleviation": ("地理标志精准扶贫", "GI poverty alleviation"),
    "well_known_trademark": ("驰名商标", "well-known trademark"), "approved": ("获批", "approved"),
    "refused": ("驳回", "refused"), "inspection": ("检查", "inspection"), "spot_check": ("抽查", "spot check"),
    "complaint_investigation": ("投诉调查", "complaint investigation"),
    "credit_evaluation": ("信用评价", "credit evaluation"), "compliant": ("合规", "compliant"),
    "rectification_ordered": ("责令整改", "rectification ordered"), "penalised": ("处罚", "penalised"),
    "start_up": ("初创企业", "start-up"), "struggling": ("困难企业", "struggling"),
    "patent_application": ("专利申请", "patent application"), "trademark_application": ("商标申请", "trademark application"),
    "search_and_analysis": ("检索分析", "search and analysis"), "rights_protection": ("维权", "rights protection"),
    "agreed": ("达成协议", "agreed"), "failed": ("调解不成", "failed"), "applicant": ("申请人", "applicant"),
    "respondent": ("被申请人", "respondent"), "search": ("检索", "search"), "analysis": ("分析", "analysis"),
    "training": ("培训", "training"), "service_agency": ("知识产权服务机构", "service agency"),
    "patent_document_outlet": ("专利文献服务网点", "patent document outlet"),
    "innovation_base": ("知识产权双创服务基地", "innovation base"), "university": ("高校", "university"),
    "patent_fee_reduction": ("专利收费减缓", "patent fee reduction"),
    "priority_examination": ("专利优先审查", "priority examination"),
    "pledge_registration": ("专利权质押登记", "pledge registration"),
    "licence_recordation": ("实施许可合同备案", "licence recordation"),
    "private_enterprises": ("民营企业", "private enterprises"), "general": ("社会公众", "general public"),
    "class": ("培训班", "class"), "seminar": ("研讨会", "seminar"), "special_topic": ("专题培训", "special topic"),
    "newspaper": ("报纸", "newspaper"), "tv": ("电视", "TV"), "website": ("网站", "website"), "wechat": ("微信", "WeChat"),
    "weibo": ("微博", "Weibo"),
}

DETAIL: dict[str, tuple[str, str]] = {
    "center_months_due": ("应服务的中心·月", "center-months due"), "center_months_met": ("已服务的中心·月", "center-months served"),
    "centers": ("援助中心", "centers"), "current_month_due": ("本月应服务中心", "centers due this month"),
    "current_month_unmet": ("本月尚未服务中心", "centers not yet served this month"), "events": ("对接活动", "events"),
    "stretch": ("更高目标", "stretch"), "enterprises": ("企业", "enterprises"),
    "private_enterprises": ("民营企业", "private enterprises"), "projects": ("项目", "projects"),
    "private_projects": ("民营企业项目", "private projects"), "amount_cny": ("金额（元）", "amount (yuan)"),
    "private_amount_cny": ("民营企业金额（元）", "private amount (yuan)"),
    "amount_share": ("民营企业金额占比", "private share of the amount"), "recognitions": ("认定次数", "recognitions"),
    "previous_year_enterprises": ("上年企业", "enterprises the year before"),
    "previous_year_private_enterprises": ("上年民营企业", "private enterprises the year before"),
    "previous_year_share": ("上年民营企业占比", "private share the year before"), "briefings": ("宣讲会", "briefings"),
    "attendance": ("参加人数", "attendance"), "person_times": ("人次", "person-times"), "visits": ("走访", "visits"),
    "private_enterprises_visited": ("走访的民营企业", "private enterprises visited"), "examiners": ("审查员人次", "examiners"),
    "attorneys": ("代理师人次", "attorneys"), "classes": ("培训班", "classes"), "trainings": ("培训", "trainings"),
    "with_wipo_person_times": ("与世界知识产权组织合作培训人次", "person-times with WIPO"),
    "with_partner_person_times": ("与合作方培训人次", "person-times with a partner"),
}

STATUS: dict[str, tuple[str, str]] = {
    "met": ("已达成", "Met"), "missed": ("未达成", "Missed"), "on_track": ("进度正常", "On track"),
    "at_risk": ("有风险", "At risk"), "not_due": ("未到期", "Not due"),
}
NOT_APPLICABLE = ("不适用", "n/a")  # a status or threshold where the rule does not apply to a single region
NOT_REACHED = ("未到", "upcoming")  # a month of the timeline after the last day counted

# what a target's detail holds that the page does not name
DETAIL_MORE: dict[str, tuple[str, str]] = {
    "enterprises_attending": ("参加企业", "enterprises attending"),
    "private_enterprises_attending": ("参加的民营企业", "private enterprises attending"),
    "previous_year_recognitions": ("上年认定次数", "recognitions the year before"),
}

COMPARATORS: dict[str, tuple[str, str]] = {">=": ("不低于", "at least"), ">": ("高于", "more than")}

AGGREGATIONS: dict[str, tuple[str, str]] = {
    "count": ("计数", "count"), "sum_amount": ("金额合计", "sum of amounts"), "sum_value": ("合计", "sum"),
    "median_value": ("中位数", "median"), "p90_value": ("90 百分位数", "90th percentile"), "mean_value": ("平均值", "mean"),
    "distinct_uscc": ("企业数（不重复）", "distinct enterprises"), "stock": ("期末存量", "stock at the end"),
}

SHARE_DETAILS = frozenset({"amount_share", "previous_year_share"})  # a share between 0 and 1: a percentage
AMOUNT_DETAILS = frozenset({"amount_cny", "private_amount_cny"})  # in yuan


def zh(table: dict[str, tuple[str, str]], code: str) -> str:
    """The Chinese word for a code; the code itself where the table has none (never an empty cell for a code)."""
    entry = table.get(code)
    return entry[0] if entry and entry[0] else code
