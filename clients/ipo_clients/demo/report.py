"""The demo's closing summary: records per measure, records per region, and every refused write with its problem."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

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
