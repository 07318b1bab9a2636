// A target's records as columns an office worker reads: the enterprise's name and ownership (from the directory,
// /v1/enterprises/{uscc}), amounts in yuan, dates, Beijing times; the record ids and credit codes behind a toggle.
import { beijingMoment } from "./clock.js";
import { el } from "./dom.js";
import { CATEGORIES, FACTS, word } from "./vocabulary.js";

const SHOWN = 100;
const names = new Map(); // uscc -> Promise<{name, ownership} | null>

function enterprise(api, uscc) {
  if (!names.has(uscc)) {
    names.set(uscc, api(`/v1/enterprises/${encodeURIComponent(uscc)}`).then((e) => ({ name: e.name, ownership: e.ownership }))
      .catch(() => null));
  }
  return names.get(uscc);
}

/** The columns of a target's records, from the facts they carry. */
function columns(records) {
  const keys = new Set(records.flatMap((r) => Object.keys(r.facts || {})));
  const out = [];
  for (const key of Object.keys(FACTS)) {
    if (!keys.has(key) || key === "ownership") continue;
    out.push(key);
    if (key === "uscc") out.push("ownership");
  }
  return out;
}

export async function recordsTable(records, { api, lang, t, regionName, number, centers, all }) {
  if (!records.length) return el("p", { text: t("no_records") });
  const shown = all ? records : records.slice(0, SHOWN);
  const cols = columns(records);
  const firms = new Map();
  await Promise.all([...new Set(shown.map((r) => r.facts?.uscc).filter(Boolean))].map(async (uscc) => firms.set(uscc, await enterprise(api, uscc))));
  const label = (key) => (lang === "en" ? FACTS[key][1] : FACTS[key][0]);
  const category = (code) => word(CATEGORIES, code, lang) ?? code ?? "—";
  const yes = (v) => (v ? t("yes") : t("no"));
  const cell = (r, key) => {
    const f = r.facts || {};
    const v = f[key];
    switch (key) {
      case "uscc": return el("td", { class: "firm", text: firms.get(v)?.name || t("name_unknown") });
      case "ownership": {
        const known = firms.get(f.uscc)?.ownership;
        return el("td", { text: known ? category(known) : f.private === undefined ? "—" : f.private ? category("private") : t("not_private") });
      }
      case "center_id": return el("td", { text: centers?.get(v) || v });
      case "private": return el("td", { text: yes(v) });
      case "previous_year": return el("td", { text: v ? t("previous_year") : t("this_year") });
      case "amount_cny": return el("td", { class: "num", text: number(v) });
      case "level": case "topic": case "audience": case "format": return el("td", { text: category(v) });
      case "partner": return el("td", { text: v || "—" });
      default: return el("td", { class: typeof v === "number" ? "num" : null, text: typeof v === "number" ? number(v) : v ?? "—" });
    }
  };
  const table = el("table", { class: "records" },
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", text: t("date") }), el("th", { scope: "col", text: t("region_col") }),
      ...cols.map((k) => el("th", { scope: "col", text: label(k) })),
      el("th", { scope: "col", text: lang === "en" ? `${t("recorded_at")} (${t("zone")})` : `${t("recorded_at")}（${t("zone")}）` }), el("th", { scope: "col", class: "ids", text: t("record_id") }))),
    el("tbody", {}, ...shown.map((r) => el("tr", { "data-record": r.id },
      el("td", { text: r.date }), el("td", { text: regionName(r.region) }),
      ...cols.map((k) => cell(r, k)),
      el("td", { class: "when", text: beijingMoment(r.recorded_at) }),
      el("td", { class: "ids" }, el("details", {}, el("summary", { text: t("show_ids") }),
        el("span", { class: "mono", text: r.id }), r.facts?.uscc ? el("span", { class: "mono", text: r.facts.uscc }) : null))))));
  const parts = [table];
  if (shown.length < records.length) parts.push(el("p", { class: "hint", text: t("first_records").replace("{n}", shown.length).replace("{total}", records.length) }));
  return el("div", { class: "scroll" }, ...parts);
}
