"""Pydantic's validation errors in words an office worker reads: Chinese by the error's `type`, English beside.

Every type pydantic-core can produce has its Chinese here (a test enumerates `pydantic_core`'s `ErrorType`, so a
new type cannot slip through in English only). The English is pydantic's own message. A `value_error` or
`assertion_error` raised by the project's validators keeps its own text, read as "中文；English" (`kernel.i18n`).
Expected values that are region codes are given with their names (`420100 武汉市`).
"""

from __future__ import annotations

import re
from typing import Any

from kernel.i18n import Bilingual, region_label

_NOT_VALID = "取值无效"

# {name} is the error's ctx value; `expected` and `expected_schemes` arrive as a list of choices
CHINESE: dict[str, str] = {
    "no_such_attribute": "对象没有属性 {attribute}",
    "json_invalid": "不是有效的 JSON",
    "json_type": "须为 JSON 文本",
    "needs_python_object": "无法从 JSON 读取此值",
    "recursion_loop": "数据中有循环引用",
    "recursion_depth_exceeded": "嵌套层数过多",
    "missing": "必填，但未提供",
    "frozen_field": "此字段不可修改",
    "frozen_instance": "此对象不可修改",
    "extra_forbidden": "未知字段（不接受此字段）",
    "invalid_key": "键须为文本",
    "get_attribute_error": "读取属性时出错",
    "model_type": "须为对象（JSON 的 {{...}}）",
    "model_attributes_type": "须为对象（JSON 的 {{...}}）",
    "dataclass_type": "须为对象（JSON 的 {{...}}）",
    "dataclass_exact_type": "须为对象（JSON 的 {{...}}）",
    "named_tuple_type": "须为列表或对象",
    "default_factory_not_called": "其他字段有误，无法生成默认值",
    "none_required": "须为空（null）",
    "greater_than": "须大于 {gt}",
    "greater_than_equal": "须不小于 {ge}",
    "less_than": "须小于 {lt}",
    "less_than_equal": "须不大于 {le}",
    "multiple_of": "须为 {multiple_of} 的整数倍",
    "finite_number": "须为有限的数（不能是无穷大或 NaN）",
    "too_short": "至少须有 {min_length} 项{actual}",
    "too_long": "最多只能有 {max_length} 项{actual}",
    "iterable_type": "须为列表",
    "iteration_error": "读取列表时出错",
    "string_type": "须为文本（字符串）",
    "string_unicode": "须为有效的 Unicode 文本",
    "string_too_short": "至少须有 {min_length} 个字符",
    "string_too_long": "最多只能有 {max_length} 个字符",
    "string_pattern_mismatch": "格式不符合要求（须匹配 {pattern}）",
    "string_not_ascii": "只能含 ASCII 字符",
    "enum": "须为以下之一：{expected}",
    "dict_type": "须为对象（JSON 的 {{...}}）",
    "frozen_dict_type": "须为对象（JSON 的 {{...}}）",
    "ordered_dict_type": "须为对象（JSON 的 {{...}}）",
    "counter_type": "须为对象（JSON 的 {{...}}）",
    "mapping_type": "须为对象（JSON 的 {{...}}）",
    "list_type": "须为列表（JSON 的 [...]）",
    "deque_type": "须为列表（JSON 的 [...]）",
    "tuple_type": "须为列表（JSON 的 [...]）",
    "set_type": "须为不重复的列表",
    "set_item_not_hashable": "列表中的项须为简单值",
    "bool_type": "须为 true 或 false",
    "bool_parsing": "须为 true 或 false",
    "int_type": "须为整数",
    "int_parsing": "须为整数",
    "int_parsing_size": "整数位数过多",
    "int_from_float": "须为整数，不能有小数部分",
    "float_type": "须为数字",
    "float_parsing": "须为数字",
    "bytes_type": "须为字节串",
    "bytes_too_short": "至少须有 {min_length} 个字节",
    "bytes_too_long": "最多只能有 {max_length} 个字节",
    "bytes_invalid_encoding": "不是有效的 {encoding} 编码",
    "value_error": "取值无效：{error}",
    "assertion_error": "取值无效：{error}",
    "literal_error": "须为以下之一：{expected}",
    "missing_sentinel_error": "不应提供此值",
    "ellipsis_error": "不应提供此值",
    "date_type": "须为日期，格式 YYYY-MM-DD（如 2019-03-12）",
    "date_parsing": "须为有效日期，格式 YYYY-MM-DD（如 2019-03-12）",
    "date_from_datetime_parsing": "须为有效日期，格式 YYYY-MM-DD（如 2019-03-12）",
    "date_from_datetime_inexact": "须为日期，不能带时刻（如 2019-03-12）",
    "date_past": "须为过去的日期",
    "date_future": "须为将来的日期",
    "time_type": "须为时刻，格式 HH:MM:SS",
    "time_parsing": "须为有效时刻，格式 HH:MM:SS",
    "datetime_type": "须为时间，如 2019-06-30T18:00:00+08:00",
    "datetime_parsing": "须为有效时间，如 2019-06-30T18:00:00+08:00",
    "datetime_object_invalid": "时间无效",
    "datetime_from_date_parsing": "须为有效时间，如 2019-06-30T18:00:00+08:00",
    "datetime_past": "须为过去的时间",
    "datetime_future": "须为将来的时间",
    "timezone_naive": "不能带时区",
    "timezone_aware": "须带时区（如 +08:00）",
    "timezone_offset": "时区须为 UTC 偏移 {tz_expected} 秒",
    "time_delta_type": "须为时长",
    "time_delta_parsing": "须为有效时长，如 P1D 或 PT2H",
    "frozen_set_type": "须为不重复的列表",
    "is_instance_of": "类型不对（须为 {class}）",
    "is_subclass_of": "类型不对（须为 {class} 的子类）",
    "callable_type": "须为可调用对象",
    "union_tag_invalid": "{discriminator} 的值无效，须为以下之一：{expected_tags}",
    "union_tag_not_found": "缺少用于区分类型的字段 {discriminator}",
    "arguments_type": "参数须为列表或对象",
    "missing_argument": "缺少必填参数",
    "unexpected_keyword_argument": "多余的参数",
    "missing_keyword_only_argument": "缺少必填参数",
    "unexpected_positional_argument": "多余的参数",
    "missing_positional_only_argument": "缺少必填参数",
    "multiple_argument_values": "参数重复给出",
    "url_type": "须为网址",
    "url_parsing": "不是有效的网址",
    "url_syntax_violation": "网址格式不对",
    "url_too_long": "网址最多只能有 {max_length} 个字符",
    "url_scheme": "网址须以以下协议开头：{expected_schemes}",
    "uuid_type": "须为 UUID",
    "uuid_parsing": "不是有效的 UUID",
    "uuid_version": "须为第 {expected_version} 版 UUID",
    "decimal_type": "须为数字",
    "decimal_parsing": "须为数字",
    "decimal_max_digits": "最多只能有 {max_digits} 位数字",
    "decimal_max_places": "小数最多 {decimal_places} 位",
    "decimal_whole_digits": "整数部分最多 {whole_digits} 位",
    "fraction_type": "须为数字或分数",
    "fraction_parsing": "不是有效的分数",
    "complex_type": "须为复数",
    "complex_str_parsing": "不是有效的复数",
}

_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def _choices(expected: Any, language: str) -> str:
    """`'420100', '420200' or '420300'` as `420100 武汉市、420200 黄石市、420300 十堰市` (names only for regions)."""
    text = str(expected)
    values = _QUOTED.findall(text) or [v.strip() for v in re.split(r",| or ", text) if v.strip()]
    labels = [region_label(v).in_language(language) for v in values]
    return ("、" if language == "zh" else ", ").join(labels)


def _has_region(expected: Any) -> bool:
    return any(region_label(v).zh != v for v in _QUOTED.findall(str(expected)))


def _own_text(message: str) -> Bilingual:
    """A message raised by the project's own validator, read as "中文；English"."""
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return Bilingual.of(message)


def chinese(kind: str, ctx: dict[str, Any]) -> str:
    """The Chinese for a pydantic error of type `kind` with context `ctx`; a general phrase if a value is missing."""
    values = {k: str(v) for k, v in ctx.items()}
    if "expected" in ctx:
        values["expected"] = _choices(ctx["expected"], "zh")
    if "expected_schemes" in ctx:
        values["expected_schemes"] = _choices(ctx["expected_schemes"], "zh")
    actual = ctx.get("actual_length")
    values["actual"] = f"（实有 {actual} 项）" if actual is not None else ""
    try:
        return CHINESE.get(kind, _NOT_VALID).format(**values)
    except (KeyError, IndexError, ValueError):
        return _NOT_VALID


def message(err: dict[str, Any]) -> Bilingual:
    """One entry of `ValidationError.errors()` as a bilingual message."""
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    english = str(err.get("msg", "invalid"))
    if kind in ("value_error", "assertion_error"):
        return _own_text(english)
    if kind == "extra_forbidden":
        english = "unknown field"
    elif kind == "json_invalid":
        english = f"is not valid JSON ({ctx.get('error', 'malformed')})"
    elif kind in ("enum", "literal_error") and _has_region(ctx.get("expected", "")):
        english = f"Input should be one of: {_choices(ctx['expected'], 'en')}"
    return Bilingual(chinese(kind, ctx), english)
