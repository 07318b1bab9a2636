"""The demo's closing summary: records per measure, records per region, and every refused write with its problem."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from ipo_clients.demo.periods import APPROVED, OPEN, PROVINCE, SUBMITTED, PeriodsResult, division_name
from ipo_clients.demo.recording import DemoResult
from ipo_clients.problems import problem_text
from ipo_clients.demo.vocabulary import CITY

MEASURES = {
    1: ("enforcement", "infringement cases"), 2: ("enforcement", "fast-track cases"),
    3: ("enforcement", "foreign disputes, overseas escort"), 4: ("enforcement", "assistance centers, on-site services"),
    5: ("enforcement", "credit list"), 6: ("enforcement", "brand-protection orders"),
    7: ("financing", "subsidies, risk compensation"), 8: ("financing", "guarantee insurance, guarantees"),
    9: ("financing", "pledge projects, matchmaking, surveys"), 10: ("training", "demonstration program, GB/T 29490"),
    11: ("training", "recommendations, recognitions"), 12: ("training", "special commissioners"),
    13: ("training", "brand library, guidance, marks"), 14: ("outreach", "service agencies, supervision"),
    15: ("outreach", "East Lake cluster zone"), 16: ("outreach", "agency aid"),
    17: ("enforcement", "mediation, joint meetings"), 18: ("outreach", "patent information"),
    19: ("outreach", "briefings, patent on-site services"), 20: ("outreach", "examiner visits"),
    21: ("outreach", "trademark windows"), 22: ("training", "trainings"), 23: ("outreach", "publicity"),
    24: ("outreach", "case stories"),
}
# the Chinese of each measure's records (the services' own words in their api_docs.py), shown before the English
MEASURES_ZH = {
    1: "侵权案件", 2: "快速维权案件", 3: "涉外纠纷援助、海外护航", 4: "维权援助中心、上门服务", 5: "失信名单",
    6: "订单式打假", 7: "补贴贴息、风险补偿", 8: "保证保险、担保", 9: "质押融资项目、对接活动、需求调研",
    10: "示范工程、GB/T 29490", 11: "优势示范企业推荐与认定", 12: "知识产权特派员", 13: "品牌孵化库、指导、商标",
    14: "服务机构、行业监管", 15: "东湖集聚区", 16: "代理援助", 17: "纠纷人民调解、部门联席会议", 18: "专利信息服务",
    19: "政策宣讲会、专利上门服务", 20: "千家民企面对面（审查员走访）", 21: "商标受理窗口", 22: "培训", 23: "政策宣传",
    24: "典型案例",
}


def measure_text(measure: int) -> str:
    """A measure's records, Chinese then English: `侵权案件 infringement cases`."""
    return f"{MEASURES_ZH[measure]} {MEASURES[measure][1]}"


def render(result: DemoResult, console: Console) -> None:
    settings = result.settings
    if result.not_empty:
        console.print(f"服务中已有记录（{', '.join(result.not_empty)}），演示未记录任何内容；the services already hold "
                      f"records ({', '.join(result.not_empty)}): the demo recorded nothing.", highlight=False)
        return
    if not result.outcomes:
        console.print(f"演示年 {settings.year} 尚无已发生的内容，未记录任何内容；nothing of the demo year {settings.year} "
                      "has happened yet: nothing was recorded.", highlight=False)
        return
    table = Table(title=f"演示年 {settings.year}（种子 {settings.seed}，规模 {settings.scale:g}）\nDemo year {settings.year} "
                        f"(seed {settings.seed}, scale {settings.scale:g})", show_footer=True, box=box.SIMPLE_HEAD)
    counts = result.by_measure()
    totals = {k: sum(c[k] for c in counts.values()) for k in ("recorded", "replayed", "refused", "skipped")}
    table.add_column("措施\n#", "", justify="right", min_width=4, no_wrap=True)
    table.add_column("记录\nrecords", "合计 total", overflow="fold")
    for key, header in (("recorded", "新记录\nnew"), ("replayed", "已有\nreplayed"), ("refused", "被拒绝\nrefused"),
                        ("skipped", "跳过\nskipped")):
        table.add_column(header, str(totals[key]), justify="right", no_wrap=True,
                         min_width=max(cell_len(line) for line in header.split("\n")))
    for measure, (service, what) in MEASURES.items():
        c = counts[measure]
        refused = f"[red]{c['refused']}[/red]" if c["refused"] else "0"
        table.add_row(str(measure), f"{measure_text(measure)} ({service})", str(c["recorded"]), str(c["replayed"]), refused,
                      str(c["skipped"]))
    console.print(table)
    regions = result.by_region().most_common(6)
    console.print("按地区 by region: " + "，".join(f"{CITY[r]} {n}" for r, n in regions) + " ……", highlight=False)
    sent = len(result.outcomes) - totals["skipped"]
    rate = sent / result.seconds if result.seconds else 0.0
    keys = f"ipo-demo:{settings.seed}:{settings.year}:{settings.scale:g}:<index>"
    console.print(
        f"全年计划写入 {result.planned} 次，到期 {len(result.outcomes)} 次，用时 {result.seconds:.1f} 秒（{rate:.0f} 次/秒），"
        f"幂等键 {keys}；{len(result.outcomes)} writes due of {result.planned} planned for the year, sent in "
        f"{result.seconds:.1f}s ({rate:.0f}/s); Idempotency-Keys {keys}.",
        highlight=False,
    )
    if result.periods is not None:
        render_periods(result.periods, console)
    if result.refused:
        refusals = Table(title="被拒绝的写入（每一条都是演示生成器的缺陷）\nrefused writes (each is a defect of the demo "
                               "generator)", title_style="bold red")
        for column in ("序号\n#", "记录\nrecord", "请求\nrequest", "状态码\nstatus", "问题\nproblem"):
            refusals.add_column(column, overflow="fold")
        for o in result.refused[:50]:
            refusals.add_row(str(o.step.index), o.step.what, f"POST {o.step.service} {o.step.path}",
                             str(o.status or "-"), problem_text(o.problem))
        console.print(refusals)
        if len(result.refused) > 50:
            console.print(f"……另有 {len(result.refused) - 50} 条被拒绝的写入；... and {len(result.refused) - 50} more "
                          "refused writes.", highlight=False)


def render_periods(periods: PeriodsResult, console: Console) -> None:
    """The reporting workflow in a few lines: approved, returned, waiting; every refused step with its problem."""
    plan = periods.plan
    if periods.problem:
        console.print(f"[red]报送期未记录；the reporting periods were not recorded:[/red] {periods.problem}", highlight=False)
    if not plan.months:
        console.print(f"报送期：{plan.year} 年尚无已结束的月份；no month of {plan.year} has ended yet: nothing to submit.",
                      highlight=False)
        return
    if periods.problem and not periods.states:
        return
    new = sum(1 for s in periods.steps if s.answer is not None and not s.replayed)
    replayed = sum(1 for s in periods.steps if s.replayed)
    span = f"{plan.months[0]}..{plan.months[-1]}" if len(plan.months) > 1 else plan.months[0]
    province = [m for (r, m), state in sorted(periods.states.items()) if r == PROVINCE and state == APPROVED]
    console.print(
        f"报送期 {span}：地区月报已审核通过 {periods.count(APPROVED)} 个，待审核 {periods.count(SUBMITTED)} 个，未报送 "
        f"{periods.count(OPEN)} 个，全省月报审核通过 {len(province)} 个（新记录 {new} 步，{replayed} 步按此前运行作答）；"
        f"reporting periods {span}: {periods.count(APPROVED)} region-months approved, {periods.count(SUBMITTED)} awaiting "
        f"approval, {periods.count(OPEN)} not submitted, the province's own {len(province)} approved "
        f"({new} steps recorded, {replayed} answered from an earlier run).", highlight=False)
    lines = []
    if plan.returned:
        region, month = plan.returned
        lines.append(f"  {month} {division_name(region)}（{region}）退回一次后重新报送；returned once, submitted again: "
                     f"{plan.return_reason()}")
    if plan.awaiting:
        region, month = plan.awaiting
        lines.append(f"  {month} {division_name(region)}（{region}）已报送，待审核；submitted, awaiting approval")
    if plan.not_submitted:
        region, month = plan.not_submitted
        lines.append(f"  {month} {division_name(region)}（{region}）尚未报送；not submitted yet")
    for line in lines:
        console.print(line, highlight=False)
    if periods.refused:
        refusals = Table(title="被拒绝的报送步骤\nrefused reporting steps", title_style="bold red")
        for column in ("报送期\nperiod", "步骤\nstep", "状态码\nstatus", "问题\nproblem"):
            refusals.add_column(column, overflow="fold")
        for step in periods.refused[:30]:
            refusals.add_row(f"{step.region}/{step.period}", step.step, str(step.status or "-"), problem_text(step.problem))
        console.print(refusals)
