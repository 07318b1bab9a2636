// The page's requests to the projection: reads with the token, steps (POST with JSON), and the RFC 9457 problems
// they may answer, in the page's language (title_zh/detail_zh or title_en/detail_en, each field's message).
import { lang } from "./words.js";

export class HttpError extends Error {
  constructor(status, message, problem = null) { super(message); this.status = status; this.problem = problem; }
}

let token = "";
export function setToken(value) { token = value || ""; }
export const currentToken = () => token;

function headers(accept) {
  return { Authorization: `Bearer ${token}`, Accept: accept, "Accept-Language": lang() === "en" ? "en" : "zh-CN" };
}

/** The problem's own words in the page's language, with the field messages. */
export function problemText(problem, status) {
  if (!problem || typeof problem !== "object") return String(status ?? "");
  const en = lang() === "en";
  const title = (en ? problem.title_en : problem.title_zh) || problem.title || "";
  const detail = (en ? problem.detail_en : problem.detail_zh) || problem.detail || "";
  const fields = (problem.errors || []).map((e) => `${e.field ? `${e.field}: ` : ""}${(en ? e.message_en : e.message_zh) || e.message || ""}`);
  return [title, detail].filter(Boolean).join(en ? ": " : "：") + (fields.length ? (en ? ` (${fields.join("; ")})` : `（${fields.join("；")}）`) : "");
}

async function failure(response) {
  let problem = null;
  try { problem = await response.json(); } catch { /* not JSON */ }
  const text = problem ? problemText(problem, response.status) : response.statusText;
  return new HttpError(response.status, `${response.status} ${text}`, problem);
}

export async function api(path, params = {}, accept = "application/json") {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  const response = await fetch(url, { headers: headers(accept), cache: "no-store" });
  if (!response.ok) throw await failure(response);
  return accept === "application/json" ? response.json() : response.blob();
}

/** A step: POST with a JSON body (or none) and an Idempotency-Key, so a resent click records nothing new. */
export async function post(path, body = null) {
  const key = (crypto.randomUUID && crypto.randomUUID()) || `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  const response = await fetch(new URL(path, location.origin), {
    method: "POST", cache: "no-store",
    headers: { ...headers("application/json"), "Idempotency-Key": key, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}
