// The page's words in its language (Chinese first, English beside): labels, region names, numbers, statuses.
import { el } from "./dom.js";
import { PROVINCE, REGIONS, TEXT } from "./i18n.js";

const SHARE_TARGETS = new Set(["T04", "T09b", "T11"]);
let current = "zh";

export function setLanguage(value) { current = value === "en" ? "en" : "zh"; }
export const lang = () => current;
export const t = (key) => TEXT[current][key] ?? TEXT.zh[key] ?? key;
export const title = (obj) => (obj && typeof obj === "object" ? obj[current] ?? obj.zh ?? "" : obj ?? "");
export const regionName = (code) => {
  if (!code || code === PROVINCE) return t("province");
  const r = REGIONS.find(([c]) => c === code);
  return r ? (current === "en" ? r[2] : r[1]) : code;
};
export const isShare = (target) => SHARE_TARGETS.has(target?.id) || target?.detail?.unit === "share";
const numberFormat = () => new Intl.NumberFormat(current === "en" ? "en-US" : "zh-CN", { maximumFractionDigits: 2 });
export const number = (v) => (v === null || v === undefined ? "—" : numberFormat().format(v));

export function formatValue(value, share) {
  if (value === null || value === undefined) return "—";
  if (share) return `${(value * 100).toFixed(1)}%`;
  return numberFormat().format(value);
}

export function statusBadge(status) {
  const key = status ?? "none";
  return el("span", { class: `badge status-${key}`, "data-status": key, text: t(`status_${key}`) });
}
