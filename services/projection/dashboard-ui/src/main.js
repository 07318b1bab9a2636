// The attainment dashboard: reads the projection's public API with a read token and draws it. The view (year,
// region, as_of, known_at, open target, chart, language) lives in the address; every time shown is Beijing time.
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { beijingInput, beijingMoment, beijingToday, isDate, pickerText, zoneName } from "./clock.js";
import { $, el } from "./dom.js";
import { explanation, figureIndex } from "./explain.js";
import { PROVINCE, REGIONS } from "./i18n.js";
import { renderCards, renderTimelines } from "./cards.js";
import { comparisonOption } from "./charts.js";
import { renderGrid, renderIndicators } from "./panels.js";
import { recordsTable } from "./records.js";
import { readView, shareLink, writeView } from "./view.js";
import { formatValue, isShare, lang, number, regionName, setLanguage, statusBadge, t, title } from "./words.js";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

const POLL_MS = 4000;
const FULL_REFRESH_MS = 60000;
const TARGET_IDS = ["T04", "T09a", "T09b", "T11", "T19", "T20", "T22a", "T22b"];

const state = {
  view: readView(),
  token: "",
  report: null,
  figures: new Map(),
  timelines: new Map(),
  regions: [],
  t04: null,
  fingerprint: null,
  lastFull: 0,
  charts: new Map(),
  busy: false,
  pending: null,
  allRecords: false,
};

// ---- the token: from the URL fragment (#token=...), else sessionStorage, else the field; never in a shared link

function readToken() {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ""));
  const fromUrl = fragment.get("token");
  if (fromUrl) {
    sessionStorage.setItem("dashboard.token", fromUrl);
    history.replaceState(history.state, "", location.pathname + location.search);
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
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${state.token}`, Accept: accept, "Accept-Language": lang() === "en" ? "en" : "zh-CN" }, cache: "no-store",
  });
  if (!response.ok) {
    let detail = response.statusText;
    try { const body = await response.json(); detail = body.detail || body.title || detail; } catch { /* not JSON */ }
    throw new HttpError(response.status, `${response.status} ${detail}`);
  }
  return accept === "application/json" ? response.json() : response.blob();
}

// ---- the view: the address <-> the controls

function currentYear() { return beijingToday().slice(0, 4); }

function normalise(view) {
  const out = { ...view };
  if (!/^\d{4}$/.test(out.year)) out.year = currentYear();
  if (!REGIONS.some(([c]) => c === out.region)) out.region = "";
  if (out.as_of && (!isDate(out.as_of) || !out.as_of.startsWith(out.year))) out.as_of = "";
  // without an offset a moment is Beijing time (as the API reads it); with one, shown and sent in Beijing time
  if (out.known_at) out.known_at = beijingInput(out.known_at) || beijingInput(pickerText(out.known_at)) || "";
  if (!TARGET_IDS.includes(out.target)) out.target = "";
  if (!TARGET_IDS.includes(out.chart)) out.chart = "";
  out.lang = out.lang === "en" ? "en" : out.lang === "zh" ? "zh" : (localStorage.getItem("dashboard.lang") === "en" ? "en" : "zh");
  return out;
}

function adopt(view) {
  state.view = view;
  setLanguage(view.lang);
}

function params() {
  const v = state.view;
  return { year: v.year, region: v.region, as_of: v.as_of, known_at: v.known_at };
}

function isPast(view = state.view) {
  return Boolean((view.as_of && view.as_of < beijingToday()) || (view.known_at && new Date(view.known_at).getTime() < Date.now()));
}

function viewToControls() {
  fillControls();
  $("as_of").value = state.view.as_of;
  $("known_at").value = pickerText(state.view.known_at);
  for (const id of ["as_of", "known_at"]) $(id).removeAttribute("aria-invalid");
}

function fillControls() {
  const year = $("year");
  const now = +currentYear();
  const chosen = +state.view.year;
  const years = new Set(Array.from({ length: now - 2017 + 2 }, (_, i) => now + 1 - i));
  years.add(chosen);
  year.replaceChildren(...[...years].sort((a, b) => b - a).map((y) => el("option", { value: y, text: `${y}${t("year_suffix")}` })));
  year.value = String(chosen);
  const region = $("region");
  region.replaceChildren(el("option", { value: PROVINCE, text: t("province") }),
    ...REGIONS.map(([code]) => el("option", { value: code, text: regionName(code) })));
  region.value = state.view.region || PROVINCE;
}

/** A change made on the page: a new history entry, then the figures for it. */
function change(patch, { push = true, full = true } = {}) {
  adopt(normalise({ ...state.view, ...patch }));
  writeView(state.view, push);
  if (full) { state.fingerprint = null; refresh(true); }
}

function applyLanguage() {
  document.documentElement.lang = lang() === "en" ? "en" : "zh-CN";
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  $("lang").textContent = t("lang_switch");
  $("lang").lang = lang() === "en" ? "zh-CN" : "en";
  fillControls();
}

function showMessage(text) {
  const m = $("message");
  m.hidden = !text;
  m.textContent = text || "";
}

/** What the page shows, in words: the title line of a printed report, and the past-moment notice. */
function renderMoment(report) {
  const v = state.view;
  const asOf = report?.as_of || v.as_of;
  const known = report?.known_at ? `${beijingMoment(report.known_at)} ${zoneName(lang())}` : t("view_now");
  $("view-line").textContent = [`${v.year}${t("year_suffix")}`, regionName(v.region),
    `${t("view_as_of")} ${asOf || "—"}`, `${t("view_known_at")} ${known}`].join(" · ");
  const notes = [];
  if (isPast()) {
    const parts = [t("past_moment")];
    if (v.as_of && v.as_of < beijingToday()) parts.push(`${t("view_as_of")} ${v.as_of}`);
    if (v.known_at) parts.push(`${t("view_known_at")} ${beijingMoment(v.known_at)} ${zoneName(lang())}`);
    notes.push(`${parts.join(" · ")} · ${t("past_stopped")}`);
  }
  if (report?.as_of_clamped) notes.push(t("clamped").replace("{asked}", report.as_of_requested).replace("{today}", report.as_of));
  $("moment").hidden = !notes.length;
  $("moment").textContent = notes.join(" ");
  document.body.dataset.past = String(isPast());
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

async function renderDetail(detail, target) {
  const share = isShare(target);
  const id = detail.id;
  $("h-detail").textContent = `${id} ${title(detail.title)} · ${regionName(detail.region)}`;
  $("detail-rule").textContent = detail.stretch !== null && detail.stretch !== undefined ? `${t("stretch")}: ${formatValue(detail.stretch, share)}` : "";
  const records = detail.records || [];
  const centers = new Map((detail.centers || state.t04?.centers || []).map((c) => [c.center_id, c.name]));
  const table = await recordsTable(records, { api, lang: lang(), t, regionName, number, centers, all: state.allRecords });
  const more = records.length > 100 && !state.allRecords
    ? el("button", { type: "button", class: "more", text: t("show_all"), onclick: () => { state.allRecords = true; refreshDetail(); } }) : null;
  $("detail-body").replaceChildren(
    el("p", {}, `${t("actual")}: ${formatValue(detail.actual, share)} · `, statusBadge(detail.status), ` · ${t("records")}: ${records.length}`),
    explanation(id, {
      figures: state.figures, points: state.timelines.get(id), regions: state.regions, lang: lang(), t, title, number,
      value: (v) => formatValue(v, share), regionName,
    }),
    ...[el("h3", { text: t("records") }), table, more].filter(Boolean),
  );
}

async function openDetail(id) {
  if (state.view.target !== id) { state.allRecords = false; change({ target: id }, { full: false }); }
  $("detail").hidden = false;
  await refreshDetail();
  $("detail").focus();
}

function closeDetail() {
  const id = state.view.target;
  change({ target: "" }, { full: false });
  $("detail").hidden = true;
  $(`card-${id}`)?.querySelector("button")?.focus();
}

async function refreshDetail() {
  const id = state.view.target;
  $("detail").hidden = !id;
  if (!id) return;
  const target = state.report?.targets?.find((x) => x.id === id);
  const detail = id === "T04" && state.t04 ? state.t04 : await api(`/v1/attainment/${id}`, params());
  if (state.view.target === id) await renderDetail(detail, target || detail);
}

async function loadComparison() {
  const p = params();
  state.regions = await Promise.all(REGIONS.map(async ([code]) => {
    try { return [code, await api("/v1/attainment", { ...p, region: code })]; } catch { return [code, null]; }
  }));
}

function renderComparison() {
  const reports = state.regions;
  const ids = (state.report?.targets || []).map((x) => x.id);
  const select = $("compare-target");
  const chosen = state.view.chart || ids[0];
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
  node.dataset.target = select.value;
  chartFor(node).setOption(comparisonOption({ names: reports.map(([code]) => regionName(code)), values, share, name: select.value }), true);
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

function liveLine() {
  const when = `${beijingMoment(new Date())} ${zoneName(lang())}`;
  $("live").textContent = `${isPast() ? t("paused") : t("live")} · ${t("updated")} ${when}`;
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
    showMessage("");
    renderMoment(report);
    if (full || stale || print !== state.fingerprint) {
      state.fingerprint = print;
      state.lastFull = Date.now();
      const [t04, indicators] = await Promise.all([
        api("/v1/attainment/T04", p).catch(() => null),
        api("/v1/indicators", p).catch((e) => { $("indicators").textContent = `${t("failed")}${e.message}`; return null; }),
        loadComparison(),
      ]);
      state.t04 = t04;
      if (indicators) { state.figures = figureIndex(indicators); renderIndicators(indicators, { t, title, lang: lang(), number, formatValue }); }
      renderCards(report, { figures: state.figures, openDetail });
      await renderTimelines(report, { api, p, chartFor, timelines: state.timelines });
      renderComparison();
      renderGrid(t04, { t, regionName });
      await refreshDetail();
    } else {
      renderCards(report, { figures: state.figures, openDetail });
    }
    liveLine();
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

async function copyLink() {
  const link = shareLink(state.view);
  $("share-link").value = link;
  $("share-link").textContent = link;
  let copied = false;
  try { await navigator.clipboard.writeText(link); copied = true; } catch { /* shown for copying by hand */ }
  $("share-text").textContent = copied ? t("copied") : t("copy_failed");
  $("share").hidden = false;
}

// ---- the date inputs: 年-月-日 text, checked here (not the browser's locale-dependent pickers)

function dateEntered(final) {
  const input = $("as_of");
  const text = input.value.trim();
  if (!text) { input.removeAttribute("aria-invalid"); showMessage(""); if (state.view.as_of) change({ as_of: "" }); return; }
  if (!isDate(text)) { if (final) { input.setAttribute("aria-invalid", "true"); showMessage(t("invalid_date")); } return; }
  if (!text.startsWith(state.view.year)) { input.setAttribute("aria-invalid", "true"); showMessage(t("outside_year")); return; }
  input.removeAttribute("aria-invalid");
  showMessage("");
  if (text !== state.view.as_of) change({ as_of: text });
}

function momentEntered(final) {
  const input = $("known_at");
  const text = input.value.trim();
  if (!text) { input.removeAttribute("aria-invalid"); showMessage(""); if (state.view.known_at) change({ known_at: "" }); return; }
  const moment = beijingInput(text);
  if (!moment) { if (final) { input.setAttribute("aria-invalid", "true"); showMessage(t("invalid_moment")); } return; }
  input.removeAttribute("aria-invalid");
  showMessage("");
  if (moment !== state.view.known_at) change({ known_at: moment });
}

function debounced(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

// ---- print: the charts drawn at the printed size

function resizeCharts() { for (const chart of state.charts.values()) chart.resize(); }

function start() {
  readToken();
  adopt(normalise(state.view));
  writeView(state.view, false);
  applyLanguage();
  viewToControls();
  $("year").addEventListener("change", () => {
    const year = $("year").value;
    change({ year, as_of: state.view.as_of.startsWith(year) ? state.view.as_of : "" });
    $("as_of").value = state.view.as_of;
  });
  $("region").addEventListener("change", () => change({ region: $("region").value === PROVINCE ? "" : $("region").value }));
  const asOfTyped = debounced(() => dateEntered(false), 400);
  const knownTyped = debounced(() => momentEntered(false), 400);
  $("as_of").addEventListener("input", asOfTyped);
  $("as_of").addEventListener("change", () => dateEntered(true));
  $("known_at").addEventListener("input", knownTyped);
  $("known_at").addEventListener("change", () => momentEntered(true));
  $("compare-target").addEventListener("change", () => { change({ chart: $("compare-target").value }, { full: false }); renderComparison(); });
  $("controls").addEventListener("submit", (e) => e.preventDefault());
  $("reset").addEventListener("click", () => { $("as_of").value = ""; $("known_at").value = ""; change({ as_of: "", known_at: "" }); });
  $("download").addEventListener("click", download);
  $("copy-link").addEventListener("click", copyLink);
  $("token-save").addEventListener("click", () => {
    state.token = $("token").value.trim();
    sessionStorage.setItem("dashboard.token", state.token);
    $("token-box").open = false;
    refresh(true);
  });
  $("lang").addEventListener("click", () => {
    localStorage.setItem("dashboard.lang", lang() === "en" ? "zh" : "en");
    change({ lang: lang() === "en" ? "zh" : "en" }, { full: false });
    applyLanguage();
    refresh(true);
  });
  $("detail-close").addEventListener("click", closeDetail);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !$("detail").hidden) closeDetail(); });
  window.addEventListener("popstate", () => {
    adopt(normalise(readView()));
    applyLanguage();
    viewToControls();
    state.fingerprint = null;
    refresh(true);
  });
  window.addEventListener("resize", resizeCharts);
  window.addEventListener("beforeprint", resizeCharts);
  window.addEventListener("afterprint", resizeCharts);
  window.matchMedia("print").addEventListener("change", resizeCharts);
  window.addEventListener("hashchange", () => { if (location.hash.includes("token=")) { readToken(); refresh(true); } });
  refresh(true);
  // a past moment does not change: no automatic refresh then
  setInterval(() => { if (!document.hidden && !isPast()) refresh(false); }, POLL_MS);
  setInterval(() => { if (isPast()) liveLine(); }, 30000);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
