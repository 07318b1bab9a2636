"""The demo's enterprises: plausible names and valid Unified Social Credit Codes (GB 32100-2015).

A code is 9 (registered with the market regulator) + 1 (an enterprise) + the county-level division it
registered in + its organisation code (GB 11714, with its own check character) + the check character over the
first 17 characters.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Iterable

from kernel.domain.enterprise import USCC_ALPHABET, uscc_check_character

from ipo_clients.demo.vocabulary import BRANDS, CITY, DISTRICTS, FOREIGN_BRANDS, INDUSTRIES, REGION_WEIGHTS

ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
OWNERSHIP_MIX = (("private", 72), ("state_owned", 12), ("foreign_invested", 8), ("collective", 4), ("other", 4))
REGIONS = tuple(REGION_WEIGHTS)


def organisation_code(body: str) -> str:
    """The 8 characters of an organisation code with their GB 11714 check character."""
    total = sum((int(c) if c.isdigit() else ord(c) - ord("A") + 10) * w for c, w in zip(body, ORG_CODE_WEIGHTS))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(district: str, organisation: str) -> str:
    first17 = f"91{district}{organisation}"
    return first17 + uscc_check_character(first17)


def pick_region(rng: random.Random) -> str:
    return rng.choices(REGIONS, weights=[REGION_WEIGHTS[r] for r in REGIONS])[0]


@dataclass(frozen=True)
class Firm:
    uscc: str
    name: str
    ownership: str
    region: str

    @property
    def private(self) -> bool:
        return self.ownership == "private"

    def body(self) -> dict[str, str]:
        return {"uscc": self.uscc, "name": self.name, "ownership": self.ownership, "region": self.region}


def _name(rng: random.Random, ownership: str, region: str) -> str:
    city, brand, industry = CITY[region], rng.choice(BRANDS), rng.choice(INDUSTRIES)
    match ownership:
        case "private":
            return rng.choice((f"{city}{brand}{industry}有限公司", f"湖北{brand}{industry}股份有限公司", f"{city}市{brand}{industry}有限责任公司"))
        case "state_owned":
            return rng.choice((f"{city}{brand}{industry}集团有限公司", f"湖北省{brand}{industry}投资集团有限公司"))
        case "foreign_invested":
            return f"{rng.choice(FOREIGN_BRANDS)}（{city}）{industry}有限公司"
        case "collective":
            return f"{city}市{brand}{industry}厂"
    return f"{city}{brand}{industry}合伙企业（有限合伙）"


@dataclass
class Directory:
    """Every enterprise the demo speaks of, by region; `draw` hands out enterprises not used for a purpose yet."""

    firms: list[Firm]
    _used: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def generate(cls, rng: random.Random, size: int) -> "Directory":
        firms: list[Firm] = []
        codes: set[str] = set()
        names: set[str] = set()
        kinds, weights = zip(*OWNERSHIP_MIX)
        while len(firms) < size:
            region = pick_region(rng)
            ownership = rng.choices(kinds, weights=weights)[0]
            district = rng.choice(DISTRICTS[region])
            if rng.random() < 0.4:  # registered before 2015: a numeric organisation code
                body = str(rng.randint(50_000_000, 79_999_999))
            else:
                body = "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
            code = credit_code(district, organisation_code(body))
            name = _name(rng, ownership, region)
            if code in codes or name in names:
                continue
            codes.add(code)
            names.add(name)
            firms.append(Firm(code, name, ownership, region))
        return cls(firms)

    def pick(self, rng: random.Random, *, region: str | None = None, private: bool | None = None,
             purpose: str | None = None, exclude: Iterable[str] = ()) -> Firm:
        """An enterprise (of `region`, private or not), never the same twice for one `purpose`."""
        used = self._used.setdefault(purpose, set()) if purpose else set()
        excluded = set(exclude) | used
        region = region or pick_region(rng)
        for scope in (region, None):
            candidates = [
                f for f in self.firms
                if (scope is None or f.region == scope) and (private is None or f.private == private) and f.uscc not in excluded
            ]
            if candidates:
                chosen = rng.choice(candidates)
                used.add(chosen.uscc)
                return chosen
        raise LookupError(f"no enterprise left for {purpose or 'the demo'} (private={private})")

    def several(self, rng: random.Random, count: int, *, region: str | None = None, private_share: float = 0.8) -> list[Firm]:
        """`count` different enterprises, mostly of `region` when given, mostly private."""
        chosen: list[Firm] = []
        for _ in range(count):
            private = rng.random() < private_share
            chosen.append(self.pick(rng, region=region if region and rng.random() < 0.8 else None, private=private,
                                    exclude=[f.uscc for f in chosen]))
        return chosen
