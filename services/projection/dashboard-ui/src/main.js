// The attainment dashboard: reads the projection's public API with a read token and draws it. The view (year,
// region, as_of, known_at, open target, chart, language, the page shown, the figures' vintage) lives in the
// address; every time shown is Beijing time. Three pages: the targets, 报送与审核 (reporting periods and
// restatements) and 数据质量 (completeness, what is missing, the flags); the steps a token may take are offered
// from the scopes its payload names (token.js), and the server decides each one.
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { beijingInput, beijingMoment, beijingToday, isDate, pickerText, zoneName } from "./clock.js";
import { HttpError, api, post, problemText, setToken } from "./http.js";
import { renderFlags, renderHeatmap, renderMissing } from "./quality.js";
import { renderPeriods, renderRestatements, renderTokenLine, restatedTargets, stateWord } from "./reporting.js";
import { tokenClaims } from "./token.js";
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
const VIEWS = ["reporting", "quality"]; // the targets' page when absent

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
  restated: new Map(),
  pageData: { reporting: null, quality: null },
  noteOpen: false,
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
  setToken(state.token);
  $("token").value = state.token;
  $("token-box").open = !state.token;
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
  if (!VIEWS.includes(out.view)) out.view = "";
  if (out.vintage !== "approved") out.vintage = "";
  out.lang = out.lang === "en" ? "en" : out.lang === "zh" ? "zh" : (localStorage.getItem("dashboard.lang") === "en" ? "en" : "zh");
  return out;
}

function adopt(view) {
  state.view = view;
  setLanguage(view.lang);
  showPage();
}

/** The page of the view: its sections shown, its tab marked. */
function showPage() {
  const page = state.view.view || "targets";
  document.body.dataset.view = page;
  for (const tab of document.querySelectorAll(".tab")) {
    if (tab.dataset.tab === page) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
  }
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
  $("vintage").value = state.view.vintage;
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
  // the notice and the live line follow the view at once, not when its data arrive (a refresh under way for the
  // previous view would otherwise leave "a past moment" beside "refreshing")
  renderMoment(state.report && !isPast() ? null : state.report);
  liveLine();
  if (full) { state.fingerprint = null; refresh(true); }
}

function applyLanguage() {
  document.documentElement.lang = lang() === "en" ? "en" : "zh-CN";
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of document.querySelectorAll("[data-i18n-aria]")) node.setAttribute("aria-label", t(node.dataset.i18nAria));
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

/** period_of_day of the server: a month's last day names that month, 31 December the year; else null. */
function periodOfDay(day) {
  if (!isDate(day)) return null;
  const [y, m, d] = day.split("-").map(Number);
  if (m === 12 && d === 31) return String(y);
  return new Date(Date.UTC(y, m, 0)).getUTCDate() === d ? day.slice(0, 7) : null;
}

/** The attainment's parameters for the figures shown: the current ones, or a period's approved vintage. */
function shownParams(p) {
  if (state.view.vintage !== "approved") return p;
  // a vintage is named by a period's last day; any other day reads the year's (31 December)
  return { ...p, as_of: periodOfDay(p.as_of) ? p.as_of : `${p.year}-12-31`, known_at: "", vintage: "approved" };
}

async function loadReport(p) {
  return api("/v1/attainment", shownParams(p));
}

function renderVintageLine(report) {
  const line = $("vintage-line");
  const approved = state.view.vintage === "approved" && report;
  line.hidden = !approved;
  line.textContent = approved ? t("vintage_line").replace("{region}", regionName(state.view.region))
    .replace("{period}", periodOfDay(report.as_of) || report.as_of).replace("{at}", `${beijingMoment(report.known_at)} ${zoneName(lang())}`) : "";
}

async function refreshTargets(full) {
  const p = params();
  const report = await loadReport(p);
  const print = await fingerprint(report);
  const stale = Date.now() - state.lastFull > FULL_REFRESH_MS;
  state.report = report;
  showMessage("");
  renderMoment(report);
  renderVintageLine(report);
  if (full || stale || print !== state.fingerprint) {
    state.fingerprint = print;
    state.lastFull = Date.now();
    const [t04, indicators, restatements] = await Promise.all([
      api("/v1/attainment/T04", p).catch(() => null),
      api("/v1/indicators", p).catch((e) => { $("indicators").textContent = `${t("failed")}${e.message}`; return null; }),
      api("/v1/restatements", { year: p.year, region: p.region }).catch(() => null),
      loadComparison(),
    ]);
    state.t04 = t04;
    state.restated = restatedTargets(restatements, state.view.region);
    if (indicators) { state.figures = figureIndex(indicators); renderIndicators(indicators, { t, title, lang: lang(), number, formatValue }); }
    renderCards(report, { figures: state.figures, openDetail, restated: state.restated });
    await renderTimelines(report, { api, p, chartFor, timelines: state.timelines });
    renderComparison();
    renderGrid(t04, { t, regionName });
    await refreshDetail();
  } else {
    renderCards(report, { figures: state.figures, openDetail, restated: state.restated });
  }
}

// ---- 报送与审核 / Reporting

const claims = () => tokenClaims(state.token);

function pageMessage(id, text) {
  $(id).hidden = !text;
  $(id).textContent = text || "";
}

function renderReportingPage() {
  const data = state.pageData.reporting;
  if (!data) return;
  const ctx = { t, lang: lang(), regionName, claims: claims(), act: periodStep,
    value: (id, v) => formatValue(v, isShare({ id })), statusWord: (s) => (s === undefined ? "" : t(`status_${s ?? "none"}`)) };
  renderTokenLine(ctx.claims, ctx);
  renderPeriods(data.periods, ctx);
  renderRestatements(data.restatements, ctx);
}

async function refreshReporting(full, keepMessage = false) {
  const v = state.view;
  const [periods, restatements] = await Promise.all([
    api("/v1/periods", { year: v.year, region: v.region }), api("/v1/restatements", { year: v.year, region: v.region })]);
  const print = JSON.stringify([periods, restatements, lang(), claims().subject]);
  renderMoment(null);
  if (!full && (print === state.pageData.reportingPrint || state.noteOpen)) return;
  state.pageData.reporting = { periods, restatements };
  state.pageData.reportingPrint = print;
  if (full && !keepMessage) pageMessage("reporting-message", "");
  renderReportingPage();
}

/** A problem answered to a step, in the page: its words, and a refused approval's changed figures. */
function stepProblem(e) {
  const problem = e instanceof HttpError ? e.problem : null;
  let text = problem ? problemText(problem, e.status) : `${t("failed")}${e.message}`;
  for (const c of problem?.changes || []) {
    const share = isShare({ id: c.target });
    text += ` ${c.target}: ${formatValue(c.before?.actual, share)} → ${formatValue(c.after?.actual, share)}`;
  }
  return text;
}

async function periodStep(step, period) {
  const what = `${regionName(period.region)} ${period.period}`;
  let body = null;
  if (step === "return" || step === "reopening") {
    const reason = await askNote(t(`do_${step}`), what, t(`reason_${step}`));
    if (reason === null) return;
    body = { reason };
  }
  const path = `/v1/periods/${encodeURIComponent(period.region)}/${encodeURIComponent(period.period)}/${step === "resubmission" ? "submission" : step}`;
  pageMessage("reporting-done", "");
  try {
    const answer = await post(path, body);
    pageMessage("reporting-message", "");
    pageMessage("reporting-done", t("step_done").replace("{region}", regionName(period.region)).replace("{period}", period.period)
      .replace("{state}", `${stateWord(answer.state, lang())} ${answer.recorded_at ? `${beijingMoment(answer.recorded_at)} ${zoneName(lang())}` : ""}`.trim()));
  } catch (e) {
    pageMessage("reporting-message", stepProblem(e));
  }
  try { await refreshReporting(true, true); } catch (e) { pageMessage("reporting-message", stepProblem(e)); }
}

// ---- 数据质量 / Data quality

function renderQualityPage() {
  const data = state.pageData.quality;
  if (!data) return;
  const ctx = { t, lang: lang(), regionName, number, year: state.view.year, region: state.view.region,
    mayReview: claims().scopes.has("projection:write"), review: reviewFlag };
  renderHeatmap(data.completeness, ctx);
  renderMissing(data.completeness, ctx);
  renderFlags(data.flags, ctx);
}

async function refreshQuality(full, keepMessage = false) {
  const p = params();
  const [completeness, flags] = await Promise.all([api("/v1/completeness", p), api("/v1/quality/flags", { ...p, status: "open" })]);
  const print = JSON.stringify([completeness.months, completeness.missing, flags.flags, lang(), claims().subject]);
  renderMoment(completeness);
  if (!full && (print === state.pageData.qualityPrint || state.noteOpen)) return;
  state.pageData.quality = { completeness, flags };
  state.pageData.qualityPrint = print;
  if (full && !keepMessage) pageMessage("quality-message", "");
  renderQualityPage();
}

async function reviewFlag(flag) {
  const note = await askNote(t("do_review"), `${flag.rule.id} ${lang() === "en" ? flag.rule.en : flag.rule.zh}`, t("review_note"));
  if (note === null) return;
  pageMessage("flags-done", "");
  try {
    await post(`/v1/quality/flags/${encodeURIComponent(flag.id)}/review`, { year: +state.view.year, note });
    pageMessage("quality-message", "");
    pageMessage("flags-done", t("review_done").replace("{id}", flag.rule.id));
  } catch (e) {
    pageMessage("quality-message", stepProblem(e));
  }
  try { await refreshQuality(true, true); } catch (e) { pageMessage("quality-message", stepProblem(e)); }
}

// ---- a note or reason for a step, asked in a dialog (no window.prompt: it blocks the page)

function askNote(heading, what, label) {
  const dialog = $("note-dialog");
  $("note-title").textContent = heading;
  $("note-what").textContent = what;
  $("note-label").textContent = label;
  $("note-text").value = "";
  $("note-error").hidden = true;
  state.noteOpen = true;
  dialog.showModal();
  $("note-text").focus();
  return new Promise((resolve) => {
    const done = (value) => {
      $("note-ok").removeEventListener("click", ok);
      $("note-cancel").removeEventListener("click", cancel);
      dialog.removeEventListener("cancel", cancel);
      state.noteOpen = false;
      if (dialog.open) dialog.close();
      resolve(value);
    };
    const ok = () => {
      const text = $("note-text").value.trim();
      if (!text) { $("note-error").hidden = false; $("note-error").textContent = t("reason_needed"); $("note-text").focus(); return; }
      done(text);
    };
    const cancel = (e) => { e?.preventDefault?.(); done(null); };
    $("note-ok").addEventListener("click", ok);
    $("note-cancel").addEventListener("click", cancel);
    dialog.addEventListener("cancel", cancel);
  });
}

// ---- the current against the approved figures

async function chooseVintage(value) {
  if (value !== "approved") { change({ vintage: "" }); return; }
  const v = state.view;
  if (periodOfDay(v.as_of)) { change({ vintage: "approved" }); return; }
  // the latest approved period of the view's region (December's month is not addressable: its last day is the year's)
  try {
    const list = await api("/v1/periods", { year: v.year, region: v.region || PROVINCE });
    const approved = (list.periods || []).filter((x) => x.state === "approved" && periodOfDay(x.last_day) === x.period)
      .sort((a, b) => (a.last_day < b.last_day ? 1 : -1));
    if (!approved.length) {
      $("vintage").value = "";
      showMessage(t("no_approved_period").replace("{region}", regionName(v.region)).replace("{year}", v.year));
      return;
    }
    change({ vintage: "approved", as_of: approved[0].last_day });
    $("as_of").value = state.view.as_of;
  } catch (e) {
    $("vintage").value = "";
    showMessage(stepProblem(e));
  }
}

// ---- refreshing: the page shown

async function refresh(full) {
  if (state.busy) { state.pending = full ? "full" : (state.pending || "poll"); return; }
  if (!state.token) { showMessage(t("need_token")); $("token-box").open = true; return; }
  state.busy = true;
  const page = state.view.view || "targets";
  try {
    if (page === "reporting") await refreshReporting(full);
    else if (page === "quality") await refreshQuality(full);
    else await refreshTargets(full);
    if (page !== "targets") showMessage("");
    liveLine();
    document.body.dataset.loaded = String(Date.now());
  } catch (e) {
    if (e.status === 401) { showMessage(t("bad_token")); $("token-box").open = true; }
    else if (e.status === 403 && page === "targets") { showMessage(t("bad_token")); $("token-box").open = true; }
    else if (page === "reporting") pageMessage("reporting-message", stepProblem(e));
    else if (page === "quality") pageMessage("quality-message", stepProblem(e));
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
    const p = shownParams(params());  // the download shows what the cards show, the vintage included
    const blob = await api("/v1/attainment.xlsx", p, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const suffix = p.vintage ? `-${p.vintage}` : "";
    const link = el("a", { href: URL.createObjectURL(blob), download: `attainment-${p.year}-${p.region || PROVINCE}${suffix}.xlsx` });
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
    setToken(state.token);
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
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => { const view = tab.dataset.tab === "targets" ? "" : tab.dataset.tab; if (view !== state.view.view) change({ view }); });
  }
  $("vintage").addEventListener("change", () => chooseVintage($("vintage").value));
  $("reporting-refresh").addEventListener("click", () => refresh(true));
  $("quality-refresh").addEventListener("click", () => refresh(true));
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
