"""The Chinese column headers a CSV import accepts, field by field (a dotted header is read word by word)."""

from __future__ import annotations

LABELS_ZH: dict[str, str] = {
    "ref": "引用编号",
    "kind": "类型",
    # who and where
    "enterprise": "企业", "enterprises": "企业", "uscc": "统一社会信用代码", "name": "名称", "ownership": "所有制",
    "region": "地区", "action_region": "行动地区", "regions_concerned": "涉及地区", "country_or_region": "国家或地区",
    "applicant": "申请人", "right_holder": "权利人", "infringer": "侵权人", "brand_owner": "品牌权利人", "parties": "当事人",
    "partner": "合作方", "payer": "支付方", "provider": "提供方", "host": "主办方", "host_institution": "主办单位",
    "host_kind": "主办类型", "organiser": "组织单位", "lender": "贷款银行", "certifier": "认证机构", "authority": "机关",
    "commissioner": "服务专员", "commissioner_id": "专员编号", "guided_by": "指导人", "recommended_by": "推荐单位",
    "attorneys": "代理人", "attorney_names": "代理人姓名", "examiners": "审查员", "examiner_names": "审查员姓名",
    "departments": "部门", "banks_attending": "参会银行", "enterprises_attending": "参会企业",
    "audience": "对象", "attendance": "出席人数", "person_times": "人次", "role": "角色", "level": "级别",
    # records and their ids
    "center": "中心", "center_id": "中心编号", "agency_id": "机构编号", "aid_id": "援助编号",
    "application_id": "申请编号", "application_number": "申请号", "briefing_id": "宣讲编号", "case_id": "案件编号",
    "dispatch_id": "派驻编号", "entry_id": "入库编号", "library_entry_id": "品牌库编号", "event_id": "活动编号",
    "item_id": "宣传编号", "meeting_id": "会议编号", "member_id": "成员编号", "order_id": "订单编号",
    "project_id": "项目编号", "recognition_id": "认定编号", "recommendation_id": "推荐编号", "record_id": "记录编号",
    "request_id": "请求编号", "response_id": "答卷编号", "service_id": "服务编号", "session_id": "指导编号",
    "station_id": "网点编号", "story_id": "案例编号", "training_id": "培训编号", "visit_id": "走访编号",
    "window_id": "窗口编号", "certificate_number": "证书编号", "registration_number": "注册号",
    "trademark_registration_number": "商标注册号", "number": "编号", "reference": "文号",
    # dates and times
    "occurred_on": "发生日期", "acted_on": "行动日期", "admitted_on": "入选日期", "began_on": "开始日期",
    "cancelled_on": "取消日期", "certified_on": "认证日期", "closed_on": "结案日期", "completed_on": "完成日期",
    "concluded_on": "结束日期", "covers_from": "覆盖起始", "covers_to": "覆盖截止", "decided_on": "决定日期",
    "defaulted_on": "违约日期", "delisted_on": "移出日期", "delivered_on": "服务日期", "ends_on": "结束日期",
    "enrolled_on": "纳入日期", "filed_on": "申请日期", "given_on": "给予日期", "graduated_on": "毕业日期",
    "granted_on": "发放日期", "held_on": "举办日期", "left_on": "退出日期", "listed_on": "列入日期",
    "opened_on": "开设日期", "paid_on": "支付日期", "period_from": "期间起始", "period_to": "期间截止",
    "provided_on": "提供日期", "published_on": "发布日期", "received_at": "接收时间", "received_on": "收案日期",
    "recognized_on": "认定日期", "recommended_on": "推荐日期", "registered_on": "登记日期", "released_on": "解押日期",
    "removed_on": "移出日期", "requested_on": "申请日期", "resolved_at": "解决时间", "responded_at": "响应时间",
    "responded_on": "响应日期", "settled_on": "入驻日期", "starts_on": "开始日期", "taken_on": "采取日期",
    "month": "月份",
    # amounts and counts
    "amount_cny": "金额(元)", "amount_sought_cny": "需求金额(元)", "cover_cny": "保额(元)", "fine_amount_cny": "罚没金额(元)",
    "outstanding_cny": "未偿金额(元)", "waived_amount_cny": "减免金额(元)", "goods_seized_count": "查扣物品数",
    "applications_accepted": "受理件数",
    # what
    "summary": "摘要", "reason": "原因", "note": "备注", "title": "标题", "topic": "主题", "finding": "认定结论",
    "outcome": "结果", "basis": "依据", "assistance": "援助内容", "channel": "渠道", "format": "形式", "free_of_charge": "是否免费",
    "in_cluster_zone": "是否在集聚区", "joint_action": "是否联合行动", "mark": "商标", "trademark": "商标",
    "markets": "市场", "target_markets": "目标市场", "measures": "措施", "outlet": "媒体", "reach": "覆盖人数",
    "right_kind": "权利类型", "rights_offered": "提供的权利", "pledged_rights": "质押权利", "service_kind": "服务类型",
    "specialty": "专业领域", "survey": "调查", "enterprise_situation": "企业情况",
}


def zh_to_field() -> dict[str, str]:
    reverse: dict[str, str] = {}
    for name, label in LABELS_ZH.items():
        reverse.setdefault(label, name)
    return reverse
