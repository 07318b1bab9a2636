// Explains each figure: the rule in one plain sentence, the figures of the 24 measures beside the target (with
// their breakdown by category, e.g. recognitions by level, trainings by format), and the figures by month and region.
import { el } from "./dom.js";
import { CATEGORIES, EXPLAIN, UNITS, word } from "./vocabulary.js";

export function figureIndex(indicators) {
  const out = new Map();
  for (const s of indicators?.sections || []) for (const m of s.measures || []) for (const f of m.figures || []) out.set(f.id, f);
  return out;
}

export const ruleOf = (id, lang) => (EXPLAIN[id] ? EXPLAIN[id].rule[lang === "en" ? 1 : 0] : "");
export const noteOf = (id, lang) => (EXPLAIN[id]?.note ? EXPLAIN[id].note[lang === "en" ? 1 : 0] : "");

function categoryText(figure, lang, number) {
  const entries = Object.entries(figure.by_category || {}).filter(([, v]) => v !== null && v !== undefined);
  return entries.map(([code, v]) => `${word(CATEGORIES, code, lang) ?? code} ${number(v)}`).join(" · ");
}

/** The one line under a card: the neighbouring figure and its breakdown, e.g. recognitions by level. */
export function cardLine(id, figures, { lang, number, title }) {
  const code = EXPLAIN[id]?.category;
  const figure = code && figures.get(code);
  if (!figure) return null;
  const unit = word(UNITS, figure.unit, lang) || "";
  const breakdown = categoryText(figure, lang, number);
  return el("p", { class: "breakdown", "data-figure": code },
    `${title(figure.title)} ${number(figure.total ?? 0)}${unit ? ` ${unit}` : ""}${breakdown ? `：${breakdown}` : ""}`);
}

export function explanation(id, { figures, points, regions, lang, t, title, number, value, regionName }) {
  const spec = EXPLAIN[id] || { related: [] };
  const related = spec.related.map((code) => figures.get(code)).filter(Boolean);
  const unit = (f) => word(UNITS, f.unit, lang) || "";
  const parts = [el("p", { class: "rule-text", text: ruleOf(id, lang) })];
  if (spec.note) parts.push(el("p", { class: "note", text: noteOf(id, lang) }));
  if (related.length) {
    parts.push(el("h3", { text: t("related") }), el("table", { class: "related" },
      el("thead", {}, el("tr", {}, ...["figure", "total", "unit", "by_category"].map((k) => el("th", { scope: "col", text: t(k) })))),
      el("tbody", {}, ...related.map((f) => el("tr", { "data-figure": f.id },
        el("th", { scope: "row", text: title(f.title) }), el("td", { class: "num", text: number(f.total) }),
        el("td", { text: unit(f) }), el("td", { text: categoryText(f, lang, number) || "—" }))))));
  }
  const months = (points || []).map((p) => p.month);
  if (months.length) {
    parts.push(el("h3", { text: t("by_month") }), el("div", { class: "scroll" }, el("table", { class: "by-month" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("figure") }),
        ...months.map((m) => el("th", { scope: "col", text: `${+m.slice(5)}${t("month_suffix")}` })))),
      el("tbody", {},
        el("tr", { "data-row": id }, el("th", { scope: "row", text: `${id} ${t("actual")}` }),
          ...points.map((p) => el("td", { class: "num", text: p.reached ? value(p.actual) : "" }))),
        ...related.map((f) => el("tr", { "data-row": f.id }, el("th", { scope: "row", text: title(f.title) }),
          ...months.map((m) => {
            const v = (f.months || []).find((x) => x.month === m)?.value;
            return el("td", { class: "num", text: v === null || v === undefined ? "" : number(v) });
          })))))));
  }
  if (regions?.length) {
    parts.push(el("h3", { text: t("by_region") }), el("div", { class: "scroll" }, el("table", { class: "by-region" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("region_col") }), el("th", { scope: "col", text: `${id} ${t("actual")}` }),
        ...related.map((f) => el("th", { scope: "col", text: title(f.title) })))),
      el("tbody", {}, ...regions.map(([code, report]) => el("tr", { "data-region": code },
        el("th", { scope: "row", text: regionName(code) }),
        el("td", { class: "num", text: value(report?.targets?.find((x) => x.id === id)?.actual) }),
        ...related.map((f) => el("td", { class: "num", text: number(f.by_region?.[code] ?? 0) }))))))));
  }
  return el("div", { class: "explain" }, ...parts);
}
