"""The enterprise object every record about an enterprise carries, with the GB 32100-2015 code check, and the rule
of an enterprise's region as first recorded in an aggregate keyed by it."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from kernel.domain.regions import Region
from kernel.domain.text import Name
from kernel.domain.vocabulary import LabelledEnum
from kernel.i18n import Bilingual, region_label
from kernel.problems import Conflict

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why `code` is not a valid Unified Social Credit Code, or None when it is."""
    if len(code) != 18:
        return f"须为 18 位，实为 {len(code)} 位；must be 18 characters, got {len(code)}"
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        return (f"信用代码不用字符 {''.join(bad)!r}（可用数字和 {USCC_ALPHABET[10:]}）；"
                f"characters {''.join(bad)!r} are not used in credit codes (allowed: digits and {USCC_ALPHABET[10:]})")
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return (f"校验码为 {code[17]!r}，但按前 17 位应为 {expected!r}；"
                f"check character is {code[17]!r} but the first 17 characters give {expected!r}")
    return None


def _validate_uscc(code: str) -> str:
    problem = uscc_problem(code)
    if problem:
        reason = Bilingual.of(problem)
        raise ValueError(f"不是有效的统一社会信用代码：{reason.zh}；not a valid unified social credit code: {reason.en}")
    return code


def _normalise(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


USCC = Annotated[
    str,
    BeforeValidator(_normalise),
    Field(min_length=1, max_length=40, examples=["91420100MA4KPN7X2M"]),
    AfterValidator(_validate_uscc),
]


class Ownership(LabelledEnum):
    PRIVATE = "private", "民营", "private"
    STATE_OWNED = "state_owned", "国有", "state-owned"
    FOREIGN_INVESTED = "foreign_invested", "外资", "foreign-invested"
    COLLECTIVE = "collective", "集体", "collective"
    OTHER = "other", "其他", "other"


class Enterprise(BaseModel):
    """An enterprise as known at the time of the record: its ownership then decides whether it counts as private."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    uscc: USCC = Field(description="统一社会信用代码（GB 32100-2015），校验码经核验；"
                                   "Unified Social Credit Code (GB 32100-2015), check character verified.")
    name: Name = Field(description="登记名称；Registered name.", examples=["武汉某某科技有限公司"])
    ownership: Ownership = Field(description="记录时的所有制：private 民营、state_owned 国有、foreign_invested 外资、collective 集体、"
                                             "other 其他；只有民营计入各项目标；Ownership at the time of the record: only private counts")
    region: Region = Field(description="企业登记所在地区（GB/T 2260 代码）；GB/T 2260 code of the division the enterprise is registered in.")

    @property
    def is_private(self) -> bool:
        return self.ownership == Ownership.PRIVATE


# An aggregate keyed by an enterprise's credit code (a membership, a standard adoption, a library or recognition
# dossier, an escort enrolment) records that enterprise in the region it was first recorded in there, and keeps
# it while any of its records stands. A later write on it belongs to that region: a token of another region is
# refused (`UnitOfWork.load_enterprise`, 403), and a record claiming another region is refused by the
# aggregate's decision (`require_as_recorded`, 409 naming `enterprise.region`), whoever sends it. Ownership and
# name may change from one record to the next (ownership at the time of the record decides privateness), and
# each record keeps its own. When every record is retracted the aggregate records the enterprise no more, and a
# new first record names its region again (that is how a wrong region is corrected).


def region_on_record(state: Any) -> str | None:
    """The region a later write on an aggregate keyed by an enterprise belongs to: its `enterprise_of_record`'s
    (None while nothing stands: the write's decision answers that). `CommandBus.change(..., region_of=...)`."""
    recorded = state.enterprise_of_record
    return recorded.region if recorded is not None else None


AS_RECORDED = (
    "企业所在地区以该企业在此首次记录的地区为准：其他地区的令牌不能写入（403），声称另一地区的记录被拒绝"
    "（409，指明 `enterprise.region`）；所有制与名称可随记录变化，每条记录保留自己的声明。若首次记录有误，"
    "撤回全部记录后重新记录。\n\n"
    "The enterprise's region is the one it was first recorded in here: a token of another region cannot write "
    "(403), and a record claiming another region is refused (409 naming `enterprise.region`), the same inside "
    "a bulk import batch, whose earlier lines count as recorded. Ownership and name may change from record to "
    "record, each record keeping its own. A wrong first region is corrected by retracting every record, then "
    "recording afresh."
)


def require_as_recorded(recorded: Enterprise | None, claimed: Enterprise, *, field: str = "enterprise.region") -> None:
    """Refuse (409 naming `field`) a record that puts an enterprise recorded here in `recorded.region` elsewhere."""
    if recorded is not None and claimed.region != recorded.region:
        raise Conflict(
            f"企业 {claimed.uscc} 在此登记于地区 {region_label(recorded.region).zh}，本记录称 {region_label(claimed.region).zh}："
            f"地区以首次记录为准，如首次记录有误请先撤回；enterprise {claimed.uscc} is recorded here in region "
            f"{region_label(recorded.region).en}, this record says {region_label(claimed.region).en}: the region first "
            "recorded stands (retract the records first to correct it)",
            field=field,
        )


def region_of_record(recorded: Enterprise | None, claimed: Enterprise) -> str:
    """The region a write naming `claimed` belongs to: the one first recorded in the aggregate, else the claimed one."""
    return recorded.region if recorded is not None else claimed.region


# The enterprise every service's documented examples name (a private enterprise of Wuhan, its code valid).
EXAMPLE_ENTERPRISE = {"uscc": "91420100MA4KPN7X2M", "name": "武汉某某科技有限公司", "ownership": "private", "region": "420100"}
