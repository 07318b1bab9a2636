"""The benchmark harness runs end to end at tiny sizes and reports every figure. Behaviour only: no timing."""

from __future__ import annotations

import json
import subprocess
import sys
from numbers import Real
from pathlib import Path

import pytest

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {"ingest", "read", "memory.enforcement", "memory.projection", "transactions", "bulk", "freshness", "rebuild",
           "query", "query.latency"}
TINY = [
    "--warmup-seconds", "0.2", "--ingest-seconds", "1", "--transaction-seconds", "1",
    "--bulk-commands", "200", "--bulk-batch", "100", "--freshness-seconds", "2", "--freshness-rate", "20",
    "--rebuild-events", "500", "--query-seconds", "1", "--query-max-requests", "50",
]


@pytest.mark.timeout(900)
def test_the_harness_measures_every_figure(tmp_path):
    output = tmp_path / "results.json"
    readme = (ROOT / "README.md").read_text()
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--no-readme", "--output", str(output), *TINY],
        cwd=ROOT, capture_output=True, text=True, timeout=840,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    results = json.loads(output.read_text())
    assert set(results["figures"]) == FIGURES
    for key, figure in results["figures"].items():
        assert figure["error"] is None, (key, figure["error"])
        assert isinstance(figure["value"], Real), (key, figure)
        assert figure["met"] in (True, False), key
    for key in ("ingest", "transactions", "bulk", "rebuild"):  # the figures with a same-run baseline
        assert isinstance(results["figures"][key]["baseline"], Real) and results["figures"][key]["baseline"] > 0
        assert isinstance(results["figures"][key]["ratio"], Real)
    assert results["figures"]["rebuild"]["detail"]["applied"] == 500
    assert results["machine"]["cores"] >= 1 and results["sizes"]["bulk_commands"] == 200
    assert (ROOT / "README.md").read_text() == readme  # --no-readme leaves it alone


def test_the_readme_section_is_replaced_between_its_markers(tmp_path):
    sys.path.insert(0, str(ROOT))
    try:
        from bench.report import END, START, Figure, update_readme
    finally:
        sys.path.remove(str(ROOT))
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n## Performance\n\n{START}\nold\n{END}\n\n## After\n")
    info = {"date": "2026-01-01 00:00 UTC", "command": "python -m bench", "smoke": False,
            "machine": {"cores": 2, "memory_gb": 4.0, "cpu": "a CPU", "system": "Linux", "python": "3.11"}}
    figure = Figure("bulk", "bulk import", 10.0, "cmd/s", "≥ 0.5 × baseline", 40.0, 0.25, False)
    update_readme(readme, [figure], info)
    update_readme(readme, [figure], info)
    text = readme.read_text()
    assert text.count(START) == 1 and "old" not in text and text.endswith("## After\n")
    assert "| bulk import | 10.0 cmd/s | 40.0 cmd/s | 0.25 | ≥ 0.5 × baseline | no |" in text
    assert "2 cores, 4.0 GB, a CPU" in text
