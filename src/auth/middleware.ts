// Who is calling, and what they may see. Deny by default: kitchen pages need a membership
// (a stranger gets the same 404 as for a kitchen that does not exist), admin pages need
// the admin role, and /api needs a session or a bearer token. A refusal is thrown and
// answered by the app (a page, or the JSON error shape under /api).
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import type { Role } from "../db/schema";
import { findActiveApiToken, touchApiToken } from "./api-tokens";
import { Refusal } from "./refusal";
import { roleAllows } from "./roles";
import { currentKitchen, loadSession, rememberCurrentKitchen, sessionCookieName } from "./sessions";

export const withSession = createMiddleware<AppEnv>(async (c, next) => {
  c.set("user", null);
  const name = sessionCookieName(c.req.url);
  const token = getCookie(c, name);
  if (token) {
    const user = await loadSession(c.var.db, token, c.var.now);
    if (user) c.set("user", user);
    else deleteCookie(c, name, { path: "/", secure: name.startsWith("__Host-") });
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

export function requireKitchenRole(role: Role): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!roleAllows(c.var.kitchen.role, role)) {
      throw new Refusal(403, "Admins only", `This page is for ${c.var.kitchen.name}'s admins. Ask one of them if you need a change here.`);
    }
    await next();
  });
}

/** A bearer token wins over the session cookie; a bad token is never ignored in favour of the cookie. */
export const requireApiCaller = createMiddleware<AppEnv>(async (c, next) => {
  const authorization = c.req.header("authorization");
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const caller = match ? await findActiveApiToken(c.var.db, match[1]!) : null;
    if (!caller) throw new Refusal(401, "Sign in", "The bearer token is unknown or revoked.", { "WWW-Authenticate": 'Bearer error="invalid_token"' });
    const named = c.req.header(KITCHEN_HEADER)?.trim();
    if (named && named !== caller.kitchen.slug) throw new Refusal(403, "Not allowed", `This token belongs to the kitchen ${caller.kitchen.slug}, not ${named.slice(0, 60)}.`);
    c.set("apiCaller", { kitchen: caller.kitchen, via: "token", userId: null, apiTokenId: caller.tokenId });
    c.executionCtx.waitUntil(touchApiToken(c.var.db, caller.tokenId, c.var.now));
    return next();
  }
  const user = c.var.user;
  if (!user) throw new Refusal(401, "Sign in", "Sign in, or send Authorization: Bearer <token>.", { "WWW-Authenticate": "Bearer" });
  // A session of several kitchens names the one it means; without the header, the kitchen
  // whose pages it opened last.
  const named = c.req.header(KITCHEN_HEADER)?.trim();
  const kitchen = named ? user.kitchens.find((k) => k.slug === named) : currentKitchen(user);
  if (named && !kitchen) throw new Refusal(404, "No such kitchen", `You are not a member of a kitchen ${named.slice(0, 60)}.`);
  if (!kitchen) throw new Refusal(403, "No kitchen", "Your account is not a member of any kitchen.");
  c.set("apiCaller", { kitchen, via: "session", userId: user.userId, apiTokenId: null });
  await next();
});

export function requireApiRole(role: Role): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!roleAllows(c.var.apiCaller.kitchen.role, role)) throw new Refusal(403, "Not allowed", `This needs the ${role} role in ${c.var.apiCaller.kitchen.slug}.`);
    await next();
  });
}
