"""The whole demo year: every service's part of the plan, from one seed."""

from __future__ import annotations

from ipo_clients.demo.enforcement import plan_enforcement
from ipo_clients.demo.financing import plan_financing
from ipo_clients.demo.outreach import plan_outreach
from ipo_clients.demo.plan import Plan
from ipo_clients.demo.training import plan_training
from ipo_clients.demo.world import World

SERVICES = ("enforcement", "financing", "training", "outreach")


def plan_year(seed: int, year: int, scale: float) -> Plan:
    """The same seed, year and scale always give the same writes, in the same order, with the same bodies."""
    world = World.create(seed, year, scale)
    plan = Plan()
    plan_enforcement(world, plan)
    plan_financing(world, plan)
    plan_training(world, plan)
    plan_outreach(world, plan)
    return plan


def idempotency_key(seed: int, year: int, scale: float, index: int) -> str:
    """The key of the write numbered `index` in the year's plan: resending the demo records nothing twice."""
    return f"ipo-demo:{seed}:{year}:{scale:g}:{index}"
