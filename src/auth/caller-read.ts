// A signed-in view in ONE D1 round trip: the caller's own statement (the session with its
// user and kitchens, or the API token with its kitchen) and the view's statements go into
// one batch. The view's statements cannot wait for the caller to be known, so each names
// its kitchen through a subquery that yields the kitchen's id only while the credential may
// read it (a live session of a member, or an active token of that kitchen): a bad session
// or a foreign kitchen reads nothing, whatever the view asked for.
//
// Building the view's statements needs a little of the kitchen first (which one, its time
// zone for "today", whether it shows names and so logs the view). This isolate remembers
// that per credential as a hint; the subquery only matches while the hint is still true, and
// the caller's statement in the same batch says what is true. A hint missing or out of date
// (the first view in this isolate, a kitchen whose settings changed) costs one more round
// trip, never a wrong or foreign read.
import { and, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import { runBatch, type BatchRead, type Database, type KitchenRef } from "../db/client";
import { apiTokens, kitchens, memberships, sessions } from "../db/schema";
import { RecentlyUsed } from "../domain/recently-used";
import { apiTokenQuery, tokenCallerOf, type TokenCaller } from "./api-tokens";
import { currentKitchen, sessionQuery, sessionStateOf, settleSession, type KitchenMembership, type SessionState, type SignedInUser } from "./sessions";

/** Who is calling, by the hash of their secret, and which of their kitchens they mean. */
export type CallerCredential =
  /** A session: `slug` names the kitchen (a page's, or an API call's X-Kitchen); null means the session's current kitchen. */
  | { kind: "session"; tokenHash: string; slug: string | null }
  /** An API token: it acts on its own kitchen only; `slug` is the one an X-Kitchen header names, if any. */
  | { kind: "token"; tokenHash: string; slug: string | null };

/** What a view's statements are built from: the kitchen as far as the hint knows it, and who is looking. */
export type ScopedKitchen = KitchenRef & Omit<KitchenHint, "kitchenId">;

export type CallerReadResult<T> =
  | { outcome: "signed-out" }
  /** Signed in, but no kitchen of theirs is the one asked for. */
  | { outcome: "no-kitchen"; user: SignedInUser | null; token: TokenCaller | null }
  | { outcome: "read"; user: SignedInUser | null; token: TokenCaller | null; kitchen: KitchenMembership; data: T };

/** What this isolate believes of a credential's kitchen: checked by every statement built from it. */
export interface KitchenHint {
  kitchenId: number;
  timeZone: string;
  showGuestNames: boolean;
  userId: number | null;
  apiTokenId: number | null;
}

// Hints by credential and kitchen asked for: a few numbers each, and no secret (hashes only).
const hints = new RecentlyUsed<string, KitchenHint>(1000);

const hintKey = (credential: CallerCredential) => `${credential.kind === "session" ? "s" : "t"}.${credential.tokenHash}.${credential.slug ?? ""}`;

const sameHint = (a: KitchenHint, b: KitchenHint) =>
  a.kitchenId === b.kitchenId && a.timeZone === b.timeZone && a.showGuestNames === b.showGuestNames && a.userId === b.userId && a.apiTokenId === b.apiTokenId;

/**
 * The kitchen's id while the credential may read it AS the hint describes it, else nothing:
 * the session live and its user a member (of the kitchen with that slug, when one is named),
 * or the token active and the kitchen's own.
 */
function scopeSql(credential: CallerCredential, hint: KitchenHint, now: Date): SQL<number> {
  const kitchenAsHinted = and(eq(kitchens.id, hint.kitchenId), eq(kitchens.timeZone, hint.timeZone), eq(kitchens.showGuestNames, hint.showGuestNames));
  if (credential.kind === "token") {
    return sql<number>`(select ${apiTokens.kitchenId} from ${apiTokens} join ${kitchens} on ${kitchens.id} = ${apiTokens.kitchenId} where ${and(
      eq(apiTokens.tokenHash, credential.tokenHash),
      isNull(apiTokens.revokedAt),
      eq(apiTokens.id, hint.apiTokenId ?? -1),
      credential.slug === null ? undefined : eq(kitchens.slug, credential.slug),
      kitchenAsHinted,
    )})`;
  }
  // A live session as sessionStateOf (sessions.ts) reads it: both expiries still ahead.
  const nowIso = now.toISOString();
  return sql<number>`(select ${memberships.kitchenId} from ${sessions} join ${memberships} on ${memberships.userId} = ${sessions.userId} join ${kitchens} on ${kitchens.id} = ${memberships.kitchenId} where ${and(
    eq(sessions.tokenHash, credential.tokenHash),
    gt(sessions.idleExpiresAt, nowIso),
    gt(sessions.absoluteExpiresAt, nowIso),
    eq(sessions.userId, hint.userId ?? -1),
    credential.slug === null ? undefined : eq(kitchens.slug, credential.slug),
    kitchenAsHinted,
  )})`;
}

/** The kitchen as a view's statements see it under a hint: nothing at all unless credential and hint hold. */
export function scopedKitchen(credential: CallerCredential, hint: KitchenHint, now: Date): ScopedKitchen {
  const { kitchenId, ...seen } = hint;
  return { id: kitchenId, sql: scopeSql(credential, hint, now), ...seen };
}

interface CallerTruth {
  session: SessionState | null;
  user: SignedInUser | null;
  token: TokenCaller | null;
  kitchen: KitchenMembership | null;
}

function callerTruth(credential: CallerCredential, rows: unknown, now: Date): CallerTruth {
  if (credential.kind === "token") {
    const token = tokenCallerOf(rows as Awaited<ReturnType<typeof apiTokenQuery>>);
    // A token naming another kitchen than its own means none.
    const kitchen = token !== null && (credential.slug === null || credential.slug === token.kitchen.slug) ? token.kitchen : null;
    return { session: null, user: null, token, kitchen };
  }
  const session = sessionStateOf(rows as Awaited<ReturnType<typeof sessionQuery>>, now);
  const user = session.kind === "signed-in" ? session.user : null;
  const kitchen = user === null ? null : ((credential.slug === null ? currentKitchen(user) : user.kitchens.find((k) => k.slug === credential.slug)) ?? null);
  return { session, user, token: null, kitchen };
}

const hintOf = (truth: CallerTruth, kitchen: KitchenMembership): KitchenHint => ({
  kitchenId: kitchen.id,
  timeZone: kitchen.timeZone,
  showGuestNames: kitchen.showGuestNames,
  userId: truth.user?.userId ?? null,
  apiTokenId: truth.token?.tokenId ?? null,
});

/** The caller alone, in one statement: for a request that reads nothing of a kitchen in the same breath. */
export async function readCaller(db: Database, credential: CallerCredential, now: Date): Promise<CallerReadResult<null>> {
  const rows = await (credential.kind === "session" ? sessionQuery(db, credential.tokenHash) : apiTokenQuery(db, credential.tokenHash));
  const truth = callerTruth(credential, rows, now);
  if (truth.session !== null) await settleSession(db, truth.session);
  if (truth.user === null && truth.token === null) return { outcome: "signed-out" };
  if (truth.kitchen === null) return { outcome: "no-kitchen", user: truth.user, token: truth.token };
  hints.set(hintKey(credential), hintOf(truth, truth.kitchen));
  return { outcome: "read", user: truth.user, token: truth.token, kitchen: truth.kitchen, data: null };
}

// Two tries are enough unless the kitchen changes between them; past this, something is wrong.
const MAX_TRIES = 3;

/**
 * Reads `view` (built for the kitchen the credential means) together with the caller, in one
 * batch when this isolate's hint holds. A session's due writes (an expired row deleted, the
 * idle expiry pushed forward) follow in a second round trip, only when due.
 */
export async function readAsCaller<T>(db: Database, credential: CallerCredential, now: Date, view: (kitchen: ScopedKitchen) => BatchRead<T>): Promise<CallerReadResult<T>> {
  const key = hintKey(credential);
  // A session that names no kitchen means its current one, which any page it opens may
  // change: its kitchen is read first, never guessed, so no view is read (or logged) for
  // a kitchen it no longer means.
  let hint = credential.kind === "session" && credential.slug === null ? undefined : hints.get(key);
  let settled = false;
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const plan = hint === undefined ? null : view(scopedKitchen(credential, hint, now));
    const callerStatement = credential.kind === "session" ? sessionQuery(db, credential.tokenHash) : apiTokenQuery(db, credential.tokenHash);
    const [callerRows, ...viewResults] = await runBatch(db, [callerStatement, ...(plan?.statements ?? [])]);
    const truth = callerTruth(credential, callerRows, now);
    if (truth.session !== null && !settled) {
      settled = true;
      await settleSession(db, truth.session);
    }
    if (truth.user === null && truth.token === null) return { outcome: "signed-out" };
    if (truth.kitchen === null) return { outcome: "no-kitchen", user: truth.user, token: truth.token };
    const actual = hintOf(truth, truth.kitchen);
    if (plan !== null && hint !== undefined && sameHint(hint, actual)) {
      return { outcome: "read", user: truth.user, token: truth.token, kitchen: truth.kitchen, data: plan.read(viewResults) };
    }
    hints.set(key, actual);
    hint = actual;
    // A view that reads nothing of the kitchen (its caller's query says all it needs) is answered now.
    const nothingToRead = view(scopedKitchen(credential, hint, now));
    if (nothingToRead.statements.length === 0) {
      return { outcome: "read", user: truth.user, token: truth.token, kitchen: truth.kitchen, data: nothingToRead.read([]) };
    }
  }
  throw new Error("The kitchen's settings kept changing while its page was read.");
}
