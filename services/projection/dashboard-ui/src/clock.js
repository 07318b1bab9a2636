// One clock, the office's: every time the page shows or sends is Beijing time (UTC+08:00), whatever the browser's zone.
const ZONE = "Asia/Shanghai";
const FORMAT = new Intl.DateTimeFormat("en-CA", {
  timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
});
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MOMENT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

function parts(moment) {
  return Object.fromEntries(FORMAT.formatToParts(moment).map((p) => [p.type, p.value]));
}

/** Today's date in Beijing, YYYY-MM-DD. */
export function beijingToday(now = new Date()) {
  const p = parts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** A moment (Date or ISO 8601 text with any offset) as "YYYY-MM-DD HH:MM:SS" in Beijing time. */
export function beijingMoment(moment) {
  const value = moment instanceof Date ? moment : new Date(moment);
  if (Number.isNaN(value.getTime())) return "";
  const p = parts(value);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

export const zoneName = (lang) => (lang === "en" ? "Beijing time (UTC+08:00)" : "北京时间");

/** A calendar date written YYYY-MM-DD that exists (no 2019-02-30). */
export function isDate(text) {
  const m = DATE.exec(text || "");
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** "YYYY-MM-DD HH:MM[:SS]" read as Beijing time, as ISO 8601 with its offset; null when it is not such a moment. */
export function beijingInput(text) {
  const m = MOMENT.exec((text || "").trim());
  if (!m || !isDate(m[1]) || +m[2] > 23 || +m[3] > 59 || +(m[4] || 0) > 59) return null;
  return `${m[1]}T${m[2]}:${m[3]}:${m[4] || "00"}+08:00`;
}

/** An ISO 8601 moment (any offset) as the picker shows it: Beijing time, "YYYY-MM-DD HH:MM:SS". */
export function pickerText(iso) {
  return iso ? beijingMoment(iso) : "";
}
