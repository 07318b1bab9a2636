// 数据质量 / Data quality: the on-time share by region and month (GET /v1/completeness), what is missing now (its
// `missing` lists), and the open flags of the validation rules (GET /v1/quality/flags) with marking one reviewed.
import { beijingMoment, zoneName } from "./clock.js";
import { $, el } from "./dom.js";
import { REGIONS } from "./i18n.js";
import { CATEGORIES, FLAG_FIGURES, RECORD_KINDS, word } from "./vocabulary.js";

const WEEKDAYS = { zh: ["", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"], en: ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] };

/** region -> month -> {records, on_time}, every record kind together. */
function byRegionMonth(months) {
  const out = new Map();
  for (const m of months || []) {
    if (!out.has(m.region)) out.set(m.region, new Map());
    const row = out.get(m.region);
    const cell = row.get(m.month) || { records: 0, on_time: 0 };
    cell.records += m.records;
    cell.on_time += m.on_time;
    row.set(m.month, cell);
  }
  return out;
}

const bucket = (share) => (share >= 0.9 ? 4 : share >= 0.7 ? 3 : share >= 0.5 ? 2 : share > 0 ? 1 : 0);

export function renderHeatmap(found, { t, regionName, year, region }) {
  const grid = byRegionMonth(found?.months);
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`);
  const codes = region ? [region] : REGIONS.map(([c]) => c);
  $("heatmap-legend").replaceChildren(
    el("span", { text: t("on_time_rule").replace("{days}", found?.timely_days ?? "—") }), " ",
    ...[4, 3, 2, 1, 0].map((b) => el("span", { class: `legend-item heat-${b}`, text: t(`heat_${b}`) })),
    el("span", { class: "legend-item heat-none", text: t("heat_none") }));
  $("heatmap").replaceChildren(el("table", { class: "heatmap" },
    el("caption", { class: "sr-only", text: t("heatmap") }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("region_col") }),
      ...months.map((m) => el("th", { scope: "col", text: `${+m.slice(5)}${t("month_suffix")}` })))),
    el("tbody", {}, ...codes.map((code) => el("tr", { "data-region": code }, el("th", { scope: "row", text: regionName(code) }),
      ...months.map((m) => {
        const c = grid.get(code)?.get(m);
        if (!c || !c.records) return el("td", { class: "heat-none", "data-month": m, text: "·", "aria-label": `${m} ${t("heat_none")}` });
        const share = c.on_time / c.records;
        const text = `${Math.round(share * 100)}%`;
        const detail = t("heat_cell").replace("{on_time}", c.on_time).replace("{records}", c.records);
        return el("td", { class: `heat-${bucket(share)}`, "data-month": m, "data-share": share.toFixed(4), title: `${regionName(code)} ${m}: ${detail}`,
          "aria-label": `${m} ${text}, ${detail}` }, text);
      }))))));
}

function table(kind, headers, rows) {
  return el("div", { class: "scroll" }, el("table", { class: `missing missing-${kind}` },
    el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows)));
}

export function renderMissing(found, { t, lang, regionName }) {
  const m = found?.missing || {};
  const cat = (code) => word(CATEGORIES, code, lang) ?? code ?? "—";
  const blocks = [];
  const centers = m.unserved_centers || [];
  blocks.push(el("h3", { text: `${t("unserved_centers")}（${centers.length}）` }), centers.length ? table("centers",
    [t("center"), t("region_col"), t("month_col"), t("status"), t("days_left")],
    centers.map((c) => el("tr", { "data-center": c.center_id, "data-month": c.month },
      el("td", { text: c.name || c.center_id }), el("td", { text: regionName(c.region) }), el("td", { text: c.month }),
      el("td", { text: t(`cell_${c.state}`) }), el("td", { class: "num", text: c.days_left ?? "—" })))) : el("p", { class: "hint", text: t("none_missing") }));
  const silent = m.silent_regions || [];
  blocks.push(el("h3", { text: `${t("silent_regions")}（${silent.length}）` }), silent.length ? table("silent",
    [t("region_col"), t("measure"), t("silent_window"), t("last_record_on")],
    silent.map((s) => el("tr", { "data-region": s.region, "data-measure": s.measure },
      el("td", { text: regionName(s.region) }), el("td", { text: t("measure_n").replace("{n}", s.measure) }),
      el("td", { text: `${s.since} – ${s.through}` }), el("td", { text: s.last_record_on ?? t("never") })))) : el("p", { class: "hint", text: t("none_missing") }));
  const trainings = m.unfinished_trainings || [];
  blocks.push(el("h3", { text: `${t("unfinished_trainings")}（${trainings.length}）` }), trainings.length ? table("trainings",
    [t("training_title"), t("region_col"), t("format_col"), t("dates"), t("days_past_end")],
    trainings.map((x) => el("tr", { "data-training": x.training_id },
      el("td", { text: x.title || x.training_id }), el("td", { text: regionName(x.region) }), el("td", { text: cat(x.format) }),
      el("td", { text: `${x.starts_on} – ${x.ends_on}` }), el("td", { class: "num", text: x.days_past_end })))) : el("p", { class: "hint", text: t("none_missing") }));
  const requests = m.unanswered_requests || [];
  blocks.push(el("h3", { text: `${t("unanswered_requests")}（${requests.length}）` }), requests.length ? table("requests",
    [t("received_on"), t("region_col"), t("channel"), t("days_waiting"), t("record_id")],
    requests.map((r) => el("tr", { "data-request": r.request_id },
      el("td", { text: r.received_on }), el("td", { text: regionName(r.region) }), el("td", { text: cat(r.channel) }),
      el("td", { class: "num", text: r.days_waiting }), el("td", { class: "mono", text: r.request_id })))) : el("p", { class: "hint", text: t("none_missing") }));
  if (found?.limited_to_region) blocks.push(el("p", { class: "hint", text: t("limited_records").replace("{region}", regionName(found.limited_to_region)) }));
  $("missing").replaceChildren(...blocks);
}

function figureText(key, v, lang, number) {
  const name = word(FLAG_FIGURES, key, lang) ?? key;
  let shown;
  if (key === "weekday") return WEEKDAYS[lang === "en" ? "en" : "zh"][v] ?? `${name} ${v}`;
  else if (key === "format") shown = word(CATEGORIES, v, lang) ?? v;
  else if (key === "ownerships") shown = (v || []).map((o) => word(CATEGORIES, o, lang) ?? o).join(lang === "en" ? ", " : "、");
  else if (typeof v === "number") shown = number(v);
  else shown = v ?? "—";
  return `${name} ${shown}`;
}

export function renderFlags(found, { t, lang, regionName, number, mayReview, review }) {
  const flags = found?.flags || [];
  const zone = zoneName(lang);
  $("flags-count").textContent = t("flags_count").replace("{n}", flags.length);
  if (!flags.length) { $("flags").replaceChildren(el("p", { text: t("no_flags") })); return; }
  const kind = (f) => word(RECORD_KINDS, f.record.kind, lang)
    ?? (f.values?.measure ? t("record_of_measure").replace("{n}", f.values.measure) : f.record.kind);
  const figures = (obj) => Object.entries(obj || {}).filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => figureText(k, v, lang, number)).join(lang === "en" ? "; " : "；");
  $("flags").replaceChildren(el("div", { class: "scroll" }, el("table", { class: "flags" },
    el("thead", {}, el("tr", {}, ...["rule_col", "kind_col", "region_col", "date"].map((k) => el("th", { scope: "col", text: t(k) })),
      el("th", { scope: "col", text: lang === "en" ? `${t("recorded_at")} (${zone})` : `${t("recorded_at")}（${zone}）` }),
      el("th", { scope: "col", text: t("flag_values") }), el("th", { scope: "col", text: t("flag_threshold") }),
      el("th", { scope: "col", class: "ids", text: t("record_id") }), mayReview ? el("th", { scope: "col", text: t("review_col") }) : null)),
    el("tbody", {}, ...flags.map((f) => el("tr", { "data-flag": f.id, "data-rule": f.rule.id },
      el("td", {}, el("span", { class: "tid", text: f.rule.id }), ` ${lang === "en" ? f.rule.en : f.rule.zh}`),
      el("td", { text: kind(f) }), el("td", { text: f.record.region ? regionName(f.record.region) : "—" }),
      el("td", { text: f.record.date ?? "—" }), el("td", { class: "when", text: f.record.recorded_at ? beijingMoment(f.record.recorded_at) : "—" }),
      el("td", { class: "cats", text: figures(f.values) }), el("td", { class: "cats", text: figures(f.threshold) }),
      el("td", { class: "ids" }, el("details", {}, el("summary", { text: t("show_ids") }), el("span", { class: "mono", text: f.record.id }))),
      mayReview ? el("td", {}, el("button", { type: "button", class: "step step-review", "aria-label": `${t("do_review")}: ${f.id}`,
        text: t("do_review"), onclick: () => review(f) })) : null))))));
}
