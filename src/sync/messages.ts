// What the sync queue carries. Every run goes through it, whoever started it.
// - "scheduled": the cron's word that a kitchen is due, with what its nights follow from;
//   the consumer asks the kitchen's scheduler to start a run.
// - "step": the next step of a run that holds the kitchen's lease: which run, which lease,
//   which step (0-based), the sources that have failed in it so far and what it did so far.
import * as z from "zod";
import { MAX_DAYS_AHEAD } from "../domain/sync-schedule";
import { SYNC_SOURCES } from "../domain/sync-run";

const kitchenId = z.number().int().positive();

export const ScheduledMessage = z.object({
  kind: z.literal("scheduled"),
  kitchenId,
  timeZone: z.string().min(1).max(100),
  daysAhead: z.number().int().min(1).max(MAX_DAYS_AHEAD),
  /** resOS is connected: the run syncs its tables too. Absent in messages queued before resOS joined. */
  resosConnected: z.boolean().optional(),
});
export type ScheduledMessage = z.infer<typeof ScheduledMessage>;

export const SourceFailure = z.object({
  source: z.enum(SYNC_SOURCES),
  error: z.string().max(2000),
  retryAfterMs: z.number().nonnegative().optional(),
});
export type SourceFailure = z.infer<typeof SourceFailure>;

const count = z.number().int().nonnegative();

export const StepMessage = z.object({
  kind: z.literal("step"),
  kitchenId,
  runId: z.number().int().positive(),
  leaseId: z.string().min(1).max(100),
  step: z.number().int().min(0),
  failed: z.array(SourceFailure).max(SYNC_SOURCES.length),
  /** The steps before this one, summed: for the run's sync_finished line. */
  totals: z.object({ apiCalls: count, recordsFetched: count, rowsWritten: count, warnings: count }),
});
export type StepMessage = z.infer<typeof StepMessage>;

export const SyncMessage = z.discriminatedUnion("kind", [ScheduledMessage, StepMessage]);
export type SyncMessage = z.infer<typeof SyncMessage>;
