"""The province and the 17 divisions the policy is addressed to (GB/T 2260)."""

from kernel.domain.vocabulary import LabelledEnum

PROVINCE = "420000"
PROVINCE_NAMES = ("湖北省", "Hubei Province")

REGION_NAMES: dict[str, tuple[str, str]] = {
    "420100": ("武汉市", "Wuhan"),
    "420200": ("黄石市", "Huangshi"),
    "420300": ("十堰市", "Shiyan"),
    "420500": ("宜昌市", "Yichang"),
    "420600": ("襄阳市", "Xiangyang"),
    "420700": ("鄂州市", "Ezhou"),
    "420800": ("荆门市", "Jingmen"),
    "420900": ("孝感市", "Xiaogan"),
    "421000": ("荆州市", "Jingzhou"),
    "421100": ("黄冈市", "Huanggang"),
    "421200": ("咸宁市", "Xianning"),
    "421300": ("随州市", "Suizhou"),
    "422800": ("恩施土家族苗族自治州", "Enshi Tujia and Miao Autonomous Prefecture"),
    "429004": ("仙桃市", "Xiantao"),
    "429005": ("潜江市", "Qianjiang"),
    "429006": ("天门市", "Tianmen"),
    "429021": ("神农架林区", "Shennongjia Forestry District"),
}

Region = LabelledEnum("Region", {f"R{code}": (code, *names) for code, names in REGION_NAMES.items()})
Region.__doc__ = "One of the 17 divisions (GB/T 2260 code)."

ReportingArea = LabelledEnum("ReportingArea", {"PROVINCE": (PROVINCE, *PROVINCE_NAMES),
                                               **{f"R{code}": (code, *names) for code, names in REGION_NAMES.items()}})
ReportingArea.__doc__ = "The province (420000) or one of its 17 divisions."


def region_names(code: str) -> tuple[str, str] | None:
    """The Chinese and English names of the province or a division, or None for a code that is neither."""
    return PROVINCE_NAMES if code == PROVINCE else REGION_NAMES.get(code)
