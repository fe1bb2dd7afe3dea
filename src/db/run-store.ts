// The run store: every statement that writes a kitchen's sync runs (`sync_runs`) or its
// schedule row (`sync_settings`), the reads that go with them, and the cron's due-kitchens
// query. The scheduler (the one authority on the schedule, and the only writer of its
// mirror), the run steps, the dead-letter consumer and the API call these by name; nothing
// else writes either table (a test reads the source to hold that). Statements are returned
// unexecuted where they join a caller's one D1 batch.
import { and, desc, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { DateRange } from "../domain/dates";
import type { SyncRunKind, SyncRunOutcome, SyncRunStatus } from "../domain/sync-run";
import type { Database } from "./client";
import { kitchens, newbookConnections, resosConnections, syncRuns, syncSettings } from "./schema";

export type SyncRunRow = typeof syncRuns.$inferSelect;

// ---- Runs -----------------------------------------------------------------------------------

/** A run's length in ms from its start to `finishedAt`, worked out by SQLite from the row. */
function durationUntil(finishedAt: string) {
  return sql<number>`CAST(round((julianday(${finishedAt}) - julianday(${syncRuns.startedAt})) * 86400000) AS INTEGER)`;
}

export interface OpenRun {
  kitchenId: number;
  kind: SyncRunKind;
  range: DateRange;
  stepsTotal: number;
  startedAt: string;
}

/** A new run's row, "running", with its id returned. */
export function openRunQuery(db: Database, run: OpenRun) {
  return db
    .insert(syncRuns)
    .values({
      kitchenId: run.kitchenId,
      kind: run.kind,
      status: "running",
      dateFrom: run.range.from,
      dateTo: run.range.to,
      startedAt: run.startedAt,
      chunksTotal: run.stepsTotal,
    })
    .returning({ id: syncRuns.id });
}

/**
 * Closes every run of the kitchen still marked running: called as a new lease is taken, when
 * the kitchen holds none, so a row whose holder vanished before the scheduler knew of it
 * (a crash between opening it and recording the lease) never stays "running".
 */
export function closeOrphanedRunsQuery(db: Database, kitchenId: number, finishedAt: string, error: string) {
  return db
    .update(syncRuns)
    .set({ status: "failed", finishedAt, durationMs: durationUntil(finishedAt), errorMessage: sql`coalesce(${syncRuns.errorMessage}, ${error})` })
    .where(and(eq(syncRuns.kitchenId, kitchenId), eq(syncRuns.status, "running")));
}

export interface StepProgress {
  /** How far the run got: set by a step that was written, left as it is by one whose source failed. */
  stepsDone: number | null;
  apiCalls: number;
  recordsFetched: number;
  rowsWritten: number;
  warnings: number;
  /** Up to ten warnings as JSON; kept from the first step that had any. */
  warningSamples: string | null;
  /** Why the step's source failed; the run keeps the first such reason. */
  error: string | null;
}

/** A step's counts added to its run, in the step's own write batch. */
export function recordStepQuery(db: Database, runId: number, step: StepProgress) {
  return db
    .update(syncRuns)
    .set({
      ...(step.stepsDone === null ? {} : { chunksDone: step.stepsDone }),
      apiCalls: sql`${syncRuns.apiCalls} + ${step.apiCalls}`,
      recordsFetched: sql`${syncRuns.recordsFetched} + ${step.recordsFetched}`,
      rowsWritten: sql`${syncRuns.rowsWritten} + ${step.rowsWritten}`,
      warnings: sql`${syncRuns.warnings} + ${step.warnings}`,
      warningSamples: sql`coalesce(${syncRuns.warningSamples}, ${step.warningSamples})`,
      errorMessage: sql`coalesce(${syncRuns.errorMessage}, ${step.error})`,
    })
    .where(eq(syncRuns.id, runId));
}

/** Ends a run that is still running: its outcome, when, how long it took, and why it failed. A closed run is left alone. */
export function closeRunQuery(db: Database, runId: number, end: { status: SyncRunOutcome; finishedAt: string; error: string | null }) {
  return db
    .update(syncRuns)
    .set({
      status: end.status,
      finishedAt: end.finishedAt,
      durationMs: durationUntil(end.finishedAt),
      errorMessage: sql`coalesce(${syncRuns.errorMessage}, ${end.error})`,
    })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, "running")));
}

/** A run that never ran, recorded as failed so that nothing vanishes silently (a dead letter). */
export function recordUnrunQuery(db: Database, run: { kitchenId: number; kind: SyncRunKind; range: DateRange; at: string; error: string }) {
  return db.insert(syncRuns).values({
    kitchenId: run.kitchenId,
    kind: run.kind,
    status: "failed",
    dateFrom: run.range.from,
    dateTo: run.range.to,
    startedAt: run.at,
    finishedAt: run.at,
    durationMs: 0,
    chunksDone: 0,
    errorMessage: run.error,
  });
}

export async function getRun(db: Database, kitchenId: number, runId: number): Promise<SyncRunRow | undefined> {
  const [row] = await db.select().from(syncRuns).where(and(eq(syncRuns.kitchenId, kitchenId), eq(syncRuns.id, runId)));
  return row;
}

export async function listRuns(db: Database, kitchenId: number, limit: number): Promise<SyncRunRow[]> {
  return db.select().from(syncRuns).where(eq(syncRuns.kitchenId, kitchenId)).orderBy(desc(syncRuns.id)).limit(limit);
}

// ---- The schedule row -----------------------------------------------------------------------

/** What an admin sets. */
export interface ScheduleSettings {
  enabled: boolean;
  intervalMinutes: number;
  daysAhead: number;
  alertWebhookUrl: string | null;
}

/** The scheduler's state as D1 mirrors it for pages, the cron fan-out and admins. */
export interface ScheduleMirror {
  consecutiveFailures: number;
  nextDueAt: string | null;
  enabledSince: string | null;
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  lastSyncStatus: SyncRunStatus | null;
  lastErrorMessage: string | null;
}

/** The mirror of the scheduler's state, all of it: writing it twice is harmless. */
export function mirrorQuery(db: Database, kitchenId: number, mirror: ScheduleMirror) {
  return db.update(syncSettings).set(mirror).where(eq(syncSettings.kitchenId, kitchenId));
}

/** An admin's settings with the mirror they lead to, in one statement. */
export function scheduleQuery(db: Database, kitchenId: number, settings: ScheduleSettings, mirror: ScheduleMirror) {
  return db
    .update(syncSettings)
    .set({ ...mirror, enabled: settings.enabled, intervalMinutes: settings.intervalMinutes, daysAhead: settings.daysAhead, alertWebhookUrl: settings.alertWebhookUrl })
    .where(eq(syncSettings.kitchenId, kitchenId));
}

export type ScheduleRow = typeof syncSettings.$inferSelect;

/** The kitchen's schedule row: what the scheduler starts from on first use, and what the API shows. */
export async function getSchedule(db: Database, kitchenId: number): Promise<ScheduleRow | undefined> {
  const [row] = await db.select().from(syncSettings).where(eq(syncSettings.kitchenId, kitchenId));
  return row;
}

/** What an alert says about the kitchen: its name, and where the webhook goes. */
export async function alertFacts(db: Database, kitchenId: number) {
  const [row] = await db
    .select({ slug: kitchens.slug, name: kitchens.name, webhookUrl: syncSettings.alertWebhookUrl })
    .from(kitchens)
    .innerJoin(syncSettings, eq(syncSettings.kitchenId, kitchens.id))
    .where(eq(kitchens.id, kitchenId));
  return row;
}

// ---- The cron's one query -------------------------------------------------------------------

/**
 * Kitchens whose scheduled sync is due: enabled, connected to Newbook, and next_due_at
 * reached or never set; with what their run's nights follow from.
 */
export function dueKitchens(db: Database, now: Date) {
  return db
    .select({
      kitchenId: syncSettings.kitchenId,
      timeZone: kitchens.timeZone,
      daysAhead: syncSettings.daysAhead,
      resosConnected: sql<boolean>`${resosConnections.kitchenId} IS NOT NULL`.mapWith(Boolean),
    })
    .from(syncSettings)
    .innerJoin(kitchens, eq(kitchens.id, syncSettings.kitchenId))
    .innerJoin(newbookConnections, eq(newbookConnections.kitchenId, syncSettings.kitchenId))
    .leftJoin(resosConnections, eq(resosConnections.kitchenId, syncSettings.kitchenId))
    .where(and(eq(syncSettings.enabled, true), or(isNull(syncSettings.nextDueAt), lte(syncSettings.nextDueAt, now.toISOString()))));
}
