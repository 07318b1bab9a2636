// The page's tables: the T04 center x month grid and the 24 measures' indicators, with their units and
// breakdowns in the page's language.
import { $, el } from "./dom.js";
import { CATEGORIES, UNITS, word } from "./vocabulary.js";

export function renderGrid(detail, { t, regionName }) {
  const box = $("grid");
  const states = ["met", "missed", "open", "upcoming", "not_due"];
  const marks = { met: "✓", missed: "✗", open: "…", upcoming: "·", not_due: "–" };
  $("grid-legend").replaceChildren(...states.map((s) => el("span", { class: `cell-${s} legend-item` }, `${marks[s]} ${t(`cell_${s}`)}`)));
  const centers = detail?.centers || [];
  if (!centers.length) { box.replaceChildren(el("p", { text: t("no_centers") })); return; }
  const months = centers[0].months.map((m) => m.month);
  box.replaceChildren(el("table", { class: "grid" },
    el("caption", { class: "sr-only", text: t("grid") }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("center") }), el("th", { scope: "col", text: t("region_col") }),
      ...months.map((m) => el("th", { scope: "col", text: `${+String(m).slice(5)}${t("month_suffix")}` })))),
    el("tbody", {}, ...centers.map((c) => el("tr", { "data-center": c.center_id },
      el("th", { scope: "row", text: c.name || c.center_id }),
      el("td", { text: regionName(c.region) }),
      ...c.months.map((m) => el("td", {
        class: `cell-${m.state}`, "data-state": m.state,
        title: `${c.name} ${m.month}: ${t(`cell_${m.state}`)} (${m.services})`,
        "aria-label": `${m.month} ${t(`cell_${m.state}`)}, ${m.services}`,
      }, marks[m.state] ?? m.state)))))));
}

function categories(figure, { lang, number }) {
  const entries = Object.entries(figure.by_category || {}).filter(([, v]) => v !== null && v !== undefined);
  return entries.map(([code, v]) => `${word(CATEGORIES, code, lang) ?? code} ${number(v)}`).join(" · ");
}

export function renderIndicators(report, ctx) {
  const { t, title, lang, formatValue } = ctx;
  const box = $("indicators");
  const open = new Set([...box.querySelectorAll("details[open]")].map((d) => d.dataset.section));
  const first = !box.children.length;
  box.replaceChildren(...(report.sections || []).map((section) => el("details", {
    class: "section", "data-section": section.number, open: first || open.has(String(section.number)),
  },
  el("summary", {}, `${section.number}. ${title(section.title)}`),
  el("div", { class: "scroll" }, el("table", { class: "indicators" },
    el("thead", {}, el("tr", {}, ...["measure", "figure", "total", "unit", "by_category"].map((k) => el("th", { scope: "col", text: t(k) })))),
    el("tbody", {}, ...(section.measures || []).flatMap((m) => (m.figures || []).map((f, i) => el("tr", { "data-figure": f.id },
      i === 0 ? el("th", { scope: "row", rowspan: (m.figures || []).length, text: `${m.measure}. ${title(m.title)}` }) : null,
      el("td", {}, title(f.title), f.note ? el("span", { class: "note", text: ` ${title(f.note)}` }) : null),
      el("td", { class: "num", text: f.unit === "share" ? formatValue(f.total, true) : formatValue(f.total, false) }),
      el("td", { text: word(UNITS, f.unit, lang) ?? "" }),
      el("td", { class: "cats", text: categories(f, ctx) }))))))))));
}
