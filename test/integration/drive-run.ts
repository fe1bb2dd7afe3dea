// A run from start to end on the production path, for workerd tests and benchmarks: startRun,
// then consumeStep for every step message it sends, with the caller's seams (its clock, its
// simulator, its pacer, a counting D1). The scheduler Durable Object and D1 are the real ones;
// each step message is handed straight on rather than waiting for the queue's delivery,
// which the end-to-end tests cover.
import type { Bindings } from "../../src/app-env";
import type { RunRequest } from "../../src/scheduler/kitchen-sync-scheduler";
import type { StepMessage } from "../../src/sync/messages";
import { startRun } from "../../src/sync/run-control";
import { consumeStep } from "../../src/sync/run-step";
import type { SyncDependencies } from "../../src/sync/sources";

/** The run's id once it has ended. */
export async function driveRun(env: Bindings, request: RunRequest, deps: SyncDependencies = {}): Promise<number> {
  const sent: StepMessage[] = [];
  const handOn: Bindings = { ...env, SYNC_QUEUE: { send: async (body: StepMessage) => void sent.push(body) } as unknown as Queue };
  const started = await startRun(handOn, request);
  if (!started.started) throw new Error(`kitchen ${request.kitchenId}: the run did not start (${started.reason})`);
  for (let message = sent.shift(); message; message = sent.shift()) await consumeStep(handOn, message, deps);
  return started.runId;
}
