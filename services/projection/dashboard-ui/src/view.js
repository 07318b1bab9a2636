// The view lives in the address: year, region, as_of, known_at, the open target, the chart's target, the
// language, the page shown (view: reporting, quality; the targets when absent) and which figures the cards show
// (vintage=approved), as query parameters (never the token). Each change is a history entry; back and forward restore it.
export const KEYS = ["year", "region", "as_of", "known_at", "target", "chart", "lang", "view", "vintage"];

export function readView(search = location.search) {
  const q = new URLSearchParams(search);
  return Object.fromEntries(KEYS.map((k) => [k, q.get(k) || ""]));
}

function address(view) {
  const q = new URLSearchParams();
  for (const k of KEYS) if (view[k]) q.set(k, view[k]);
  const query = q.toString();
  return `${location.pathname}${query ? `?${query}` : ""}`;
}

/** Records the view in the address: a new history entry when `push`, else in place. */
export function writeView(view, push) {
  const url = address(view);
  if (url === location.pathname + location.search) return;
  if (push) history.pushState({ ...view }, "", url);
  else history.replaceState({ ...view }, "", url);
}

/** The link to this view, to share: the address without the fragment (where a token may have come). */
export function shareLink(view) {
  return `${location.origin}${address(view)}`;
}
