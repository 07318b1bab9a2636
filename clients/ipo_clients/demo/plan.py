"""The demo year as a list of writes: what to send where, when it happened, and what it waits for.

A write that acts on an earlier record (a closure, a retraction, a subsidy on a project) names it with a
`Ref`: the field of that record's answer holding its id. The plan is ordered by the day each write is about,
so the services receive the year roughly as it unfolded; writes recorded late (补录) come after everything else.
Writes on the same record go one after another, so concurrent requests never race on one stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Iterator


@dataclass(frozen=True)
class Ref:
    """The id an earlier write's answer holds (`field` of the answer of the write numbered `seq`)."""

    seq: int
    field: str


@dataclass
class Step:
    seq: int  # creation order: stable while the plan is built
    service: str
    measure: int
    what: str
    path: str  # each "{}" is filled from one of `targets`
    body: dict[str, Any]
    day: date  # the business date the write is about; nothing is sent before it happens
    region: str | None
    targets: tuple[Ref, ...]
    after: tuple[int, ...]
    stream: str | None
    late: bool
    moment: datetime | None = None  # for writes carrying a time of day: not sent before it
    index: int = -1  # position in the whole year's plan: with the seed, it names the Idempotency-Key
    needs: tuple[int, ...] = ()  # indices of the writes that must have succeeded first

    def ref(self, answer_field: str) -> Ref:
        return Ref(self.seq, answer_field)


def refs_in(value: Any) -> Iterator[Ref]:
    if isinstance(value, Ref):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from refs_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from refs_in(item)


def resolve(value: Any, answers: dict[int, dict[str, Any]]) -> Any:
    """`value` with every Ref replaced by the id its write answered with (`answers` by seq)."""
    if isinstance(value, Ref):
        return answers[value.seq][value.field]
    if isinstance(value, dict):
        return {k: resolve(v, answers) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, answers) for v in value]
    return value


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)

    def add(
        self,
        service: str,
        measure: int,
        what: str,
        path: str,
        body: dict[str, Any],
        *,
        day: date,
        region: str | None = None,
        on: Ref | tuple[Ref, ...] | None = None,
        after: tuple[Step, ...] = (),
        stream: str | None = None,
        late: bool = False,
        moment: datetime | None = None,
    ) -> Step:
        """One write. `on` names the record(s) whose ids fill the path's "{}" placeholders, in order."""
        targets = () if on is None else (on,) if isinstance(on, Ref) else tuple(on)
        if path.count("{}") != len(targets):
            raise ValueError(f"{path}: {path.count('{}')} placeholders but {len(targets)} records named")
        seqs = {s.seq for s in after} | {r.seq for r in refs_in(body)} | {r.seq for r in targets}
        if targets:
            stream = stream or f"record:{targets[0].seq}"
        step = Step(
            seq=len(self.steps), service=service, measure=measure, what=what, path=path, body=body, day=day,
            region=region, targets=targets, after=tuple(sorted(seqs)), stream=stream, late=late, moment=moment,
        )
        self.steps.append(step)
        return step

    def ordered(self) -> list[Step]:
        """Every write of the year in sending order, numbered, with what each must wait for."""
        return self._select(lambda step: True)

    def due(self, today: date, now: datetime) -> list[Step]:
        """The writes that have happened by `today` (and `now`), with everything they need; numbered as in the year."""
        return self._select(lambda step: step.moment <= now if step.moment is not None else step.day <= today)

    def _select(self, happened: Callable[[Step], bool]) -> list[Step]:
        ordered = sorted(self.steps, key=lambda s: (s.late, s.day, s.seq))
        position = {s.seq: i for i, s in enumerate(ordered)}
        kept: list[Step] = []
        kept_indices: set[int] = set()
        last_on_stream: dict[str, int] = {}
        for index, step in enumerate(ordered):
            step.index = index
            needs = {position[seq] for seq in step.after}
            if any(n >= index for n in needs):
                raise AssertionError(f"{step.what} on {step.day} waits for a write ordered after it")
            if not happened(step) or not needs <= kept_indices:
                continue
            if step.stream is not None:  # after the last write kept on the same record
                if step.stream in last_on_stream:
                    needs.add(last_on_stream[step.stream])
                last_on_stream[step.stream] = index
            step.needs = tuple(sorted(needs))
            kept.append(step)
            kept_indices.add(index)
        return kept
