// Reads through D1's Sessions API, so a database with read replication on answers reads
// from a replica near the caller while each person still sees their own writes. Every
// request gets one D1 session: a write (any unsafe method) starts on the primary, a read
// anywhere ("first-unconstrained") unless the caller brings the bookmark of what it last
// saw or wrote, in which case every replica that answers is at least that far along. The
// bookmark goes back to the caller after each request: in a cookie for pages, in the
// `X-D1-Bookmark` header for the API (a script sends it back on its next call). The sync,
// the scheduler and the cron use the database itself: the primary.
import type { Context, Next } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../app-env";
import { isApiPath } from "../auth/middleware";
import { hostOnlyCookieName } from "../auth/sessions";
import { database } from "../db/client";

export const BOOKMARK_COOKIE = "kr_bookmark";
export const BOOKMARK_HEADER = "x-d1-bookmark";

// A D1 bookmark is four groups of hex digits (8-8-8-32); anything else a client sends is
// ignored rather than handed to D1.
const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

export function readableBookmark(value: string | undefined): string | null {
  return value !== undefined && BOOKMARK.test(value) ? value : null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Where a request's D1 session starts: the primary for a write, the caller's bookmark, or anywhere. */
export function sessionStart(method: string, bookmark: string | null): D1SessionConstraint | D1SessionBookmark {
  if (!SAFE_METHODS.has(method)) return "first-primary";
  return bookmark ?? "first-unconstrained";
}

export async function withD1Session(c: Context<AppEnv>, next: Next): Promise<void> {
  const cookieName = hostOnlyCookieName(BOOKMARK_COOKIE, c.req.url);
  const given = readableBookmark(c.req.header(BOOKMARK_HEADER)) ?? readableBookmark(getCookie(c, cookieName));
  const session = c.env.DB.withSession(sessionStart(c.req.method, given));
  c.set("db", database(session));
  await next();
  const latest = session.getBookmark();
  if (latest === null || latest === given) return;
  if (isApiPath(c.req.path)) c.header("X-D1-Bookmark", latest);
  // A bearer-token script has no cookie jar worth writing to; a browser (signed in, or signing in) keeps it.
  if (c.req.header("authorization") === undefined) {
    setCookie(c, cookieName, latest, { path: "/", httpOnly: true, sameSite: "Lax", secure: cookieName.startsWith("__Host-") });
  }
}
