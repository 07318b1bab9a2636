// A target's year-end outlook in one line (`detail.outlook` of /v1/attainment, projection.quality.outlook): where
// the year is heading on the present pace or the previous year's profile, and what is still needed.
import { el } from "./dom.js";
import { OUTLOOK_UNITS, word } from "./vocabulary.js";

function unitOf(id, lang) {
  const u = word(OUTLOOK_UNITS, id, lang);
  return u ? (lang === "en" ? ` ${u}` : ` ${u}`) : "";
}

function countLine(o, id, lang, number) {
  const unit = unitOf(id, lang);
  const zh = lang !== "en";
  const parts = [];
  if (o.expected !== null && o.expected !== undefined) {
    const value = `${number(o.expected)}${unit}`;
    const range = o.range && o.method !== "year_over" && o.range[0] !== o.range[1]
      ? (zh ? `（可能 ${number(o.range[0])}–${number(o.range[1])}）` : ` (likely ${number(o.range[0])}–${number(o.range[1])})`) : "";
    if (o.method === "year_over") parts.push(zh ? `全年共 ${value}` : `${value} in the year`);
    else if (o.method === "previous_year_profile") parts.push(zh ? `按上年走势年底预计 ${value}${range}` : `on the previous year's profile ${value} by year end${range}`);
    else parts.push(zh ? `按目前进度年底预计 ${value}${range}` : `on the present pace ${value} by year end${range}`);
  }
  if (o.needed === 0 || o.needed === 0.0) parts.push(zh ? "已达到目标" : "the target is reached");
  else if (o.needed_per_month) parts.push(zh ? `还需 ${number(o.needed_per_month)}${unit}/月` : `${number(o.needed_per_month)} more a month needed`);
  else if (o.needed) parts.push(zh ? `还差 ${number(o.needed)}${unit}` : `${number(o.needed)} short`);
  return parts.join(zh ? "，" : ", ");
}

function t04Line(o, lang, number) {
  const zh = lang !== "en";
  const atRisk = o.centers_at_risk_count ?? (o.centers_at_risk || []).length;
  const lost = o.months_lost_count ?? (o.months_lost || []).length;
  const parts = [];
  if (atRisk) {
    const left = o.days_left_in_month;
    parts.push(zh ? `本月还有 ${number(atRisk)} 个中心尚未上门服务${left !== null && left !== undefined ? `（本月还剩 ${left} 天）` : ""}`
      : `${number(atRisk)} centers not yet served this month${left !== null && left !== undefined ? ` (${left} days left)` : ""}`);
  }
  parts.push(zh ? `已错过 ${number(lost)} 个中心·月` : `${number(lost)} center-months already lost`);
  return parts.join(zh ? "，" : ", ");
}

function shareLine(o, id, lang, number) {
  const zh = lang !== "en";
  const unit = unitOf(id, lang);
  if (o.likely_status === "met" && (o.private_needed_of_expected === 0 || o.private_needed_if_all_private === 0)) {
    return zh ? "按目前数字已达到目标" : "the figures so far reach the target";
  }
  if (o.private_needed_of_expected !== null && o.private_needed_of_expected !== undefined) {
    return zh ? `年底前预计还有 ${number(o.expected_more_records)}${unit}，其中须有 ${number(o.private_needed_of_expected)}${unit}为民营`
      : `${number(o.expected_more_records)} more${unit} expected by year end, ${number(o.private_needed_of_expected)} of them must be private`;
  }
  if (o.private_needed_if_all_private !== null && o.private_needed_if_all_private !== undefined) {
    return zh ? `须再有 ${number(o.private_needed_if_all_private)}${unit}且全部为民营`
      : `${number(o.private_needed_if_all_private)} more${unit} needed, every one private`;
  }
  return "";
}

/** The outlook line of a card, or null when the target has none (a division's count, a year not begun). */
export function outlookLine(target, { lang, number, t }) {
  const o = target?.detail?.outlook;
  if (!o || typeof o !== "object") return null;
  let text;
  if (target.id === "T04") text = o.likely_status === null && !(o.centers_at_risk_count ?? (o.centers_at_risk || []).length)
    && !(o.months_lost_count ?? (o.months_lost || []).length) ? "" : t04Line(o, lang, number);
  else if (target.id === "T09b" || target.id === "T11") text = shareLine(o, target.id, lang, number);
  else text = countLine(o, target.id, lang, number);
  if (!text) return null;
  const likely = o.likely_status ? `${lang === "en" ? "; likely: " : "；预计"}${t(`status_${o.likely_status}`)}` : "";
  return el("p", { class: "outlook", "data-likely": o.likely_status ?? "" }, el("span", { class: "outlook-label", text: t("outlook") }),
    ` ${text}${likely}`);
}
