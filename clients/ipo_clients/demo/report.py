"""The demo's closing summary: records per measure, records per region, and every refused write with its problem."""

from __future__ import annotations

from rich import box
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


def render(result: DemoResult, console: Console) -> None:
    settings = result.settings
    if result.not_empty:
        console.print(f"The services already hold records ({', '.join(result.not_empty)}): the demo recorded nothing.")
        return
    if not result.outcomes:
        console.print(f"Nothing of the demo year {settings.year} has happened yet: nothing was recorded.")
        return
    table = Table(title=f"Demo year {settings.year} (seed {settings.seed}, scale {settings.scale:g})", show_footer=True,
                  box=box.SIMPLE_HEAD)
    counts = result.by_measure()
    totals = {k: sum(c[k] for c in counts.values()) for k in ("recorded", "replayed", "refused", "skipped")}
    table.add_column("#", "", justify="right", min_width=2, no_wrap=True)
    table.add_column("records", "total", max_width=36, no_wrap=True, overflow="ellipsis")
    for key, header in (("recorded", "new"), ("replayed", "replayed"), ("refused", "refused"), ("skipped", "skipped")):
        table.add_column(header, str(totals[key]), justify="right", min_width=len(header), no_wrap=True)
    for measure, (service, what) in MEASURES.items():
        c = counts[measure]
        refused = f"[red]{c['refused']}[/red]" if c["refused"] else "0"
        table.add_row(str(measure), f"{what} ({service})", str(c["recorded"]), str(c["replayed"]), refused, str(c["skipped"]))
    console.print(table)
    regions = result.by_region().most_common(6)
    console.print("By region: " + ", ".join(f"{CITY[r]} {n}" for r, n in regions) + ", ...", highlight=False)
    sent = len(result.outcomes) - totals["skipped"]
    rate = sent / result.seconds if result.seconds else 0.0
    console.print(
        f"{len(result.outcomes)} writes due of {result.planned} planned for the year, sent in {result.seconds:.1f}s "
        f"({rate:.0f}/s); Idempotency-Keys ipo-demo:{settings.seed}:{settings.year}:{settings.scale:g}:<index>.",
        highlight=False,
    )
    if result.periods is not None:
        render_periods(result.periods, console)
    if result.refused:
        refusals = Table(title="Refused writes (each is a defect of the demo generator)", title_style="bold red")
        for column in ("#", "record", "request", "status", "problem"):
            refusals.add_column(column, overflow="fold")
        for o in result.refused[:50]:
            refusals.add_row(str(o.step.index), o.step.what, f"POST {o.step.service} {o.step.path}",
                             str(o.status or "-"), problem_text(o.problem))
        console.print(refusals)
        if len(result.refused) > 50:
            console.print(f"... and {len(result.refused) - 50} more refused writes.")


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
        f"{periods.count(OPEN)} 个，全省月报审核通过 {len(province)} 个；reporting periods {span}: "
        f"{periods.count(APPROVED)} region-months approved, {periods.count(SUBMITTED)} awaiting approval, "
        f"{periods.count(OPEN)} not submitted, the province's own {len(province)} approved "
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
        refusals = Table(title="Refused reporting steps", title_style="bold red")
        for column in ("period", "step", "status", "problem"):
            refusals.add_column(column, overflow="fold")
        for step in periods.refused[:30]:
            refusals.add_row(f"{step.region}/{step.period}", step.step, str(step.status or "-"), problem_text(step.problem))
        console.print(refusals)
