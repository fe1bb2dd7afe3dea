// Who is calling, and what they may see. Deny by default: kitchen pages need a membership
// (a stranger gets the same 404 as for a kitchen that does not exist), admin pages need
// the admin role, and /api needs a session or a bearer token. A refusal is thrown and
// answered by the app (a page, or the JSON error shape under /api).
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import type { BatchRead } from "../db/client";
import type { Role } from "../db/schema";
import { apiTokenHash, touchApiToken } from "./api-tokens";
import { readAsCaller, readCaller, type CallerCredential, type CallerReadResult, type ScopedKitchen } from "./caller-read";
import { Refusal } from "./refusal";
import { roleAllows } from "./roles";
import { loadSession, rememberCurrentKitchen, sessionCookieName, type KitchenMembership } from "./sessions";
import { sha256Hex } from "./tokens";

/** The session cookie's token, if the request carries one. */
function sessionToken(c: Context<AppEnv>): string | undefined {
  return getCookie(c, sessionCookieName(c.req.url)) || undefined;
}

/** A cookie whose session is unknown or over is taken off the browser. */
function dropSessionCookie(c: Context<AppEnv>): void {
  const name = sessionCookieName(c.req.url);
  deleteCookie(c, name, { path: "/", secure: name.startsWith("__Host-") });
}

export const withSession = createMiddleware<AppEnv>(async (c, next) => {
  c.set("user", null);
  const token = sessionToken(c);
  if (token) {
    const user = await loadSession(c.var.db, token, c.var.now);
    if (user) c.set("user", user);
    else dropSessionCookie(c);
  }
  await next();
});

const PLACEHOLDER_ORIGIN = "http://next.invalid";
export const NOT_FOUND_MESSAGE = "There is no such page, or it belongs to a kitchen you are not a member of.";

/**
 * Where to come back to after signing in: only a path on this site. Browsers drop tabs and
 * newlines and read "\\" as "/", so such characters are refused outright; what is left must
 * stay on the same origin once resolved.
 */
export function safeNextPath(value: string | undefined | null): string {
  if (!value || !value.startsWith("/") || /[\x00-\x1f\x7f\\]/.test(value)) return "/";
  const url = new URL(value, PLACEHOLDER_ORIGIN);
  if (url.origin !== PLACEHOLDER_ORIGIN) return "/";
  const path = url.pathname + url.search + url.hash;
  // Resolving dots can leave "//host" ("/.//evil.example"), which a browser reads as
  // another site: whatever comes back is a path of this site or nothing.
  return /^\/[/\\]/.test(path) || /^\/%2f/i.test(path) || /^\/%5c/i.test(path) ? "/" : path;
}

/** The header that names the kitchen an API call acts on: `X-Kitchen: <slug>`. */
export const KITCHEN_HEADER = "x-kitchen";

export function isApiPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

function redirectToSignIn(c: Context<AppEnv>): Response {
  const url = new URL(c.req.url);
  const next = c.req.method === "GET" ? url.pathname + url.search : "/";
  return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
}

export const requireKitchenMember = createMiddleware<AppEnv>(async (c, next) => {
  const user = c.var.user;
  if (!user) return redirectToSignIn(c);
  const kitchen = user.kitchens.find((k) => k.slug === c.req.param("slug"));
  if (!kitchen) throw new Refusal(404, "Page not found", NOT_FOUND_MESSAGE);
  c.set("kitchen", kitchen);
  await rememberCurrentKitchen(c.var.db, user, kitchen.id);
  await next();
});

/**
 * A kitchen page (/k/:slug/...) read together with its caller in one batch (see
 * caller-read.ts), without the session middleware: a stranger is sent to sign in, a kitchen
 * not theirs is the same 404 as one that does not exist. Sets the user and kitchen for the
 * page shell. `view` builds the page's statements for the kitchen as far as it is known.
 */
export async function readKitchenView<T>(c: Context<AppEnv>, view: (kitchen: ScopedKitchen) => BatchRead<T>): Promise<{ kitchen: KitchenMembership; data: T } | Response> {
  c.set("user", null);
  const token = sessionToken(c);
  if (!token) return redirectToSignIn(c);
  const result = await readAsCaller(c.var.db, { kind: "session", tokenHash: await sha256Hex(token), slug: c.req.param("slug") ?? "" }, c.var.now, view);
  if (result.outcome === "signed-out") {
    dropSessionCookie(c);
    return redirectToSignIn(c);
  }
  c.set("user", result.user);
  if (result.outcome === "no-kitchen") throw new Refusal(404, "Page not found", NOT_FOUND_MESSAGE);
  c.set("kitchen", result.kitchen);
  if (result.user) await rememberCurrentKitchen(c.var.db, result.user, result.kitchen.id);
  return { kitchen: result.kitchen, data: result.data };
}

export function requireKitchenRole(role: Role): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!roleAllows(c.var.kitchen.role, role)) {
      throw new Refusal(403, "Admins only", `This page is for ${c.var.kitchen.name}'s admins. Ask one of them if you need a change here.`);
    }
    await next();
  });
}

/**
 * Who an API call claims to be: a bearer token wins over the session cookie, and a bad token
 * is never ignored in favour of the cookie. Checked against D1 by the caller's read.
 */
async function apiCredential(c: Context<AppEnv>): Promise<CallerCredential> {
  const authorization = c.req.header("authorization");
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const hash = match ? await apiTokenHash(match[1]!) : null;
    if (hash === null) throw invalidToken();
    return { kind: "token", tokenHash: hash, slug: c.req.header(KITCHEN_HEADER)?.trim() || null };
  }
  const token = sessionToken(c);
  if (!token) throw notSignedIn();
  // A session of several kitchens names the one it means; without the header, the kitchen
  // whose pages it opened last.
  return { kind: "session", tokenHash: await sha256Hex(token), slug: c.req.header(KITCHEN_HEADER)?.trim() || null };
}

const invalidToken = () => new Refusal(401, "Sign in", "The bearer token is unknown or revoked.", { "WWW-Authenticate": 'Bearer error="invalid_token"' });
const notSignedIn = () => new Refusal(401, "Sign in", "Sign in, or send Authorization: Bearer <token>.", { "WWW-Authenticate": "Bearer" });

/** Who an API call acts for, from its read: refusals for a bad credential or a kitchen not theirs; the token's use recorded. */
function settleApiCaller<T>(c: Context<AppEnv>, credential: CallerCredential, result: CallerReadResult<T>): T {
  if (result.outcome === "signed-out") {
    if (credential.kind === "token") throw invalidToken();
    dropSessionCookie(c);
    throw notSignedIn();
  }
  const named = credential.slug ?? "";
  if (result.outcome === "no-kitchen") {
    if (result.token) throw new Refusal(403, "Not allowed", `This token belongs to the kitchen ${result.token.kitchen.slug}, not ${named.slice(0, 60)}.`);
    if (named) throw new Refusal(404, "No such kitchen", `You are not a member of a kitchen ${named.slice(0, 60)}.`);
    throw new Refusal(403, "No kitchen", "Your account is not a member of any kitchen.");
  }
  const { kitchen, token, user } = result;
  if (token) {
    const touch = touchApiToken(c.var.db, token, c.var.now);
    if (touch) c.executionCtx.waitUntil(touch);
  }
  c.set("user", user);
  c.set("apiCaller", { kitchen, via: token ? "token" : "session", userId: user?.userId ?? null, apiTokenId: token?.tokenId ?? null });
  return result.data;
}

/** Who an API call acts for, read on its own (one statement): refused as above, else set for the route. */
export async function checkApiCaller(c: Context<AppEnv>): Promise<void> {
  const credential = await apiCredential(c);
  settleApiCaller(c, credential, await readCaller(c.var.db, credential, c.var.now));
}

export const requireApiCaller = createMiddleware<AppEnv>(async (c, next) => {
  await checkApiCaller(c);
  await next();
});

/** An API call's view read together with its caller in one batch (see caller-read.ts), without the session middleware. */
export async function readApiView<T>(c: Context<AppEnv>, view: (kitchen: ScopedKitchen) => BatchRead<T>): Promise<T> {
  const credential = await apiCredential(c);
  return settleApiCaller(c, credential, await readAsCaller(c.var.db, credential, c.var.now, view));
}

export function requireApiRole(role: Role): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!roleAllows(c.var.apiCaller.kitchen.role, role)) throw new Refusal(403, "Not allowed", `This needs the ${role} role in ${c.var.apiCaller.kitchen.slug}.`);
    await next();
  });
}
