"""The Chinese of the OpenAPI documents that every service shares: the policy's seven sections, the shape of a tag
and of an operation's Chinese, and the kernel's own operations (health, feed, audit, import, event catalogue).

The sections' Chinese is the policy's own headings (鄂知发〔2019〕1号), their English as in the projection's indicator
catalogue; each service's tags belong to one of them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    numeral: str
    zh: str
    en: str


SECTIONS: dict[int | str, Section] = {
    1: Section("一", "依法严格平等保护民营企业知识产权", "I. Strict and equal legal protection of private enterprises' IP"),
    2: Section("二", "推进民营企业知识产权质押融资工作", "II. IP pledge financing for private enterprises"),
    3: Section("三", "支持民营企业建立知识产权战略", "III. Supporting private enterprises' IP strategies"),
    4: Section("四", "鼓励民营资本积极参与知识产权服务业发展", "IV. Private capital in the IP service industry"),
    5: Section("五", "持续推进知识产权便利化服务", "V. Facilitation services"),
    6: Section("六", "加大民营企业知识产权人才培养力度", "VI. Training IP talent for private enterprises"),
    7: Section("七", "提高民营企业知识产权意识", "VII. Raising private enterprises' IP awareness"),
    "figures": Section("统计", "目标达成、指标与报送（全部措施）", "Targets, indicators and reporting (every measure)"),
    "common": Section("通用", "各服务通用的接口", "Endpoints every service has"),
}


@dataclass(frozen=True)
class Tag:
    """A group of operations: `key` is the English name the routers use; the document shows `name`."""

    key: str
    section: int | str
    zh: str
    description_zh: str
    description_en: str
    measures: tuple[int, ...] = ()

    @property
    def _section(self) -> Section:
        return SECTIONS[self.section]

    @property
    def name(self) -> str:
        return f"{self._section.numeral} · {self.zh} {self.key}"

    @property
    def group(self) -> str:
        section = self._section
        return f"{section.zh} {section.en}" if isinstance(self.section, str) else f"{section.numeral}、{section.zh} {section.en}"

    def openapi(self) -> dict[str, str]:
        measures_zh = "、".join(f"措施{m}" for m in self.measures)
        measures_en = ", ".join(str(m) for m in self.measures)
        zh = f"{self.group.split(' ', 1)[0]}。{measures_zh + '：' if measures_zh else ''}{self.description_zh}"
        en = f"{self._section.en}. {'Measure' + ('s ' if len(self.measures) > 1 else ' ') + measures_en + ': ' if self.measures else ''}" \
             f"{self.description_en}"
        return {"name": self.name, "description": f"{zh}\n\n{en}"}


@dataclass(frozen=True)
class Op:
    """An operation's Chinese: its summary, and a description naming the measure and what the operation changes.
    The English is the route's own summary (and description), put after it in the document."""

    summary: str
    description: str


KERNEL_TAGS = (
    Tag("bulk import", "common", "批量导入",
        "一次提交多条记录（NDJSON 或一种类型的 CSV），每行按其单条接口同样判定。",
        "Many records at once (NDJSON, or CSV of one kind), each line decided as its own endpoint decides it."),
    Tag("events", "common", "事件与审计",
        "本服务的事件（CloudEvents，按提交顺序）、事件目录和审计查询。",
        "The service's events in commit order (CloudEvents), their catalogue, and the audit query."),
    Tag("operations", "common", "运行状态",
        "存活、就绪和指标，供运维监控。", "Health, readiness and metrics, for monitoring."),
)

KERNEL_OPERATIONS: dict[str, Op] = {
    "GET /healthz": Op("进程存活检查", "进程仍在运行则答复 200；命令服务的事件转发任务已终止时答复 503，需重启。不改变任何数据。"),
    "GET /readyz": Op("就绪检查", "数据库等依赖可用则答复 200，否则 503；同时报告消息代理和事件转发的积压，但不据此判定就绪。不改变任何数据。"),
    "GET /metrics": Op("运行指标（Prometheus 格式）", "请求数、耗时、积压等指标，供 Prometheus 采集。不改变任何数据。"),
    "POST /v1/import": Op("批量导入记录", "一次导入多条命令（任意类型的 NDJSON，或一种类型的 CSV，表头可用中文列名）。每行与其单条接口同样判定，"
                          "接受的行记录相应事件并同样计入各项目标；`dry_run=true` 只判定不存储，`atomic=true` 则全部接受或全部拒绝。"),
    "GET /v1/import/kinds": Op("可导入的记录类型", "列出批量导入可用的类型、其字段和 CSV 中文列名。不改变任何数据。"),
    "GET /v1/events": Op("按提交顺序读取事件", "本服务记录的事件（CloudEvents 1.0），按位置递增，从 `after` 之后读起；需要 `feed:read` 权限且令牌不限地区。"
                         "统计服务据此计算各项目标。不改变任何数据。"),
    "GET /v1/audit": Op("审计：谁在何时记录了什么", "按令牌主体和时间查询记录过的事件及其幂等键；需要 `audit:read` 权限且令牌不限地区。不改变任何数据。"),
    "GET /asyncapi.json": Op("事件目录（AsyncAPI 3.0）", "本服务发布的每种事件及其版本和字段，与接口由同一模型生成。不改变任何数据。"),
}


COUNTS = "计入措施{m}的统计指标（按发生日期、地区）"
NOT_COUNTED = "撤回后该记录不再计入任何指标和目标，原记录和撤回都保留可查"
READ = "读取该记录当前状态及其版本号，不改变任何数据；令牌限于其他地区时答复 403"


@dataclass(frozen=True)
class Operations:
    """The usual Chinese of a command service's operations: a write records an event and counts in a measure's
    figures (and a target, said in `counts`), a retraction takes a record out of them, a read changes nothing."""

    service: str

    def write(self, summary: str, event: str, does: str, m: int, counts: str = "") -> Op:
        counted = counts or COUNTS.format(m=m)
        return Op(summary, f"措施{m}：{does}记录事件 `{self.service}.{event}`，{counted}。")

    def retract(self, summary: str, event: str, m: int, also: str = "") -> Op:
        return Op(summary, f"措施{m}：记录事件 `{self.service}.{event}`；{NOT_COUNTED}{also}。")

    def read(self, summary: str, m: int) -> Op:
        return Op(summary, f"措施{m}：{READ}。")
