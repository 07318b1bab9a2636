// The attainment dashboard: reads the projection's public API with a read token and draws it.
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { PROVINCE, REGIONS, TEXT } from "./i18n.js";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

const POLL_MS = 4000;
const FULL_REFRESH_MS = 60000;
const SHARE_TARGETS = new Set(["T04", "T09b", "T11"]);
const STATUS_COLOURS = { met: "#1b6e35", missed: "#b3261e", on_track: "#1d5fa8", at_risk: "#8a5300", not_due: "#555555" };
const $ = (id) => document.getElementById(id);

const state = {
  lang: localStorage.getItem("dashboard.lang") === "en" ? "en" : "zh",
  token: "",
  report: null,
  fingerprint: null,
  lastFull: 0,
  selected: null,
  charts: new Map(),
  busy: false,
  pending: null,
};

const t = (key) => TEXT[state.lang][key] ?? TEXT.zh[key] ?? key;
const title = (obj) => (obj && typeof obj === "object" ? obj[state.lang] ?? obj.zh ?? "" : obj ?? "");
const regionName = (code) => {
  if (!code || code === PROVINCE) return t("province");
  const r = REGIONS.find(([c]) => c === code);
  return r ? (state.lang === "en" ? r[2] : r[1]) : code;
};
const isShare = (target) => SHARE_TARGETS.has(target?.id) || target?.detail?.unit === "share";
const numberFormat = () => new Intl.NumberFormat(state.lang === "en" ? "en-US" : "zh-CN", { maximumFractionDigits: 2 });

export function formatValue(value, share) {
  if (value === null || value === undefined) return "—";
  if (share) return `${(value * 100).toFixed(1)}%`;
  return numberFormat().format(value);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

function statusBadge(status) {
  const key = status ?? "none";
  return el("span", { class: `badge status-${key}`, "data-status": key, text: t(`status_${key}`) });
}

// ---- the token: from the URL fragment (#token=...), else sessionStorage, else the field

function readToken() {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ""));
  const fromUrl = fragment.get("token");
  if (fromUrl) {
    sessionStorage.setItem("dashboard.token", fromUrl);
    history.replaceState(null, "", location.pathname + location.search);
  }
  state.token = sessionStorage.getItem("dashboard.token") || "";
  $("token").value = state.token;
  $("token-box").open = !state.token;
}

class HttpError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, params = {}, accept = "application/json") {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  const response = await fetch(url, { headers: { Authorization: `Bearer ${state.token}`, Accept: accept }, cache: "no-store" });
  if (!response.ok) {
    let detail = response.statusText;
    try { const body = await response.json(); detail = body.detail || body.title || detail; } catch { /* not JSON */ }
    throw new HttpError(response.status, `${response.status} ${detail}`);
  }
  return accept === "application/json" ? response.json() : response.blob();
}

// ---- the controls

function params() {
  const known = $("known_at").value;
  return {
    year: $("year").value,
    region: $("region").value === PROVINCE ? "" : $("region").value,
    as_of: $("as_of").value,
    known_at: known ? (known.length === 16 ? `${known}:00` : known) : "",
  };
}

function fillControls() {
  const year = $("year");
  const now = new Date().getFullYear();
  const chosen = year.value || String(now);
  year.replaceChildren(...Array.from({ length: now - 2017 + 1 }, (_, i) => now + 1 - i)
    .map((y) => el("option", { value: y, text: String(y) })));
  year.value = chosen;
  const region = $("region");
  const chosenRegion = region.value || PROVINCE;
  region.replaceChildren(el("option", { value: PROVINCE, text: t("province") }),
    ...REGIONS.map(([code]) => el("option", { value: code, text: regionName(code) })));
  region.value = chosenRegion;
  setYearBounds();
}

function setYearBounds() {
  const y = $("year").value;
  $("as_of").min = `${y}-01-01`;
  $("as_of").max = `${y}-12-31`;
  if ($("as_of").value && !$("as_of").value.startsWith(y)) $("as_of").value = "";
}

function applyLanguage() {
  document.documentElement.lang = state.lang === "en" ? "en" : "zh-CN";
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  $("lang").textContent = t("lang_switch");
  $("lang").lang = state.lang === "en" ? "zh-CN" : "en";
  fillControls();
}

function showMessage(text) {
  const m = $("message");
  m.hidden = !text;
  m.textContent = text || "";
}

// ---- drawing

function chartFor(node) {
  let chart = state.charts.get(node.id);
  if (!chart || chart.getDom() !== node) {
    chart = echarts.init(node, null, { renderer: "canvas" });
    state.charts.set(node.id, chart);
  }
  return chart;
}

function renderCards(report) {
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
    card.replaceChildren(
      el("h3", {}, el("span", { class: "tid", text: target.id }), " ", title(target.title)),
      el("dl", { class: "figures" },
        el("div", {}, el("dt", { text: t("actual") }), el("dd", { class: "actual", "data-value": target.actual ?? "", text: formatValue(target.actual, share) })),
        el("div", {}, el("dt", { text: t("threshold") }), el("dd", { class: "threshold", text: threshold })),
        el("div", {}, el("dt", { text: t("status") }), el("dd", { class: "status" }, statusBadge(target.status)))),
      chartBox,
      el("button", { type: "button", class: "more", "aria-label": `${t("open_detail")}: ${target.id}`,
        onclick: () => openDetail(target.id), text: t("open_detail") }),
    );
  }
  for (const card of [...cards.children]) if (!live.has(card.id)) card.remove();
}

async function renderTimelines(report) {
  const p = params();
  await Promise.all((report.targets || []).map(async (target) => {
    const node = $(`chart-${target.id}`);
    if (!node) return;
    let timeline;
    try {
      timeline = await api("/v1/attainment/timeline", { year: p.year, target: target.id, region: p.region, known_at: p.known_at });
    } catch (e) {
      node.textContent = `${t("failed")}${e.message}`;
      return;
    }
    const share = isShare(target);
    const points = timeline.points || [];
    const months = points.map((x) => String(x.month).slice(5));
    const scale = (v) => (v === null || v === undefined ? null : share ? +(v * 100).toFixed(2) : v);
    const actual = points.map((x) => (x.reached === false ? null : scale(x.actual)));
    const proRata = points.map((x) => scale(x.pro_rata));
    node.setAttribute("aria-label", `${target.id} ${t("actual_line")}: ${actual.filter((v) => v !== null).join(", ")}`);
    chartFor(node).setOption({
      animation: false,
      grid: { left: 36, right: 8, top: 22, bottom: 20 },
      legend: { top: 0, right: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } },
      tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "—" : share ? `${v}%` : v) },
      xAxis: { type: "category", data: months, axisLabel: { fontSize: 10 } },
      yAxis: { type: "value", axisLabel: { fontSize: 10, formatter: share ? "{value}%" : "{value}" }, ...(share ? { max: 100, min: 0 } : {}) },
      series: [
        { name: t("actual_line"), type: "line", data: actual, symbolSize: 4, itemStyle: { color: "#1d5fa8" }, connectNulls: false },
        { name: t("pro_rata"), type: "line", data: proRata, symbol: "none", lineStyle: { type: "dashed", color: "#8a5300" }, itemStyle: { color: "#8a5300" } },
      ],
    }, true);
  }));
}

function renderGrid(detail) {
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
      ...months.map((m) => el("th", { scope: "col", text: String(m).slice(5) })))),
    el("tbody", {}, ...centers.map((c) => el("tr", { "data-center": c.center_id },
      el("th", { scope: "row", text: c.name || c.center_id }),
      el("td", { text: regionName(c.region) }),
      ...c.months.map((m) => el("td", {
        class: `cell-${m.state}`, "data-state": m.state,
        title: `${c.name} ${m.month}: ${t(`cell_${m.state}`)} (${m.services})`,
        "aria-label": `${m.month} ${t(`cell_${m.state}`)}, ${m.services}`,
      }, marks[m.state] ?? m.state)))))));
}

function renderRecords(detail, target) {
  const share = isShare(target);
  $("h-detail").textContent = `${detail.id} ${title(detail.title)} · ${regionName(detail.region)}`;
  const rule = [detail.rule, detail.stretch !== null && detail.stretch !== undefined ? `${t("stretch")}: ${formatValue(detail.stretch, share)}` : null]
    .filter(Boolean).join(" · ");
  $("detail-rule").textContent = rule;
  const records = detail.records || [];
  const facts = (f) => Object.entries(f || {}).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join("; ");
  $("detail-body").replaceChildren(
    el("p", {}, `${t("actual")}: ${formatValue(detail.actual, share)} · `, statusBadge(detail.status), ` · ${t("records")}: ${records.length}`),
    records.length ? el("table", { class: "records" },
      el("thead", {}, el("tr", {}, ...["record_id", "date", "region_col", "recorded_at", "facts"].map((k) => el("th", { scope: "col", text: t(k) })))),
      el("tbody", {}, ...records.map((r) => el("tr", { "data-record": r.id },
        el("td", { class: "mono", text: r.id }), el("td", { text: r.date }), el("td", { text: regionName(r.region) }),
        el("td", { text: String(r.recorded_at ?? "").replace("T", " ").slice(0, 19) }), el("td", { text: facts(r.facts) })))))
      : el("p", { text: t("no_records") }),
  );
}

async function openDetail(id) {
  state.selected = id;
  $("detail").hidden = false;
  await refreshDetail();
  $("detail").focus();
}

async function refreshDetail(t04) {
  if (!state.selected) return;
  const target = state.report?.targets?.find((x) => x.id === state.selected);
  const detail = state.selected === "T04" && t04 ? t04 : await api(`/v1/attainment/${state.selected}`, params());
  renderRecords(detail, target || detail);
}

async function renderComparison() {
  const p = params();
  const reports = await Promise.all(REGIONS.map(async ([code]) => {
    try { return [code, await api("/v1/attainment", { ...p, region: code })]; } catch { return [code, null]; }
  }));
  const ids = (state.report?.targets || []).map((x) => x.id);
  const select = $("compare-target");
  const chosen = select.value || ids[0];
  select.replaceChildren(...(state.report?.targets || []).map((x) => el("option", { value: x.id, text: `${x.id} ${title(x.title)}` })));
  if (chosen) select.value = chosen;
  const find = (report, id) => report?.targets?.find((x) => x.id === id);
  $("compare").replaceChildren(el("table", { class: "compare" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("region_col") }), ...ids.map((id) => el("th", { scope: "col", text: id })))),
    el("tbody", {}, ...reports.map(([code, report]) => el("tr", { "data-region": code },
      el("th", { scope: "row", text: regionName(code) }),
      ...ids.map((id) => {
        const x = find(report, id);
        return el("td", {}, formatValue(x?.actual, isShare(x)), x?.status ? " " : "", x?.status ? statusBadge(x.status) : "");
      }))))));
  const target = state.report?.targets?.find((x) => x.id === select.value);
  const share = isShare(target);
  const node = $("compare-chart");
  const values = reports.map(([, report]) => {
    const v = find(report, select.value)?.actual;
    return v === null || v === undefined ? null : share ? +(v * 100).toFixed(2) : v;
  });
  node.setAttribute("aria-label", `${select.value}: ${reports.map(([code], i) => `${regionName(code)} ${values[i] ?? "—"}`).join(", ")}`);
  chartFor(node).setOption({
    animation: false,
    grid: { left: 48, right: 12, top: 12, bottom: 70 },
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "—" : share ? `${v}%` : v) },
    xAxis: { type: "category", data: reports.map(([code]) => regionName(code)), axisLabel: { rotate: 45, fontSize: 11, interval: 0 } },
    yAxis: { type: "value", axisLabel: { formatter: share ? "{value}%" : "{value}" } },
    series: [{ name: select.value, type: "bar", data: values, itemStyle: { color: "#1d5fa8" } }],
  }, true);
}

function unitText(unit) {
  const key = `unit_${unit}`;
  return TEXT.zh[key] !== undefined ? t(key) : unit ?? "";
}

function renderIndicators(report) {
  const box = $("indicators");
  const open = new Set([...box.querySelectorAll("details[open]")].map((d) => d.dataset.section));
  const first = !box.children.length;
  box.replaceChildren(...(report.sections || []).map((section) => el("details", {
    class: "section", "data-section": section.number, open: first || open.has(String(section.number)),
  },
  el("summary", {}, `${section.number}. ${title(section.title)}`),
  el("div", { class: "scroll" }, el("table", { class: "indicators" },
    el("thead", {}, el("tr", {}, ...["measure", "figure", "total", "unit"].map((k) => el("th", { scope: "col", text: t(k) })))),
    el("tbody", {}, ...(section.measures || []).flatMap((m) => (m.figures || []).map((f, i) => el("tr", { "data-figure": f.id },
      i === 0 ? el("th", { scope: "row", rowspan: (m.figures || []).length, text: `${m.measure}. ${title(m.title)}` }) : null,
      el("td", { text: title(f.title) }),
      el("td", { class: "num", text: f.unit === "share" ? formatValue(f.total, true) : formatValue(f.total, false) }),
      el("td", { text: unitText(f.unit) }))))))))));
}

// ---- refreshing

async function fingerprint(report) {
  let positions = "";
  try {
    const status = await api("/v1/status");
    positions = (status.sources || []).map((s) => `${s.source}:${s.position}`).join(",");
  } catch { /* the figures alone then */ }
  return positions + JSON.stringify(report.targets);
}

async function refresh(full) {
  if (state.busy) { state.pending = full ? "full" : (state.pending || "poll"); return; }
  if (!state.token) { showMessage(t("need_token")); $("token-box").open = true; return; }
  state.busy = true;
  try {
    const p = params();
    const report = await api("/v1/attainment", p);
    const print = await fingerprint(report);
    const stale = Date.now() - state.lastFull > FULL_REFRESH_MS;
    state.report = report;
    renderCards(report);
    showMessage("");
    if (full || stale || print !== state.fingerprint) {
      state.fingerprint = print;
      state.lastFull = Date.now();
      const [t04] = await Promise.all([
        api("/v1/attainment/T04", p).catch(() => null),
        renderTimelines(report),
        api("/v1/indicators", p).then(renderIndicators).catch((e) => { $("indicators").textContent = `${t("failed")}${e.message}`; }),
        renderComparison(),
      ]);
      renderGrid(t04);
      await refreshDetail(t04);
    }
    const when = new Date().toLocaleTimeString(state.lang === "en" ? "en-GB" : "zh-CN");
    $("live").textContent = `${t("live")} · ${t("updated")} ${when}`;
    document.body.dataset.loaded = String(Date.now());
  } catch (e) {
    if (e.status === 401 || e.status === 403) { showMessage(t("bad_token")); $("token-box").open = true; }
    else showMessage(`${t("failed")}${e.message}`);
  } finally {
    state.busy = false;
    const again = state.pending;
    state.pending = null;
    if (again) refresh(again === "full");
  }
}

async function download() {
  const button = $("download");
  button.disabled = true;
  button.textContent = t("downloading");
  try {
    const p = params();
    const blob = await api("/v1/attainment.xlsx", p, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const link = el("a", { href: URL.createObjectURL(blob), download: `attainment-${p.year}-${p.region || PROVINCE}.xlsx` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  } catch (e) {
    showMessage(`${t("failed")}${e.message}`);
  } finally {
    button.disabled = false;
    button.textContent = t("download");
  }
}

function start() {
  readToken();
  applyLanguage();
  const changed = () => { setYearBounds(); state.fingerprint = null; refresh(true); };
  for (const id of ["year", "region", "as_of", "known_at"]) $(id).addEventListener("change", changed);
  $("compare-target").addEventListener("change", () => refresh(true));
  $("controls").addEventListener("submit", (e) => e.preventDefault());
  $("reset").addEventListener("click", () => { $("as_of").value = ""; $("known_at").value = ""; changed(); });
  $("download").addEventListener("click", download);
  $("token-save").addEventListener("click", () => {
    state.token = $("token").value.trim();
    sessionStorage.setItem("dashboard.token", state.token);
    $("token-box").open = false;
    refresh(true);
  });
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "en" ? "zh" : "en";
    localStorage.setItem("dashboard.lang", state.lang);
    applyLanguage();
    refresh(true);
  });
  $("detail-close").addEventListener("click", () => {
    const id = state.selected;
    state.selected = null;
    $("detail").hidden = true;
    $(`card-${id}`)?.querySelector("button")?.focus();
  });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !$("detail").hidden) $("detail-close").click(); });
  window.addEventListener("resize", () => { for (const chart of state.charts.values()) chart.resize(); });
  window.addEventListener("hashchange", () => { if (location.hash.includes("token=")) { readToken(); refresh(true); } });
  refresh(true);
  setInterval(() => { if (!document.hidden) refresh(false); }, POLL_MS);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
