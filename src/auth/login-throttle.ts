// Slows password guessing: after MAX_FAILURES wrong passwords for one email within the
// window, sign-in for that email answers 429 until the oldest failure leaves the window.
import { and, count, eq, gt, lt, min } from "drizzle-orm";
import type { Database } from "../db/client";
import { loginFailures } from "../db/schema";

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** Null when sign-in may proceed, else the instant the email may try again. */
export async function throttledUntil(db: Database, email: string, now: Date): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  const [row] = await db
    .select({ failures: count(), oldest: min(loginFailures.failedAt) })
    .from(loginFailures)
    .where(and(eq(loginFailures.email, email), gt(loginFailures.failedAt, windowStart)));
  if (!row || row.failures < MAX_FAILURES || !row.oldest) return null;
  return new Date(Date.parse(row.oldest) + FAILURE_WINDOW_MS);
}

export async function recordLoginFailure(db: Database, email: string, now: Date): Promise<void> {
  const expired = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  await db.batch([
    db.delete(loginFailures).where(lt(loginFailures.failedAt, expired)),
    db.insert(loginFailures).values({ email, failedAt: now.toISOString() }),
  ]);
}

export async function clearLoginFailures(db: Database, email: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.email, email));
}
