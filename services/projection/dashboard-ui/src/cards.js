// The eight targets' cards: figure, threshold, status, the rule in a sentence, the neighbouring figure's breakdown,
// and the months beside the pro-rata line.
import { timelineOption } from "./charts.js";
import { $, el } from "./dom.js";
import { cardLine, ruleOf } from "./explain.js";
import { outlookLine } from "./outlook.js";
import { DETAIL, SHARE_DETAILS, word } from "./vocabulary.js";
import { formatValue, isShare, lang, number, statusBadge, t, title } from "./words.js";

function detailText(target) {
  const share = isShare(target);
  return Object.entries(target.detail || {})
    .filter(([k, v]) => DETAIL[k] && v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${word(DETAIL, k, lang())} ${SHARE_DETAILS.has(k) ? formatValue(v, true) : k === "stretch" ? formatValue(v, share) : number(v)}`)
    .join(" · ");
}

/** The badge of a card whose approved figure has changed since: each approved period's figures then and now. */
function restatedBadge(target, restated) {
  const items = restated?.get(target.id) || [];
  if (!items.length) return null;
  const share = isShare(target);
  const text = items.map((r) => t("restated_line").replace("{period}", r.period)
    .replace("{approved}", formatValue(r.approved?.actual, share)).replace("{current}", formatValue(r.current?.actual, share)))
    .join(lang() === "en" ? "; " : "；");
  return el("p", { class: "restated", "data-restated": items.map((r) => r.period).join(" ") },
    el("span", { class: "tag restated-badge", text: t("restated") }), ` ${text}`);
}

export function renderCards(report, { figures, openDetail, restated }) {
  const cards = $("cards");
  const live = new Set();
  for (const target of report.targets || []) {
    const share = isShare(target);
    const id = `card-${target.id}`;
    live.add(id);
    let card = $(id);
    if (!card) {
      card = el("article", { id, class: "card", "data-target": target.id });
      card.addEventListener("click", (e) => { if (!e.target.closest("button")) openDetail(target.id); });
      cards.append(card);
    }
    const threshold = target.threshold === null || target.threshold === undefined
      ? t("not_applicable") : `${target.comparator ?? ""} ${formatValue(target.threshold, share)}`;
    const chartBox = $(`chart-${target.id}`) || el("div", { id: `chart-${target.id}`, class: "chart small", role: "img" });
    card.className = `card status-border-${target.status ?? "none"}`;
    card.replaceChildren(...[
      el("h3", {}, el("span", { class: "tid", text: target.id }), " ", title(target.title)),
      el("dl", { class: "figures" },
        el("div", {}, el("dt", { text: t("actual") }), el("dd", { class: "actual", "data-value": target.actual ?? "", text: formatValue(target.actual, share) })),
        el("div", {}, el("dt", { text: t("threshold") }), el("dd", { class: "threshold", text: threshold })),
        el("div", {}, el("dt", { text: t("status") }), el("dd", { class: "status" }, statusBadge(target.status)))),
      el("p", { class: "card-rule", text: ruleOf(target.id, lang()) }),
      restatedBadge(target, restated),
      el("p", { class: "card-detail", text: detailText(target) }),
      outlookLine(target, { lang: lang(), number, t }),
      cardLine(target.id, figures, { lang: lang(), number, title }),
      chartBox,
      el("button", { type: "button", class: "more", "aria-label": `${t("open_detail")}: ${target.id}`,
        onclick: () => openDetail(target.id), text: t("open_detail") }),
    ].filter(Boolean));
  }
  for (const card of [...cards.children]) if (!live.has(card.id)) card.remove();
}

export async function renderTimelines(report, { api, p, chartFor, timelines }) {
  await Promise.all((report.targets || []).map(async (target) => {
    const node = $(`chart-${target.id}`);
    if (!node) return;
    let timeline;
    try {
      timeline = await api("/v1/attainment/timeline", { ...p, target: target.id });
    } catch (e) {
      node.textContent = `${t("failed")}${e.message}`;
      return;
    }
    timelines.set(target.id, timeline.points || []);
    const share = isShare(target);
    const points = timeline.points || [];
    const months = points.map((x) => `${+String(x.month).slice(5)}${t("month_suffix")}`);
    const scale = (v) => (v === null || v === undefined ? null : share ? +(v * 100).toFixed(2) : v);
    const actual = points.map((x) => (x.reached === false ? null : scale(x.actual)));
    const proRata = points.map((x) => scale(x.pro_rata));
    node.setAttribute("aria-label", `${target.id} ${t("actual_line")}: ${actual.filter((v) => v !== null).join(", ")}`);
    chartFor(node).setOption(timelineOption({ months, actual, proRata, share, t }), true);
  }));
}
