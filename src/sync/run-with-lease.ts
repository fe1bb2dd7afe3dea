// Every sync runs under the kitchen's scheduler lease: at most one run per kitchen at a
// time, and every outcome counts towards the same failure streak and backoff. Here, the
// scheduled sync of the upcoming nights, in one go; Sync now and ranges take the same
// lease a chunk at a time (queued-sync.ts).
import type { Bindings } from "../app-env";
import type { LeaseRefusal } from "../domain/sync-schedule";
import type { DateRange } from "../domain/stay-nights";
import { runKitchenSync, type SyncDependencies, type SyncOutcome, type SyncRunKind } from "./run-kitchen-sync";
import { upcomingRange } from "./sync-ranges";

export type LeasedSyncResult = { ran: true; outcome: SyncOutcome } | { ran: false; skipped: LeaseRefusal | "unknown_kitchen" };

export function schedulerFor(env: Pick<Bindings, "SYNC_SCHEDULER">, kitchenId: number) {
  return env.SYNC_SCHEDULER.get(env.SYNC_SCHEDULER.idFromName(String(kitchenId)));
}

/** Today and the next days_ahead days in the kitchen's own time zone; null for a kitchen that does not exist. */
export async function kitchenUpcomingRange(env: Bindings, kitchenId: number, now: Date): Promise<DateRange | null> {
  const row = await env.DB.prepare("SELECT k.time_zone, s.days_ahead FROM kitchens k JOIN sync_settings s ON s.kitchen_id = k.id WHERE k.id = ?")
    .bind(kitchenId)
    .first<{ time_zone: string; days_ahead: number }>();
  return row ? upcomingRange(row.time_zone, row.days_ahead, now) : null;
}

export async function runWithLease(
  env: Bindings,
  kitchenId: number,
  kind: SyncRunKind,
  deps: SyncDependencies = {},
): Promise<LeasedSyncResult> {
  const dates = await kitchenUpcomingRange(env, kitchenId, deps.now?.() ?? new Date());
  if (!dates) return { ran: false, skipped: "unknown_kitchen" };
  const scheduler = schedulerFor(env, kitchenId);
  const lease = await scheduler.begin(kitchenId, kind);
  if ("skip" in lease) return { ran: false, skipped: lease.skip };
  let outcome: SyncOutcome;
  try {
    outcome = await runKitchenSync(env, kitchenId, { ...dates, kind }, deps);
  } catch (error) {
    await scheduler.finish(lease.leaseId, { status: "failed" });
    throw error;
  }
  await scheduler.finish(lease.leaseId, { status: outcome.status, retryAfterMs: outcome.retryAfterMs });
  return { ran: true, outcome };
}
