// A run's sources: each turns one chunk of nights into the statements that replace its rows,
// through pure domain code, and says in words when it could not. A source's failure is an
// answer, not a throw: the run records it and goes on with the other sources. A throw means
// our own platform failed, and ends the run.
import type { Bindings } from "../app-env";
import type { BatchStatement, Database } from "../db/client";
import type { DateRange } from "../domain/dates";
import type { StayWarning } from "../domain/stay-nights";
import type { SyncSource } from "../domain/sync-run";
import type { FetchFunction } from "../newbook/client";
import type { CallSlots } from "../net/call-slots";
import { newbookStep } from "./newbook-source";
import { resosStep } from "./resos-source";
import type { RunContext } from "./run-context";

/** Seams for tests and benchmarks; production passes none. */
export interface SyncDependencies {
  now?: () => Date;
  /** Newbook's fetch. */
  fetch?: FetchFunction;
  /** resOS's fetch. */
  resosFetch?: FetchFunction;
  timeoutMs?: number;
  /** Both clients' call slots, instead of the shared limiter's at the APIs' own rates. */
  pacer?: CallSlots;
  pageSize?: number;
}

export interface SourceStepInput {
  env: Bindings;
  db: Database;
  kitchenId: number;
  runId: number;
  context: RunContext;
  /** The step's nights, without the locked past days unless the run is a range. */
  nights: DateRange;
  /** The run's first chunk: where a source also fetches what is not per night (the rooms). */
  firstChunk: boolean;
  now: () => Date;
  deps: SyncDependencies;
}

export type SourceStepResult =
  | { ok: true; statements: BatchStatement[]; apiCalls: number; recordsFetched: number; rowsWritten: number; warnings: StayWarning[] }
  | { ok: false; error: string; retryAfterMs?: number | undefined; apiCalls: number };

export type SourceStep = (input: SourceStepInput) => Promise<SourceStepResult>;

export const SOURCE_STEPS: Record<SyncSource, SourceStep> = {
  newbook: newbookStep,
  resos: resosStep,
};
