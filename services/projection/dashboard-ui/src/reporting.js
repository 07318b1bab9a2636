// 报送与审核 / Reporting: each region's months and year (GET /v1/periods) as a grid of states with who and when
// (Beijing time), the steps the token's scopes allow on each cell, and the restatements (GET /v1/restatements):
// records that changed an approved period's figures since its approval.
import { beijingMoment, beijingToday, zoneName } from "./clock.js";
import { $, el } from "./dom.js";
import { PROVINCE } from "./i18n.js";
import { PERIOD_STATES, RECORD_KINDS, SCOPES, word } from "./vocabulary.js";

const APPROVE = "reporting:approve";
const SUBMIT = "reporting:submit";

/** The step that put a period in its state: who and when. */
function lastStep(p) {
  switch (p.state) {
    case "submitted": return { by: p.submitted_by, at: p.submitted_at };
    case "approved": return { by: p.approved_by, at: p.approved_at };
    case "returned": return { by: p.returned_by, at: p.returned_at, reason: p.return_reason };
    case "reopened": return { by: p.reopened_by, at: p.reopened_at, reason: p.reopen_reason };
    default: return null;
  }
}

/** The steps this token may take on a period; the server decides (a refusal is shown as its problem). */
export function allowedSteps(p, claims, today = beijingToday()) {
  const steps = [];
  const province = p.region === PROVINCE;
  const approver = claims.scopes.has(APPROVE) && !claims.region;
  if (claims.scopes.has(SUBMIT) && !province && (!claims.region || claims.region === p.region) && p.last_day < today
      && ["open", "returned", "reopened", "submitted"].includes(p.state)) steps.push(p.state === "submitted" ? "resubmission" : "submission");
  if (approver && p.state === "submitted") steps.push("approval", "return");
  if (approver && province && ["open", "reopened"].includes(p.state)) steps.push("approval");
  if (approver && p.state === "approved") steps.push("reopening");
  return steps;
}

export function stateWord(state, lang) { return word(PERIOD_STATES, state, lang) ?? state; }

function when(at, lang) { return at ? `${beijingMoment(at)} ${zoneName(lang)}` : ""; }

function history(p, { t, lang }) {
  const lines = [];
  if (p.submitted_at) lines.push(`${t("step_submitted")} ${p.submitted_by ?? "—"} ${when(p.submitted_at, lang)}`);
  if (p.approved_at) lines.push(`${t("step_approved")} ${p.approved_by ?? "—"} ${when(p.approved_at, lang)}`);
  if (p.returned_at) lines.push(`${t("step_returned")} ${p.returned_by ?? "—"} ${when(p.returned_at, lang)}: ${p.return_reason ?? ""}`);
  if (p.reopened_at) lines.push(`${t("step_reopened")} ${p.reopened_by ?? "—"} ${when(p.reopened_at, lang)}: ${p.reopen_reason ?? ""}`);
  return lines.join("\n");
}

function cell(p, ctx) {
  const { t, lang, claims, act } = ctx;
  const step = lastStep(p);
  const label = `${ctx.regionName(p.region)} ${p.period}`;
  const parts = [el("span", { class: "period-state", text: stateWord(p.state, lang) })];
  if (step) {
    parts.push(el("span", { class: "period-who", text: step.by ?? "—" }),
      el("time", { class: "period-when", datetime: step.at, text: when(step.at, lang) }));
    if (step.reason) parts.push(el("span", { class: "period-reason", text: step.reason }));
  }
  const steps = allowedSteps(p, claims);
  if (steps.length) {
    parts.push(el("span", { class: "period-actions" }, ...steps.map((s) => el("button", {
      type: "button", class: `step step-${s}`, "data-step": s, "aria-label": `${t(`do_${s}`)}: ${label}`, text: t(`do_${s}`),
      onclick: () => act(s, p),
    }))));
  }
  return el("td", { class: `period period-${p.state}`, "data-period": p.period, "data-state": p.state, title: history(p, ctx) || null }, ...parts);
}

export function renderPeriods(list, ctx) {
  const { t } = ctx;
  const rows = new Map();
  for (const p of list?.periods || []) {
    if (!rows.has(p.region)) rows.set(p.region, []);
    rows.get(p.region).push(p);
  }
  const first = [...rows.values()][0] || [];
  $("periods-legend").replaceChildren(...Object.keys(PERIOD_STATES).map((s) => el("span", { class: `legend-item period-${s}`, text: stateWord(s, ctx.lang) })));
  if (!first.length) { $("periods").replaceChildren(el("p", { text: t("no_periods") })); return; }
  $("periods").replaceChildren(el("table", { class: "periods" },
    el("caption", { class: "sr-only", text: t("reporting") }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("region_col") }),
      ...first.map((p) => el("th", { scope: "col", text: p.kind === "year" ? t("whole_year") : `${+p.period.slice(5)}${t("month_suffix")}` })))),
    el("tbody", {}, ...[...rows.entries()].map(([region, periods]) => el("tr", { "data-region": region },
      el("th", { scope: "row", text: ctx.regionName(region) }), ...periods.map((p) => cell(p, ctx)))))));
}

/** Who the token says it is and what it may do (read from the token in the page; the server checks each step). */
export function renderTokenLine(claims, { t, lang }) {
  const scopes = [...claims.scopes].map((s) => word(SCOPES, s, lang) ?? s).join(lang === "en" ? ", " : "、");
  const parts = [`${t("token_subject")} ${claims.subject ?? "—"}`, `${t("token_scopes")} ${scopes || "—"}`];
  if (claims.region) parts.push(`${t("token_region")} ${claims.region}`);
  if (claims.expires) parts.push(`${t("token_expires")} ${when(claims.expires, lang)}`);
  $("token-line").textContent = `${parts.join(" · ")}${lang === "en" ? ". " : "。"}${t("token_note")}`;
}

/** target id -> the restatements of `region`'s approved periods that changed it: period, approved and current figures. */
export function restatedTargets(list, region) {
  const out = new Map();
  for (const r of list?.restatements || []) {
    if (r.region !== (region || PROVINCE)) continue;
    for (const x of r.targets || []) {
      if (!out.has(x.target)) out.set(x.target, []);
      out.get(x.target).push({ period: r.period, approved: x.approved, current: x.current, approved_at: r.approved_at });
    }
  }
  return out;
}

export function renderRestatements(list, ctx) {
  const { t, lang, regionName, value, statusWord } = ctx;
  const items = list?.restatements || [];
  if (!items.length) { $("restatements").replaceChildren(el("p", { text: t("no_restatements") })); return; }
  const zone = zoneName(lang);
  $("restatements").replaceChildren(...items.map((r) => el("article", { class: "restatement", "data-region": r.region, "data-period": r.period },
    el("h3", { text: `${regionName(r.region)} ${r.period} · ${t("approved_by_at").replace("{by}", r.approved_by ?? "—").replace("{at}", when(r.approved_at, lang))}` }),
    r.targets?.length ? el("table", { class: "restated-targets" },
      el("thead", {}, el("tr", {}, ...["target_col", "approved_figure", "current_figure"].map((k) => el("th", { scope: "col", text: t(k) })))),
      el("tbody", {}, ...r.targets.map((x) => el("tr", { "data-target": x.target },
        el("th", { scope: "row", text: x.target }),
        el("td", { class: "num", text: `${value(x.target, x.approved?.actual)} ${statusWord(x.approved?.status)}` }),
        el("td", { class: "num", text: `${value(x.target, x.current?.actual)} ${statusWord(x.current?.status)}` }))))) : null,
    el("div", { class: "scroll" }, el("table", { class: "restated-records" },
      el("thead", {}, el("tr", {}, ...["change_col", "kind_col", "region_col", "date"].map((k) => el("th", { scope: "col", text: t(k) })),
        el("th", { scope: "col", text: lang === "en" ? `${t("recorded_at")} (${zone})` : `${t("recorded_at")}（${zone}）` }),
        el("th", { scope: "col", text: t("actor") }), el("th", { scope: "col", class: "ids", text: t("record_id") }))),
      el("tbody", {}, ...(r.records || []).map((rec) => el("tr", { "data-record": rec.id },
        el("td", { text: /Retracted/.test(rec.type) ? t("change_retracted") : t("change_recorded") }),
        el("td", { text: word(RECORD_KINDS, rec.kind, lang) ?? rec.kind }),
        el("td", { text: regionName(rec.region) }), el("td", { text: rec.occurred_on }),
        el("td", { class: "when", text: beijingMoment(rec.recorded_at) }), el("td", { text: rec.actor ?? "—" }),
        el("td", { class: "ids" }, el("details", {}, el("summary", { text: t("show_ids") }), el("span", { class: "mono", text: rec.id })))))))),
    list.limited_to_region ? el("p", { class: "hint", text: t("limited_records").replace("{region}", regionName(list.limited_to_region)) }) : null,
  )));
}
