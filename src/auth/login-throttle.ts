// Slows password guessing, counted atomically. Every sign-in first claims an attempt with
// ONE statement that inserts it only while fewer than the limits are in the window, so
// parallel requests cannot all read "4 so far" and all go ahead: D1 runs writes one after
// another. The attempt stays as a failure unless the password was right.
//   - Per email AND client address: MAX_FAILURES wrong passwords for one email from one
//     place pause that pair. Someone who knows the chef's email and tries from elsewhere
//     locks only themselves out; the chef signs in from the kitchen as usual.
//   - Per client address, across every email: MAX_CLIENT_FAILURES, a higher limit, slows
//     one password sprayed over many emails.
import { and, eq, gt, lt, min, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { loginFailures } from "../db/schema";

export const MAX_FAILURES = 5;
export const MAX_CLIENT_FAILURES = 30;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** The client's address as Cloudflare gives it; "" where there is none (local development). */
export function clientAddress(header: (name: string) => string | undefined): string {
  return (header("cf-connecting-ip") ?? "").trim().slice(0, 64);
}

export type AttemptClaim =
  /** May go on: `attemptId` is the attempt, a failure unless cleared. */
  | { ok: true; attemptId: number; failuresBefore: number }
  /** Paused until `until`. */
  | { ok: false; until: Date };

export async function claimSignInAttempt(db: Database, email: string, client: string, now: Date): Promise<AttemptClaim> {
  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  const pairCount = sql`(SELECT count(*) FROM ${loginFailures} WHERE ${loginFailures.email} = ${email} AND ${loginFailures.client} = ${client} AND ${loginFailures.failedAt} > ${windowStart})`;
  const clientCount = sql`(SELECT count(*) FROM ${loginFailures} WHERE ${loginFailures.client} = ${client} AND ${loginFailures.failedAt} > ${windowStart})`;
  // One batch, one transaction: the failures so far, then the claim.
  const [, before, claimed] = await db.batch([
    db.delete(loginFailures).where(lt(loginFailures.failedAt, windowStart)),
    db
      .select({ failures: sql<number>`count(*)` })
      .from(loginFailures)
      .where(and(eq(loginFailures.email, email), eq(loginFailures.client, client), gt(loginFailures.failedAt, windowStart))),
    db
      .insert(loginFailures)
      // The id first: NULL, so SQLite numbers the row.
      .select(sql`SELECT NULL, ${email}, ${client}, ${now.toISOString()} WHERE ${pairCount} < ${MAX_FAILURES} AND ${clientCount} < ${MAX_CLIENT_FAILURES}`)
      .returning({ id: loginFailures.id }),
  ]);
  const attempt = claimed[0];
  if (attempt) return { ok: true, attemptId: attempt.id, failuresBefore: before[0]?.failures ?? 0 };
  return { ok: false, until: await pausedUntil(db, email, client, windowStart) };
}

/** When the pause ends: when enough of the failures that cause it have left the window. */
async function pausedUntil(db: Database, email: string, client: string, windowStart: string): Promise<Date> {
  const [pair, any] = await db.batch([
    db.select({ oldest: min(loginFailures.failedAt) }).from(loginFailures).where(and(eq(loginFailures.email, email), eq(loginFailures.client, client), gt(loginFailures.failedAt, windowStart))),
    db.select({ oldest: min(loginFailures.failedAt) }).from(loginFailures).where(and(eq(loginFailures.client, client), gt(loginFailures.failedAt, windowStart))),
  ]);
  const oldest = pair[0]?.oldest ?? any[0]?.oldest ?? windowStart;
  return new Date(Date.parse(oldest) + FAILURE_WINDOW_MS);
}

/** A right password: this pair's failures (the attempt among them) are forgotten. */
export async function clearLoginFailures(db: Database, email: string, client: string): Promise<void> {
  await db.delete(loginFailures).where(and(eq(loginFailures.email, email), eq(loginFailures.client, client)));
}
