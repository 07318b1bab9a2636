// What the token says about itself, for display and for which buttons to offer: its subject, scopes, region
// and expiry, read from the JWT's payload in the page. Never trusted: the server checks every step.

function base64url(text) {
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** {subject, scopes (a Set), region, expires (Date or null)}; empty scopes when it is not a readable JWT. */
export function tokenClaims(token) {
  try {
    const payload = JSON.parse(base64url(String(token || "").split(".")[1] || ""));
    const scope = typeof payload.scope === "string" ? payload.scope : Array.isArray(payload.scp) ? payload.scp.join(" ") : "";
    return {
      subject: payload.sub ?? null, scopes: new Set(scope.split(/\s+/).filter(Boolean)),
      region: typeof payload.region === "string" ? payload.region : null,
      expires: typeof payload.exp === "number" ? new Date(payload.exp * 1000) : null,
    };
  } catch {
    return { subject: null, scopes: new Set(), region: null, expires: null };
  }
}

export const can = (claims, scope) => claims.scopes.has(scope);
