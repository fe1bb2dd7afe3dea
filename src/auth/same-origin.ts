// Cross-site request forgery needs something the browser sends by itself: the session
// cookie. So every unsafe request that could carry one (it does, or it is a sign-in that
// would set one) must come from a page of this site, by its Origin or Sec-Fetch-Site,
// whatever its content type (JSON included: the browser's preflight is no guard of ours). A
// request authenticated by a bearer token and carrying no session cookie has nothing
// ambient to borrow, so it needs neither (the README's curl recipes).
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { Refusal } from "./refusal";
import { sessionCookieName } from "./sessions";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const CROSS_SITE_MESSAGE = "This request did not come from a page of this site, so it was refused. Reload the page and try again.";

/**
 * Either proves it: a matching Origin, or the browser's own Sec-Fetch-Site (no page script
 * can set it). Under this site's Referrer-Policy: no-referrer, Chromium sends a form post's
 * Origin as "null", so the second is what a browser's own form usually shows.
 */
function fromThisSite(origin: string | undefined, fetchSite: string | undefined, url: string): boolean {
  return origin === new URL(url).origin || fetchSite === "same-origin";
}

/**
 * An unsafe request a browser sent from another site's page: it says so by Origin or
 * Sec-Fetch-Site. A tool (curl, a script) sends neither and is not one. For the simulators'
 * control endpoints, which have no session to guard but change what the demo shows.
 */
export function isCrossSiteBrowserRequest(method: string, header: (name: string) => string | undefined, url: string): boolean {
  if (SAFE_METHODS.has(method)) return false;
  const origin = header("origin");
  const fetchSite = header("sec-fetch-site");
  if (origin === undefined && fetchSite === undefined) return false;
  return !fromThisSite(origin, fetchSite, url);
}

export const requireSameOriginForCookies = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  const hasSession = getCookie(c, sessionCookieName(c.req.url)) !== undefined;
  const bearer = /^Bearer\s/i.test(c.req.header("authorization") ?? "");
  if ((bearer && !hasSession) || fromThisSite(c.req.header("origin"), c.req.header("sec-fetch-site"), c.req.url)) return next();
  throw new Refusal(403, "Request refused", CROSS_SITE_MESSAGE);
});
