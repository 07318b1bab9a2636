// Words of the page in Chinese (default) and English.
export const TEXT = {
  zh: {
    title: "知识产权支持民营企业目标达成", skip: "跳到内容", year: "年度", region: "地区", as_of: "截至日期",
    known_at: "数据时点（当时所知）", reset: "恢复默认", download: "下载 Excel", token: "访问令牌",
    token_label: "只读令牌（read）", token_save: "使用此令牌", targets: "八项目标",
    targets_hint: "点击目标查看其计入的记录。图中虚线为按时间进度应达到的值。", close: "关闭",
    grid: "维权援助中心每月上门服务（T04）", regions: "各地区对比", compare_target: "图中目标",
    indicators: "24 项措施指标", province: "湖北省（全省）", actual: "实际", threshold: "目标值", status: "状态",
    not_applicable: "不适用", records: "计入的记录", no_records: "暂无记录", rule: "规则",
    need_token: "请输入具有 read 权限的访问令牌。", bad_token: "令牌无效或已过期，请重新输入。",
    failed: "无法读取数据：", updated: "更新于", live: "自动刷新中", paused: "已暂停自动刷新（查看历史时点）",
    center: "中心", no_centers: "暂无援助中心", measure: "措施", figure: "指标", unit: "单位", total: "全年（截至日期）",
    pro_rata: "进度线", actual_line: "实际", threshold_line: "目标", record_id: "编号", date: "日期",
    recorded_at: "记录时间", facts: "内容", stretch: "更高目标", downloading: "正在下载…", lang_switch: "English",
    region_col: "地区", open_detail: "查看记录",
    status_met: "已达成", status_missed: "未达成", status_on_track: "进度正常", status_at_risk: "有风险",
    status_not_due: "未到期", status_none: "不适用",
    cell_met: "已服务", cell_missed: "未服务", cell_open: "进行中", cell_upcoming: "未到", cell_not_due: "不计",
    unit_count: "", unit_share: "", unit_cny: "元", unit_days: "天", unit_minutes: "分钟", unit_person_times: "人次",
  },
  en: {
    title: "IP support for private enterprises: target attainment", skip: "Skip to content", year: "Year",
    region: "Region", as_of: "As of", known_at: "As known at", reset: "Defaults", download: "Download Excel",
    token: "Access token", token_label: "Read token", token_save: "Use this token", targets: "The eight targets",
    targets_hint: "Select a target to see the records it counts. The dashed line is where the target should be by now.",
    close: "Close", grid: "Assistance centers' monthly on-site services (T04)", regions: "Regions compared",
    compare_target: "Target in chart", indicators: "Indicators of the 24 measures", province: "Hubei (province)",
    actual: "Actual", threshold: "Threshold", status: "Status", not_applicable: "n/a", records: "Records counted",
    no_records: "No records yet", rule: "Rule", need_token: "Enter an access token with the read scope.",
    bad_token: "The token is invalid or expired; enter another.", failed: "Could not read the data: ",
    updated: "Updated", live: "Refreshing automatically", paused: "Automatic refresh paused (viewing a past moment)",
    center: "Center", no_centers: "No assistance centers yet", measure: "Measure", figure: "Figure", unit: "Unit",
    total: "Year to date", pro_rata: "Pro-rata", actual_line: "Actual", threshold_line: "Threshold",
    record_id: "Id", date: "Date", recorded_at: "Recorded at", facts: "Facts", stretch: "Stretch",
    downloading: "Downloading…", lang_switch: "中文", region_col: "Region", open_detail: "Records",
    status_met: "Met", status_missed: "Missed", status_on_track: "On track", status_at_risk: "At risk",
    status_not_due: "Not due", status_none: "n/a",
    cell_met: "served", cell_missed: "missed", cell_open: "open", cell_upcoming: "upcoming", cell_not_due: "n/a",
    unit_count: "", unit_share: "", unit_cny: "yuan", unit_days: "days", unit_minutes: "min", unit_person_times: "person-times",
  },
};

// GB/T 2260 codes of the 17 divisions, as in shared/kernel/domain/regions.py
export const REGIONS = [
  ["420100", "武汉市", "Wuhan"], ["420200", "黄石市", "Huangshi"], ["420300", "十堰市", "Shiyan"],
  ["420500", "宜昌市", "Yichang"], ["420600", "襄阳市", "Xiangyang"], ["420700", "鄂州市", "Ezhou"],
  ["420800", "荆门市", "Jingmen"], ["420900", "孝感市", "Xiaogan"], ["421000", "荆州市", "Jingzhou"],
  ["421100", "黄冈市", "Huanggang"], ["421200", "咸宁市", "Xianning"], ["421300", "随州市", "Suizhou"],
  ["422800", "恩施土家族苗族自治州", "Enshi"], ["429004", "仙桃市", "Xiantao"], ["429005", "潜江市", "Qianjiang"],
  ["429006", "天门市", "Tianmen"], ["429021", "神农架林区", "Shennongjia"],
];
export const PROVINCE = "420000";
