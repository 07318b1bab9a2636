"""What a bulk import answers: per line, accepted (with the new record's id) or refused (with the problem)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class LineProblem(BaseModel):
    """A refused line's problem, in both languages as every problem (see `kernel.i18n`)."""

    type: str
    title: str
    title_zh: str | None = None
    title_en: str | None = None
    status: int
    detail: str
    detail_zh: str | None = None
    detail_en: str | None = None
    errors: list[dict[str, Any]] | None = None


class LineResult(BaseModel):
    line: int = Field(description="1-based line (CSV: data row; the header is not counted).")
    ref: str | None = Field(None, description="The client's reference for the line, as sent.")
    kind: str | None = None
    status: Literal["accepted", "valid", "refused"] = Field(
        description="accepted: stored; valid: would be stored (dry run, or an atomic batch refused elsewhere); refused: see problem."
    )
    id: str | None = Field(None, description="The record the line created or changed.")
    location: str | None = None
    replayed: bool = Field(False, description="The line's ref was already imported with the same content: nothing new was stored.")
    answer: dict[str, Any] | None = Field(None, description="What the single-command endpoint would have answered.")
    problem: LineProblem | None = None


class ImportReport(BaseModel):
    dry_run: bool
    atomic: bool
    accepted: int
    refused: int
    events_appended: int = 0
    consistency_token: str | None = Field(
        None, description="读己之写：把它作为 `consistency_token` 传给投影的读取，即等到本批所有记录都已计入；Read your writes: "
        "pass it as `consistency_token` to a projection read to wait until every record of the batch is counted "
        "(`service:position`, every event up to it; also in the `Consistency-Token` header). None when nothing was accepted.")
    lines: list[LineResult]


class Choice(BaseModel):
    code: str
    label_zh: str
    label_en: str


class KindField(BaseModel):
    name: str
    label_zh: str | None
    required: bool
    in_path: bool = Field(description="A path parameter of the single-command endpoint, sent as a field here.")
    choices: dict[str, list[Choice]] | None = Field(
        None, description="该字段及其下层的枚举字段（键为字段路径，不含列表下标）：每个取值的代码及中英文名称；CSV 单元格可填代码或名称。"
        "The enum-typed fields at or below this one (keyed by their dotted path, a list's index left out: the column "
        "`enterprises.0.ownership` is `enterprises.ownership` here), each value's code and labels; a CSV cell may hold either.")


class ImportKindInfo(BaseModel):
    kind: str
    endpoint: str = Field(description="The single-command endpoint this kind runs, e.g. POST /v1/onsite-services.")
    summary: str
    fields: list[KindField]


class KindCatalogue(BaseModel):
    max_lines: int
    max_body_bytes: int
    kinds: list[ImportKindInfo]
