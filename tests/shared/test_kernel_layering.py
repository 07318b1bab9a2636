"""The kernel sits below everything: it imports no service and no client package, and what those add to the `ipo`
command reaches it through entry points."""

from __future__ import annotations

import ast
from pathlib import Path

from typer.testing import CliRunner

import kernel
from kernel.cli import app

ABOVE_THE_KERNEL = {"ipo_clients", "enforcement", "financing", "training", "outreach", "projection", "bench", "faults",
                    "tests"}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_kernel_module_imports_a_package_above_it():
    root = Path(kernel.__file__).parent
    offending = {str(p.relative_to(root)): sorted(imported_packages(p) & ABOVE_THE_KERNEL) for p in root.rglob("*.py")}
    assert {k: v for k, v in offending.items() if v} == {}


def test_the_clients_commands_reach_ipo_through_their_entry_points():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "demo" in result.output and "import" in result.output
