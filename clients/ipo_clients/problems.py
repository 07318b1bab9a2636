"""RFC 9457 problems as one line of text: the detail, then each field named with its message."""

from __future__ import annotations

from typing import Any


def problem_text(problem: dict[str, Any] | None) -> str:
    if not problem:
        return "refused"
    detail = str(problem.get("detail") or problem.get("title") or "refused")
    errors = [e for e in problem.get("errors") or [] if isinstance(e, dict)]
    fields = "; ".join(f"{e.get('field')}: {e.get('message')}" for e in errors)
    return f"{detail} [{fields}]" if fields and fields not in detail else detail
