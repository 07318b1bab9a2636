"""The two languages of every text a person reads in an answer: Chinese (the office's) first, English beside it.

How a text is written in code: once, as "中文；English" — the Chinese, a full-width semicolon "；", the English
(`f"须为 18 位，实为 {n} 位；must be 18 characters, got {n}"`), or as a `Bilingual(zh=..., en=...)` when the
parts are built separately. `Bilingual.of` reads the written form: the text is split at the first "；" that has
Chinese before it and a text not starting in Chinese after it (so a "；" inside the Chinese part is kept); a text
without that pattern serves both languages unchanged (an English-only message stays English in both, until
someone writes its Chinese).

How a problem carries them (see `kernel.problems`): the language is chosen by the request's `Accept-Language`
(q-values honoured; `zh`, `zh-CN`, `zh-Hans`... choose Chinese, `en`, `en-US`... English; absent, `*` or only
other languages: Chinese) and named in `Content-Language`. `title`, `detail` and each `errors[].message` hold the
chosen language first and the other beside it, joined by "；" ("中文；English" or "English；中文"), and the
parts stand alone in `title_zh`/`title_en`, `detail_zh`/`detail_en`, `errors[].message_zh`/`message_en`, present
whatever the language, for a program that shows one. `type`, `status` and `errors[].field` never depend on it.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from kernel.domain.regions import region_names

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
CONTENT_LANGUAGE = {"zh": "zh-CN", "en": "en"}
SEPARATOR = "；"

# the language of the request being answered, for problems rendered away from the request (a bulk import's lines)
request_language: ContextVar[str] = ContextVar("request_language", default=DEFAULT_LANGUAGE)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_RANGE = re.compile(r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9](?:\.[0-9]{0,3})?))?\s*$")


def negotiate(accept_language: str | None) -> str:
    """The language to answer in (RFC 9110 §12.5.4): the one with the highest q-value, the first named on a tie;
    Chinese when the header is absent, names neither language or refuses both."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    quality: dict[str, tuple[float, int]] = {}  # language -> (q-value, -place in the header)
    wildcard: float | None = None
    for place, item in enumerate(accept_language[:1000].split(",")[:50]):
        match = _RANGE.match(item)
        if not match:
            continue
        tag, q = match.group(1).lower(), min(float(match.group(2)), 1.0) if match.group(2) else 1.0
        if tag == "*":
            wildcard = q if wildcard is None else max(wildcard, q)
        elif (primary := tag.split("-")[0]) in LANGUAGES:  # zh-CN and zh both name Chinese: the higher q counts
            earlier = quality.get(primary, (q, -place))
            quality[primary] = (max(q, earlier[0]), earlier[1])
    for language in LANGUAGES:  # a language the header does not name gets the wildcard's q-value, after the named
        if language not in quality and wildcard is not None:
            quality[language] = (wildcard, -1000 - LANGUAGES.index(language))
    best = max(LANGUAGES, key=lambda language: quality.get(language, (0.0, -2000)))
    return best if quality.get(best, (0.0, 0))[0] > 0 else DEFAULT_LANGUAGE


def other(language: str) -> str:
    return "en" if language == "zh" else "zh"


@dataclass(frozen=True)
class Bilingual:
    """One text in Chinese and in English."""

    zh: str
    en: str

    @classmethod
    def of(cls, text: "str | Bilingual | Any") -> "Bilingual":
        """Reads "中文；English" into its two parts; another text serves both languages as it is."""
        if isinstance(text, Bilingual):
            return text
        text = str(text)
        start = 0
        while (at := text.find(SEPARATOR, start)) >= 0:
            before, after = text[:at].strip(), text[at + 1:].strip()
            if _HAN.search(before) and after and not _CJK.match(after) and re.search(r"[A-Za-z]", after):
                return cls(before, after)
            start = at + 1
        return cls(text, text)

    def in_language(self, language: str) -> str:
        return self.en if language == "en" else self.zh

    def first(self, language: str) -> str:
        """Both languages, `language` first: "中文；English" or "English；中文" (one, when they are the same)."""
        chosen, beside = self.in_language(language), self.in_language(other(language))
        return chosen if chosen == beside else f"{chosen}{SEPARATOR}{beside}"

    def __str__(self) -> str:
        return self.first("zh")

    def format(self, **values: Any) -> "Bilingual":
        return Bilingual(self.zh.format(**values), self.en.format(**values))


def join(parts: list[Bilingual], zh: str = "。", en: str = "; ") -> Bilingual:
    return Bilingual(zh.join(p.zh for p in parts), en.join(p.en for p in parts))


def region_label(code: str) -> Bilingual:
    """A region code with its name beside it: `420100 武汉市` / `420100 Wuhan` (an unknown code as it is)."""
    names = region_names(str(code))
    return Bilingual(f"{code} {names[0]}", f"{code} {names[1]}") if names else Bilingual(str(code), str(code))


# What each kind of record is called, for "no such record" answers (NotFound names the kind in English).
RECORD_KINDS_ZH = {
    "agency aid": "代理机构援助", "assistance center": "维权援助中心", "assistance request": "维权援助申请",
    "brand library entry": "品牌库条目", "brand-protection order": "品牌保护令", "briefing": "宣讲会",
    "case story": "典型案例", "commissioner dispatch": "专员派驻", "credit-list entity": "信用名单主体",
    "enterprise": "企业", "examiner visit": "审查员走访", "fast-track case": "快速维权案件",
    "foreign-related dispute": "涉外纠纷", "GB/T 29490 certification": "GB/T 29490 认证",
    "GB/T 29490 implementation": "GB/T 29490 贯标", "GB/T 29490 record": "GB/T 29490 记录",
    "information service": "信息服务", "information station": "信息服务站", "infringement case": "侵权案件",
    "joint meeting": "联席会议", "mark application": "商标申请", "matchmaking event": "银企对接活动",
    "mediation case": "调解案件", "on-site service": "上门服务", "overseas escort enrolment": "海外护航入选",
    "pledge-financing project": "质押融资项目", "program member": "示范项目成员", "publicity item": "宣传报道",
    "recognition": "认定", "recommendation": "推荐", "service agency": "服务机构", "survey response": "需求调查答卷",
    "target": "目标", "trademark guidance session": "商标指导活动", "trademark window": "商标受理窗口",
    "training": "培训", "webhook subscription": "通知订阅",
}
