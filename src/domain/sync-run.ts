// What a sync run is. Every run, whoever starts it, is the same thing: a list of sources
// (Newbook, then resOS when the kitchen has connected it) times the date chunks of its range,
// taken one step at a time under the kitchen's lease. A step is one source's one chunk,
// written atomically on its own. A
// source that fails is not asked again in this run and keeps its previous rows; the others
// go on. Pure: the plan and the outcome follow from the range, the sources and which failed.
import { splitIntoChunks } from "./date-range";
import type { DateRange } from "./dates";

/** Who asked: the schedule (cron), an admin's "Sync now", or an admin's range of nights. */
export const SYNC_RUN_KINDS = ["scheduled", "manual", "historical"] as const;
export type SyncRunKind = (typeof SYNC_RUN_KINDS)[number];

/** `partial`: some sources failed and kept their previous rows, the others were written. */
export const SYNC_RUN_STATUSES = ["running", "success", "partial", "failed", "cancelled"] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];
export type SyncRunOutcome = Exclude<SyncRunStatus, "running">;

/** Where a run's data comes from, in the order a chunk asks them: stays first, then the tables that link to them. */
export const SYNC_SOURCES = ["newbook", "resos"] as const;
export type SyncSource = (typeof SYNC_SOURCES)[number];

/** The sources a kitchen's run asks: Newbook always (a run without it is refused at its first step), resOS once connected. */
export function sourcesFor(connected: { resos: boolean }): SyncSource[] {
  return connected.resos ? ["newbook", "resos"] : ["newbook"];
}

export interface RunPlan {
  range: DateRange;
  sources: readonly SyncSource[];
  chunks: DateRange[];
}

/** One step of a run: which source, which chunk of nights. */
export interface RunStep {
  index: number;
  source: SyncSource;
  chunk: DateRange;
  /** 0 for the run's first chunk: where a source fetches what is not per night (the rooms). */
  chunkIndex: number;
}

export function planRun(range: DateRange, sources: readonly SyncSource[]): RunPlan {
  if (sources.length === 0) throw new RangeError("a run needs at least one source");
  return { range, sources, chunks: splitIntoChunks(range) };
}

/** Steps in all: each chunk asks every source, chunk by chunk, so a chunk's nights are complete before the next. */
export function stepCount(plan: RunPlan): number {
  return plan.chunks.length * plan.sources.length;
}

export function stepAt(plan: RunPlan, index: number): RunStep | null {
  if (!Number.isInteger(index) || index < 0 || index >= stepCount(plan)) return null;
  const chunkIndex = Math.floor(index / plan.sources.length);
  return { index, source: plan.sources[index % plan.sources.length]!, chunk: plan.chunks[chunkIndex]!, chunkIndex };
}

/** The step after `index` whose source has not failed in this run, or null when the run is over. */
export function nextStep(plan: RunPlan, index: number, failed: readonly SyncSource[]): number | null {
  for (let next = index + 1; next < stepCount(plan); next++) {
    if (!failed.includes(stepAt(plan, next)!.source)) return next;
  }
  return null;
}

/** How a run that went through all its steps ended, from the sources that failed in it. */
export function runOutcome(plan: RunPlan, failed: readonly SyncSource[]): "success" | "partial" | "failed" {
  const failedSources = plan.sources.filter((source) => failed.includes(source));
  if (failedSources.length === 0) return "success";
  return failedSources.length === plan.sources.length ? "failed" : "partial";
}

/**
 * The nights of a chunk a run may write: days before the kitchen's today are locked
 * actuals, rewritten only by a range (historical) run. A run that crosses midnight leaves
 * the day just ended alone. Empty (from after to) when the whole chunk is locked.
 */
export function writableNights(kind: SyncRunKind, chunk: DateRange, today: string): DateRange {
  return kind === "historical" || chunk.from >= today ? chunk : { from: today, to: chunk.to };
}

/** What a run did, summed over its steps. */
export interface RunTotals {
  apiCalls: number;
  recordsFetched: number;
  rowsWritten: number;
  warnings: number;
}

export const NO_TOTALS: RunTotals = { apiCalls: 0, recordsFetched: 0, rowsWritten: 0, warnings: 0 };

export function addTotals(a: RunTotals, b: RunTotals): RunTotals {
  return {
    apiCalls: a.apiCalls + b.apiCalls,
    recordsFetched: a.recordsFetched + b.recordsFetched,
    rowsWritten: a.rowsWritten + b.rowsWritten,
    warnings: a.warnings + b.warnings,
  };
}
