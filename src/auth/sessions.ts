// Cookie sessions. The cookie holds a random token; D1 holds its SHA-256 with an idle
// expiry (12 h, pushed forward as the user works) and an absolute one (30 days).
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { kitchens, memberships, newbookConnections, resosConnections, sessions, syncSettings, users, type Role } from "../db/schema";
import type { Kitchen } from "../domain/kitchen";
import { DEFAULT_DAYS_AHEAD, DEFAULT_SYNC_INTERVAL_MINUTES } from "../domain/sync-schedule";
import { newSessionToken, sha256Hex } from "./tokens";

export const SESSION_COOKIE = "kr_session";

/**
 * The session cookie's name for a request: over https with the `__Host-` prefix, which a
 * browser only takes from this very host, Secure, for every path, so no other site (a
 * sibling subdomain) can set or shadow it. Local http development keeps the plain name.
 */
export function sessionCookieName(url: string): string {
  return hostOnlyCookieName(SESSION_COOKIE, url);
}

/** A cookie's name for a request: `__Host-` prefixed over https (this host only, Secure, every path), plain on local http. */
export function hostOnlyCookieName(name: string, url: string): string {
  return new URL(url).protocol === "https:" ? `__Host-${name}` : name;
}
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
// The idle expiry is pushed forward at most this often, so most requests read without writing.
const IDLE_REFRESH_AFTER_MS = 5 * 60 * 1000;

export interface KitchenMembership extends Kitchen {
  role: Role;
  /** The kitchen's sync status mirror: the banner on its pages, and the nights "Sync now" covers. */
  sync: KitchenSyncMirror;
}

/** What a kitchen page needs to tell whether the sync is failing or the data is stale. */
export interface KitchenSyncMirror {
  /** Newbook is connected: the stays a run syncs. */
  connected: boolean;
  /** resOS is connected too: a run syncs its table bookings after the stays. */
  tablesConnected: boolean;
  enabled: boolean;
  intervalMinutes: number;
  daysAhead: number;
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  enabledSince: string | null;
  lastError: string | null;
}

/** The columns of a kitchen with its schedule mirror, for a query that left-joins sync_settings, newbook_connections and resos_connections. */
export const kitchenColumns = {
  // Named apart from the other tables' ids: D1's batch answers rows by column name.
  kitchenId: sql<number>`${kitchens.id}`.as("kitchen_id"),
  kitchenSlug: kitchens.slug,
  kitchenName: kitchens.name,
  kitchenTimeZone: kitchens.timeZone,
  kitchenShowGuestNames: kitchens.showGuestNames,
  syncEnabled: syncSettings.enabled,
  syncInterval: syncSettings.intervalMinutes,
  syncDaysAhead: syncSettings.daysAhead,
  syncFailures: syncSettings.consecutiveFailures,
  syncLastSuccessAt: syncSettings.lastSyncAt,
  syncEnabledSince: syncSettings.enabledSince,
  syncLastError: syncSettings.lastErrorMessage,
  newbookRegion: newbookConnections.region,
  resosUpdatedAt: resosConnections.updatedAt,
};

type ColumnValue<C> = C extends { _: { data: infer D } } ? D : C extends { _: { type: infer T } } ? T : never;
type KitchenColumnValues = { [K in keyof typeof kitchenColumns]: ColumnValue<(typeof kitchenColumns)[K]> | null };

/** A membership from a row of kitchenColumns and a role; null when the row has no kitchen (a user without one). */
export function membershipOf(row: KitchenColumnValues, role: Role | null): KitchenMembership | null {
  if (row.kitchenId === null || row.kitchenSlug === null || row.kitchenName === null || row.kitchenTimeZone === null || role === null) return null;
  return {
    id: row.kitchenId,
    slug: row.kitchenSlug,
    name: row.kitchenName,
    timeZone: row.kitchenTimeZone,
    role,
    showGuestNames: row.kitchenShowGuestNames === true,
    sync: {
      connected: row.newbookRegion !== null,
      tablesConnected: row.resosUpdatedAt !== null,
      enabled: row.syncEnabled === true,
      intervalMinutes: row.syncInterval ?? DEFAULT_SYNC_INTERVAL_MINUTES,
      daysAhead: row.syncDaysAhead ?? DEFAULT_DAYS_AHEAD,
      consecutiveFailures: row.syncFailures ?? 0,
      lastSuccessAt: row.syncLastSuccessAt,
      enabledSince: row.syncEnabledSince,
      lastError: row.syncLastError,
    },
  };
}

export interface SignedInUser {
  sessionId: number;
  userId: number;
  email: string;
  currentKitchenId: number | null;
  /** Every kitchen the user belongs to, by name: tenancy checks and the kitchen switcher. */
  kitchens: KitchenMembership[];
}

export async function createSession(db: Database, userId: number, now: Date): Promise<string> {
  const token = newSessionToken();
  await db.insert(sessions).values({
    tokenHash: await sha256Hex(token),
    userId,
    createdAt: now.toISOString(),
    idleExpiresAt: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
    absoluteExpiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
  });
  return token;
}

/**
 * One query for the session, its user and all their kitchens, by the hash of the cookie's
 * token: run on its own, or as the first statement of a page's one batch.
 */
export function sessionQuery(db: Database, tokenHash: string) {
  return db
    .select({
      sessionId: sql<number>`${sessions.id}`.as("session_id"),
      userId: sql<number>`${users.id}`.as("user_id"),
      email: users.email,
      currentKitchenId: sessions.currentKitchenId,
      idleExpiresAt: sessions.idleExpiresAt,
      absoluteExpiresAt: sessions.absoluteExpiresAt,
      role: memberships.role,
      ...kitchenColumns,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(kitchens, eq(kitchens.id, memberships.kitchenId))
    .leftJoin(syncSettings, eq(syncSettings.kitchenId, kitchens.id))
    .leftJoin(newbookConnections, eq(newbookConnections.kitchenId, kitchens.id))
    .leftJoin(resosConnections, eq(resosConnections.kitchenId, kitchens.id))
    .where(eq(sessions.tokenHash, tokenHash))
    .orderBy(asc(kitchens.name));
}

export type SessionRows = Awaited<ReturnType<typeof sessionQuery>>;

/** What a session's rows say: nobody (unknown token), an expired session to delete, or the signed-in user. */
export type SessionState =
  | { kind: "none" }
  | { kind: "expired"; sessionId: number }
  | { kind: "signed-in"; user: SignedInUser; /** The idle expiry to push forward to, when it is due (at most every 5 minutes). */ refreshIdleTo: string | null };

export function sessionStateOf(rows: SessionRows, now: Date): SessionState {
  const first = rows[0];
  if (!first) return { kind: "none" };
  const nowIso = now.toISOString();
  if (first.idleExpiresAt <= nowIso || first.absoluteExpiresAt <= nowIso) return { kind: "expired", sessionId: first.sessionId };
  const idleExpiresAt = new Date(Math.min(now.getTime() + SESSION_IDLE_MS, Date.parse(first.absoluteExpiresAt)));
  const refreshDue = idleExpiresAt.getTime() - Date.parse(first.idleExpiresAt) >= IDLE_REFRESH_AFTER_MS;
  return {
    kind: "signed-in",
    refreshIdleTo: refreshDue ? idleExpiresAt.toISOString() : null,
    user: {
      sessionId: first.sessionId,
      userId: first.userId,
      email: first.email,
      currentKitchenId: first.currentKitchenId,
      kitchens: rows.flatMap((row) => membershipOf(row, row.role) ?? []),
    },
  };
}

/**
 * The writes a session's state asks for once read: an expired row is deleted on sight, a
 * working session's idle expiry pushed forward. Null when nothing is due (most requests).
 */
export function settleSession(db: Database, state: SessionState): Promise<unknown> | null {
  if (state.kind === "expired") return deleteSession(db, state.sessionId);
  if (state.kind === "signed-in" && state.refreshIdleTo !== null) {
    return db.update(sessions).set({ idleExpiresAt: state.refreshIdleTo }).where(eq(sessions.id, state.user.sessionId));
  }
  return null;
}

/** The session of a cookie's token, or null for an unknown or expired one. */
export async function loadSession(db: Database, token: string, now: Date): Promise<SignedInUser | null> {
  const state = sessionStateOf(await sessionQuery(db, await sha256Hex(token)), now);
  await settleSession(db, state);
  return state.kind === "signed-in" ? state.user : null;
}

export async function deleteSession(db: Database, sessionId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function rememberCurrentKitchen(db: Database, user: SignedInUser, kitchenId: number): Promise<void> {
  if (user.currentKitchenId === kitchenId) return;
  await db
    .update(sessions)
    .set({ currentKitchenId: kitchenId })
    .where(and(eq(sessions.id, user.sessionId), eq(sessions.userId, user.userId)));
  user.currentKitchenId = kitchenId;
}

/** The kitchen a session acts on when no slug says otherwise: the last one opened, else the first. */
export function currentKitchen(user: SignedInUser): KitchenMembership | undefined {
  return user.kitchens.find((kitchen) => kitchen.id === user.currentKitchenId) ?? user.kitchens[0];
}
