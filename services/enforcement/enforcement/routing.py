"""Path parameters the endpoints of this service share (the documented answers are `kernel.endpoints`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from kernel.domain.enterprise import uscc_problem
from kernel.i18n import Bilingual
from kernel.problems import Problem

RecordId = Annotated[str, Path(min_length=1, max_length=64, description="The id the recording answered with.")]
UsccPath = Annotated[str, Path(min_length=1, max_length=40, description="Unified Social Credit Code.", examples=["91420100MA4KPN7X2M"])]


def credit_code(raw: str) -> str:
    """A credit code from a path: normalised, and checked like one in a body (a 422 naming `uscc`)."""
    code = raw.strip().upper()
    problem = uscc_problem(code)
    if problem:
        reason = Bilingual.of(problem)
        message = Bilingual(f"不是有效的统一社会信用代码：{reason.zh}", f"not a valid unified social credit code: {reason.en}")
        raise Problem(422, "validation-error", Bilingual(f"uscc：{message.zh}", f"uscc: {message.en}"),
                      errors=[{"field": "uscc", "in": "path", "message": message}])
    return code
