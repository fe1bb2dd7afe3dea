import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../app-env";
import { database, runBatch, type BatchStatement } from "../db/client";
import {
  alertFacts,
  closeOrphanedRunsQuery,
  closeRunQuery,
  getSchedule,
  mirrorQuery,
  openRunQuery,
  scheduleQuery,
  type ScheduleMirror,
  type ScheduleSettings,
} from "../db/run-store";
import type { DateRange } from "../domain/dates";
import {
  alertTransition,
  DEFAULT_SYNC_INTERVAL_MINUTES,
  isSyncInterval,
  leaseDecision,
  leaseExpiresAt,
  nextDueAfterRun,
  nextDueAfterSettingsChange,
  type LeaseRefusal,
} from "../domain/sync-schedule";
import { planRun, stepCount, type RunTotals, type SyncRunKind, type SyncRunOutcome, type SyncRunStatus, type SyncSource } from "../domain/sync-run";
import { logEvent } from "../log";
import { raiseSyncAlert } from "./sync-alerts";

/** What a caller asks to run: checked already (real dates, at most a year). */
export interface RunRequest {
  kitchenId: number;
  kind: SyncRunKind;
  range: DateRange;
  sources: SyncSource[];
}

/** The run a lease is for, as each step needs it. */
export interface LeasedRun {
  runId: number;
  kind: SyncRunKind;
  range: DateRange;
  sources: SyncSource[];
}

interface Lease extends LeasedRun {
  id: string;
  startedAtMs: number;
  /** When the lease was taken or last renewed by a claim: it expires LEASE_TTL_MS later. */
  takenAtMs: number;
  /** The last step claimed under this lease, -1 before the first: each runs at most once. */
  claimedStep: number;
  /** An admin asked to cancel: the next claim ends the run instead of going on. */
  cancelRequested: boolean;
}

/** A run's end that D1 has not heard yet. */
interface RunClose {
  runId: number;
  status: SyncRunOutcome;
  finishedAtMs: number;
  error: string | null;
}

/** What the scheduler keeps in its own storage: the one authoritative copy; D1 holds a mirror. */
interface SchedulerState {
  kitchenId: number;
  enabled: boolean;
  intervalMinutes: number;
  consecutiveFailures: number;
  nextDueAtMs: number | null;
  lastSuccessAtMs: number | null;
  /** The newest run: when it started (while it runs) or ended, and how. */
  lastAttemptAtMs: number | null;
  lastStatus: SyncRunStatus | null;
  lastError: string | null;
  enabledSinceMs: number | null;
  lease: Lease | null;
  /** Writes D1 refused: retried by the alarm, and first in the next batch, until they land. */
  unsent: RunClose[] | null;
  /**
   * A begin's D1 batch threw: it may have landed all the same (its answer lost), leaving a
   * row "running" with no lease. The alarm closes the kitchen's running rows while no lease is held.
   */
  orphansOwed: boolean;
}

/** `unavailable`: D1 refused the run's row; nothing is held (and a row that landed unanswered is closed by the alarm). */
export type BeginAnswer = { leaseId: string; runId: number; stepsTotal: number } | { skip: LeaseRefusal } | { unavailable: string };

/** A claim on the next step: go (with the run), stop (cancelled), or nothing to do (a repeat, or an old lease). */
export type ClaimAnswer = { status: "go"; run: LeasedRun } | { status: "stale" } | { status: "cancelled" };

export interface RunOutcome {
  /** "cancelled" ends the run without counting towards the failure streak or moving the next due time. */
  status: SyncRunOutcome;
  retryAfterMs?: number | undefined;
  /** Why it failed, for the run's row and the status. */
  error?: string | undefined;
  /** What the run did, for its sync_finished line; unknown when it ends without its steps (timed out, cancelled). */
  totals?: RunTotals | undefined;
}

const STATE_KEY = "state";
const TIMED_OUT = "The sync did not finish: it timed out and was stopped.";
const STOPPED = "The sync stopped before it finished. Try again; if it happens again, the logs say why.";
const CANCELLED = "Cancelled.";
/** How soon a refused D1 write is tried again. */
export const UNSENT_RETRY_MS = 30_000;

/**
 * One per kitchen (`idFromName(String(kitchenId))`): the single authority on a kitchen's
 * sync interval, failure backoff and single-flight lease, so two runs never overlap even
 * when cron, queue redeliveries and "Sync now" race. Every run is opened here with its
 * lease and closed here when the lease ends, so no run outlives its lease "running". D1's
 * sync_settings holds a mirror of this state for pages, the cron fan-out and admins,
 * written by nothing else. At the fifth failure in a row it raises the kitchen's alert.
 */
export class KitchenSyncScheduler extends DurableObject<Bindings> {
  /** Seams for tests and benchmarks: the clock, the jitter's random source, the webhook's fetch, the D1 binding. */
  now: () => number = () => Date.now();
  random: () => number = Math.random;
  alertFetch: typeof fetch = (input, init) => fetch(input, init);
  d1: D1Database = this.env.DB;

  private get db() {
    return database(this.d1);
  }

  /** The stored state; the first time, what D1 holds for the kitchen. */
  private async state(kitchenId: number): Promise<SchedulerState> {
    return (await this.stored()) ?? { ...(await this.fromD1(kitchenId)), lease: null, unsent: null, orphansOwed: false };
  }

  /** What the mirror in D1 says of the kitchen's schedule: where this object starts from. */
  private async fromD1(kitchenId: number): Promise<Omit<SchedulerState, "lease" | "unsent" | "orphansOwed">> {
    const row = await getSchedule(this.db, kitchenId);
    const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);
    return {
      kitchenId,
      enabled: row?.enabled ?? false,
      intervalMinutes: row && isSyncInterval(row.intervalMinutes) ? row.intervalMinutes : DEFAULT_SYNC_INTERVAL_MINUTES,
      consecutiveFailures: row?.consecutiveFailures ?? 0,
      nextDueAtMs: ms(row?.nextDueAt),
      lastSuccessAtMs: ms(row?.lastSyncAt),
      lastAttemptAtMs: ms(row?.lastAttemptAt),
      lastStatus: row?.lastSyncStatus ?? null,
      lastError: row?.lastErrorMessage ?? null,
      enabledSinceMs: ms(row?.enabledSince),
    };
  }

  /**
   * The stored state, with what an earlier version did not keep filled in: the newest
   * attempt and its error come from the mirror it wrote to D1 (so they are not wiped), and
   * an enabled kitchen without `enabledSinceMs` counts as enabled since now. A lease that
   * version took has no run plan this one can step: it is let go, and the row it left
   * running is closed when the next lease is taken.
   */
  private async stored(): Promise<SchedulerState | undefined> {
    const state = await this.ctx.storage.get<SchedulerState>(STATE_KEY);
    if (!state) return undefined;
    if (state.lastStatus === undefined) {
      const mirror = await this.fromD1(state.kitchenId);
      state.lastAttemptAtMs = mirror.lastAttemptAtMs;
      state.lastStatus = mirror.lastStatus;
      state.lastError = mirror.lastError;
    }
    state.enabledSinceMs ??= state.enabled ? this.now() : null;
    state.unsent ??= null;
    state.orphansOwed ??= false;
    if (state.lease && !("range" in state.lease && "sources" in state.lease)) state.lease = null;
    return state;
  }

  private mirrorOf(state: SchedulerState): ScheduleMirror {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      consecutiveFailures: state.consecutiveFailures,
      nextDueAt: iso(state.nextDueAtMs),
      enabledSince: iso(state.enabledSinceMs),
      lastSyncAt: iso(state.lastSuccessAtMs),
      lastAttemptAt: iso(state.lastAttemptAtMs),
      lastSyncStatus: state.lastStatus,
      lastErrorMessage: state.lastError,
    };
  }

  /** Closes that D1 still has to hear, as statements for the next batch. */
  private unsentStatements(state: SchedulerState): BatchStatement[] {
    return (state.unsent ?? []).map((close) =>
      closeRunQuery(this.db, close.runId, { status: close.status, finishedAt: new Date(close.finishedAtMs).toISOString(), error: close.error }),
    );
  }

  /** Rows a lost begin may have left running; none while a lease is held (its row is running rightly). */
  private orphanStatements(state: SchedulerState): BatchStatement[] {
    return state.orphansOwed && !state.lease ? [closeOrphanedRunsQuery(this.db, state.kitchenId, new Date(this.now()).toISOString(), STOPPED)] : [];
  }

  /**
   * Records a decision: first in the object's own storage (the authority: a D1 hiccup must
   * not undo it), then the run closes and the mirror in one D1 batch. If D1 refuses, the
   * alarm tries again until it lands; nothing is lost and the lease is free meanwhile.
   */
  private async commit(state: SchedulerState, closes: RunClose[]): Promise<SchedulerState> {
    state.unsent = [...(state.unsent ?? []), ...closes];
    await this.ctx.storage.put(STATE_KEY, state);
    await this.flush(state);
    return state;
  }

  private async flush(state: SchedulerState): Promise<void> {
    try {
      await runBatch(this.db, [...this.unsentStatements(state), ...this.orphanStatements(state), mirrorQuery(this.db, state.kitchenId, this.mirrorOf(state))]);
      state.unsent = null;
      state.orphansOwed = false;
      await this.ctx.storage.put(STATE_KEY, state);
    } catch (error) {
      logEvent("error", "scheduler_write_failed", { kitchen_id: state.kitchenId, runs_to_close: state.unsent?.length ?? 0, message: String(error) });
    }
    await this.armAlarm(state);
  }

  /** The next alarm, always from stored state: the lease's expiry, or sooner when D1 still owes a write. */
  private async armAlarm(state: SchedulerState): Promise<void> {
    const waits: number[] = [];
    if (state.lease) waits.push(Math.max(0, leaseExpiresAt(state.lease.takenAtMs) - this.now()));
    if (state.unsent?.length || state.orphansOwed) waits.push(UNSENT_RETRY_MS);
    // Counted on the platform's clock: the alarm fires in real time whatever `now` says.
    if (waits.length > 0) await this.ctx.storage.setAlarm(Date.now() + Math.min(...waits));
    else await this.ctx.storage.deleteAlarm();
  }

  /**
   * One call at a time, start to finish: reading the settings from D1 on first use would
   * otherwise let a second call in between, and both could take the lease.
   */
  private exclusively<T>(work: () => Promise<T>): Promise<T> {
    return this.ctx.blockConcurrencyWhile(work);
  }

  /**
   * Asks to start a run: a lease with the run's new row, or the reason there is none (not
   * due, disabled, running, or D1 refused). The row, the mirror's "running" and the closing
   * of any row a vanished holder left open are one D1 batch.
   */
  begin(request: RunRequest): Promise<BeginAnswer> {
    return this.exclusively(async () => {
      let state = await this.state(request.kitchenId);
      const nowMs = this.now();
      if (state.lease && nowMs >= leaseExpiresAt(state.lease.takenAtMs)) state = await this.settle(state, { status: "failed", error: TIMED_OUT }, nowMs);
      const decision = leaseDecision({ kind: request.kind, enabled: state.enabled, running: state.lease !== null, nowMs, nextDueAtMs: state.nextDueAtMs });
      if (!decision.ok) return { skip: decision.reason };

      const stepsTotal = stepCount(planRun(request.range, request.sources));
      const startedAt = new Date(nowMs).toISOString();
      const next: SchedulerState = { ...state, lastAttemptAtMs: nowMs, lastStatus: "running" };
      // Owed closes first, then whatever is still running (no lease is held, so no run is), then the new row.
      const owed = this.unsentStatements(state);
      let results: unknown[];
      try {
        results = await runBatch(this.db, [
          ...owed,
          closeOrphanedRunsQuery(this.db, request.kitchenId, startedAt, STOPPED),
          openRunQuery(this.db, { kitchenId: request.kitchenId, kind: request.kind, range: request.range, stepsTotal, startedAt }),
          mirrorQuery(this.db, request.kitchenId, this.mirrorOf(next)),
        ]);
      } catch (error) {
        // Answered, not thrown: a throw out of blockConcurrencyWhile would reset the object.
        // Nothing is held; should the batch have landed unanswered, the alarm closes its row.
        logEvent("error", "scheduler_write_failed", { kitchen_id: request.kitchenId, at: "begin", message: String(error) });
        const refused = { ...state, orphansOwed: true };
        await this.ctx.storage.put(STATE_KEY, refused);
        await this.armAlarm(refused);
        return { unavailable: String(error) };
      }
      const runId = (results[owed.length + 1] as { id: number }[])[0]!.id;
      next.unsent = null;
      next.orphansOwed = false;
      next.lease = {
        id: crypto.randomUUID(),
        runId,
        kind: request.kind,
        range: request.range,
        sources: request.sources,
        startedAtMs: nowMs,
        takenAtMs: nowMs,
        claimedStep: -1,
        cancelRequested: false,
      };
      await this.ctx.storage.put(STATE_KEY, next);
      await this.armAlarm(next);
      return { leaseId: next.lease.id, runId, stepsTotal };
    });
  }

  /**
   * Claims step `step` of the run before it is done: "go" renews the lease and says what
   * the run is; "stale" means the step was claimed before (a redelivered message) or the
   * lease is not the current one; "cancelled" means an admin cancelled the run, which ends here.
   */
  claim(leaseId: string, step: number): Promise<ClaimAnswer> {
    return this.exclusively(async () => {
      const state = await this.stored();
      const lease = state?.lease;
      if (!state || !lease || lease.id !== leaseId) return { status: "stale" };
      const nowMs = this.now();
      if (nowMs >= leaseExpiresAt(lease.takenAtMs)) {
        await this.settle(state, { status: "failed", error: TIMED_OUT }, nowMs);
        return { status: "stale" };
      }
      // A repeat first: a redelivered step must never end a lease whose step is still writing.
      if (step <= lease.claimedStep) return { status: "stale" };
      if (lease.cancelRequested) {
        await this.settle(state, { status: "cancelled" }, nowMs);
        return { status: "cancelled" };
      }
      const next = { ...state, lease: { ...lease, claimedStep: step, takenAtMs: nowMs } };
      await this.ctx.storage.put(STATE_KEY, next);
      await this.armAlarm(next);
      const { runId, kind, range, sources } = lease;
      return { status: "go", run: { runId, kind, range, sources } };
    });
  }

  /**
   * Cancels run `runId`: its row is closed as cancelled with `message` at once, and the run
   * stops before its next step. False unless it holds the lease.
   */
  cancel(runId: number, message: string): Promise<boolean> {
    return this.exclusively(async () => {
      const state = await this.stored();
      const lease = state?.lease;
      if (!state || !lease || lease.runId !== runId) return false;
      await this.commit({ ...state, lease: { ...lease, cancelRequested: true } }, [{ runId, status: "cancelled", finishedAtMs: this.now(), error: message }]);
      return true;
    });
  }

  /** Ends a run: success resets the failures; a failure counts and backs off. A lease that is not the current one changes nothing. */
  finish(leaseId: string, outcome: RunOutcome): Promise<boolean> {
    return this.exclusively(async () => {
      const state = await this.stored();
      if (!state?.lease || state.lease.id !== leaseId) return false;
      await this.settle(state, outcome, this.now());
      return true;
    });
  }

  /**
   * Ends the lease with an outcome and closes its run's row. A run an admin cancelled ends
   * as cancelled whatever its last step did. A partial run counts as a failure: some of the
   * kitchen's data is as old as before, and it is tried again soon. Every run ends here, so
   * here is its one sync_finished line.
   */
  private async settle(state: SchedulerState, outcome: RunOutcome, nowMs: number): Promise<SchedulerState> {
    const lease = state.lease!;
    const status: SyncRunOutcome = lease.cancelRequested ? "cancelled" : outcome.status;
    const error = status === "cancelled" ? CANCELLED : status === "success" ? null : (outcome.error ?? STOPPED);
    const close: RunClose = { runId: lease.runId, status, finishedAtMs: nowMs, error };
    const ended = { lease: null, lastAttemptAtMs: nowMs, lastStatus: status };
    let settled: SchedulerState;
    let alert: ReturnType<typeof alertTransition> = null;
    if (status === "cancelled") {
      settled = await this.commit({ ...state, ...ended }, [close]);
    } else {
      const succeeded = status === "success";
      const consecutiveFailures = succeeded ? 0 : state.consecutiveFailures + 1;
      // A paused schedule has no next run, whatever Sync now did.
      const nextDueAtMs = !state.enabled
        ? null
        : nextDueAfterRun({
            outcome: succeeded ? "success" : "failed",
            finishedAtMs: nowMs,
            intervalMinutes: state.intervalMinutes,
            consecutiveFailures,
            retryAfterMs: outcome.retryAfterMs,
            random: this.random,
          });
      const lastSuccessAtMs = succeeded ? nowMs : state.lastSuccessAtMs;
      settled = await this.commit({ ...state, ...ended, consecutiveFailures, nextDueAtMs, lastSuccessAtMs, lastError: error }, [close]);
      alert = alertTransition(state.consecutiveFailures, consecutiveFailures);
    }
    logEvent("info", "sync_finished", {
      kitchen_id: state.kitchenId,
      kind: lease.kind,
      run_id: lease.runId,
      status,
      duration_ms: nowMs - lease.startedAtMs,
      ...(outcome.totals ? { api_calls: outcome.totals.apiCalls, records: outcome.totals.recordsFetched, rows: outcome.totals.rowsWritten, warnings: outcome.totals.warnings } : {}),
    });
    if (alert) await this.alert(alert, state.kitchenId, settled.consecutiveFailures, error, nowMs);
    return settled;
  }

  /** The critical log line now; the webhook POST in the background, so a slow endpoint never holds up the kitchen's runs. */
  private async alert(alert: "failing" | "recovered", kitchenId: number, consecutiveFailures: number, lastError: string | null, nowMs: number): Promise<void> {
    let row: Awaited<ReturnType<typeof alertFacts>>;
    try {
      row = await alertFacts(this.db, kitchenId);
    } catch (error) {
      // The alert still goes out, as a log line without the kitchen's details; the run's outcome stands.
      logEvent("error", "sync_alert_lookup_failed", { kitchen_id: kitchenId, message: String(error) });
    }
    const facts = {
      kitchenId,
      slug: row?.slug ?? String(kitchenId),
      name: row?.name ?? `kitchen ${kitchenId}`,
      consecutiveFailures,
      lastError,
      webhookUrl: row?.webhookUrl ?? null,
      at: new Date(nowMs),
    };
    this.ctx.waitUntil(raiseSyncAlert(alert, facts, this.alertFetch));
  }

  /**
   * An admin saved the schedule: disabling stops scheduled runs, enabling makes the kitchen
   * due now, a new interval applies to the next due time. The settings and the mirror they
   * lead to are one statement; if D1 refuses, nothing changes and the answer is false.
   */
  configure(kitchenId: number, settings: ScheduleSettings): Promise<boolean> {
    return this.exclusively(async () => {
      const state = await this.state(kitchenId);
      const nowMs = this.now();
      const nextDueAtMs = nextDueAfterSettingsChange({
        enabled: settings.enabled,
        wasEnabled: state.enabled,
        intervalMinutes: settings.intervalMinutes,
        lastSuccessAtMs: state.lastSuccessAtMs,
        currentNextDueAtMs: state.nextDueAtMs,
        nowMs,
        consecutiveFailures: state.consecutiveFailures,
      });
      const enabledSinceMs = !settings.enabled ? null : state.enabled ? (state.enabledSinceMs ?? nowMs) : nowMs;
      const next: SchedulerState = { ...state, enabled: settings.enabled, intervalMinutes: settings.intervalMinutes, nextDueAtMs, enabledSinceMs };
      try {
        await runBatch(this.db, [...this.unsentStatements(state), ...this.orphanStatements(state), scheduleQuery(this.db, kitchenId, settings, this.mirrorOf(next))]);
      } catch (error) {
        logEvent("error", "scheduler_write_failed", { kitchen_id: kitchenId, at: "configure", message: String(error) });
        return false;
      }
      next.unsent = null;
      next.orphansOwed = false;
      await this.ctx.storage.put(STATE_KEY, next);
      await this.armAlarm(next);
      return true;
    });
  }

  /** Fires for a lease that outlived its time, or to send D1 what it refused before. */
  override alarm(): Promise<void> {
    return this.exclusively(async () => {
      const state = await this.stored();
      if (!state) return;
      const nowMs = this.now();
      if (state.lease && nowMs >= leaseExpiresAt(state.lease.takenAtMs)) await this.settle(state, { status: "failed", error: TIMED_OUT }, nowMs);
      else if (state.unsent?.length || state.orphansOwed) await this.flush(state);
      else await this.armAlarm(state);
    });
  }
}
