"""What every part of the demo shares: the year, the scale, the seeded randomness, the enterprises, dates."""

from __future__ import annotations

import calendar
import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from ipo_clients.demo.firms import Directory
from ipo_clients.demo.vocabulary import GIVEN_NAMES, SURNAMES

BEIJING = timezone(timedelta(hours=8))


@dataclass
class World:
    seed: int
    year: int
    scale: float
    firms: Directory

    @classmethod
    def create(cls, seed: int, year: int, scale: float) -> "World":
        world = cls(seed, year, scale, Directory([]))
        world.firms = Directory.generate(world.rng("directory"), max(240, round(900 * scale)))
        return world

    @property
    def tag(self) -> str:
        """A short mark in the ids the demo chooses, so runs with other parameters never collide."""
        return hashlib.sha256(f"{self.seed}:{self.year}:{self.scale:g}".encode()).hexdigest()[:4]

    def rng(self, part: str) -> random.Random:
        """A random source of its own for each part, so changing one part leaves the others' records as they were."""
        return random.Random(f"ipo-demo:{self.seed}:{self.year}:{self.scale:g}:{part}")

    def count(self, base: float, minimum: int = 1) -> int:
        return max(minimum, round(base * self.scale))

    @property
    def first(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last(self) -> date:
        return date(self.year, 12, 31)


def month_first(year: int, month: int) -> date:
    return date(year, month, 1)


def month_last(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def day_between(rng: random.Random, start: date, end: date) -> date:
    if end < start:
        raise ValueError(f"{start} .. {end} is empty")
    return start + timedelta(days=rng.randint(0, (end - start).days))


def weekday_between(rng: random.Random, start: date, end: date) -> date:
    """A working day when the range holds one (offices record activity on working days)."""
    for _ in range(10):
        day = day_between(rng, start, end)
        if day.weekday() < 5:
            return day
    return day_between(rng, start, end)


def in_year(rng: random.Random, world: World, start_month: int = 1, end_month: int = 12) -> date:
    return weekday_between(rng, month_first(world.year, start_month), month_last(world.year, end_month))


def later(day: date, days: int) -> date:
    return day + timedelta(days=days)


def office_moment(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BEIJING)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def distinct_names(rng: random.Random, count: int, taken: set[str] | None = None) -> list[str]:
    taken = set(taken or ())
    names: list[str] = []
    while len(names) < count:
        name = person_name(rng)
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def iso(day: date) -> str:
    return day.isoformat()
