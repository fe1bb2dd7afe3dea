// Reads through D1's Sessions API, so a database with read replication on answers reads
// from a replica near the caller while each person still sees their own writes. A read
// (GET, HEAD) gets one D1 session: anywhere ("first-unconstrained"), unless the caller
// brings the bookmark of what it last saw or wrote, in which case every replica that
// answers is at least that far along. A write (any other method) reads and writes the
// primary itself: its own reads then see what the scheduler (another Durable Object,
// outside this request) wrote for it, such as the run it just started. Each answer hands a
// bookmark back, in a cookie for pages and in the `X-D1-Bookmark` header for the API (a
// script sends it back on its next call); a write's is taken from the primary after
// everything it did, when it was not refused. The sync, the scheduler and the cron use the database itself.
import type { Context, Next } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
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

export async function withD1Session(c: Context<AppEnv>, next: Next): Promise<void> {
  const cookieName = hostOnlyCookieName(BOOKMARK_COOKIE, c.req.url);
  const given = readableBookmark(c.req.header(BOOKMARK_HEADER)) ?? readableBookmark(getCookie(c, cookieName));
  if (!SAFE_METHODS.has(c.req.method)) {
    c.set("db", database(c.env.DB));
    await next();
    // A refused write saved nothing the caller needs to read back.
    if (c.res.status < 400) handBack(c, cookieName, given, await primaryBookmark(c.env.DB));
    return;
  }
  const session = c.env.DB.withSession(given ?? "first-unconstrained");
  c.set("db", database(session));
  await next();
  // A bookmark D1 could not start from (one of another database, say) must not fail every page after it.
  if (given !== null && c.res.status >= 500) {
    deleteCookie(c, cookieName, { path: "/", secure: cookieName.startsWith("__Host-") });
    return;
  }
  handBack(c, cookieName, given, session.getBookmark());
}

/** Where the primary is now: a bookmark at least as new as every write made before asking. Null if D1 could not say. */
async function primaryBookmark(db: D1Database): Promise<string | null> {
  try {
    const session = db.withSession("first-primary");
    await session.prepare("select 1").first();
    return session.getBookmark();
  } catch {
    return null;
  }
}

function handBack(c: Context<AppEnv>, cookieName: string, given: string | null, latest: string | null): void {
  if (latest === null || latest === given) return;
  if (isApiPath(c.req.path)) c.header("X-D1-Bookmark", latest);
  // A bearer-token script has no cookie jar worth writing to; a browser (signed in, or signing in) keeps it.
  if (c.req.header("authorization") === undefined) {
    setCookie(c, cookieName, latest, { path: "/", httpOnly: true, sameSite: "Lax", secure: cookieName.startsWith("__Host-") });
  }
}
