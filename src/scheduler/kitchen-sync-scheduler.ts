import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../app-env";
import {
  isSyncInterval,
  leaseDecision,
  leaseExpiresAt,
  nextDueAfterRun,
  nextDueAfterSettingsChange,
  type LeaseRefusal,
  type SyncRunKind,
} from "../domain/sync-schedule";

/** What the scheduler keeps in its own storage: the one authoritative copy. */
interface SchedulerState {
  kitchenId: number;
  enabled: boolean;
  intervalMinutes: number;
  consecutiveFailures: number;
  nextDueAtMs: number | null;
  lastSuccessAtMs: number | null;
  lease: { id: string; kind: SyncRunKind; takenAtMs: number } | null;
}

export type LeaseAnswer = { leaseId: string } | { skip: LeaseRefusal };

export interface RunOutcome {
  status: "success" | "failed";
  retryAfterMs?: number | undefined;
}

const STATE_KEY = "state";
const TIMED_OUT = "The sync did not finish: it timed out and was stopped.";

/**
 * One per kitchen (`idFromName(String(kitchenId))`): the single authority on a kitchen's
 * sync interval, failure backoff and single-flight lease, so two runs never overlap even
 * when cron, queue redeliveries and "Sync now" race. D1's sync_settings holds a mirror of
 * its state for pages, the cron fan-out and admins, written after every change.
 */
export class KitchenSyncScheduler extends DurableObject<Bindings> {
  /** Seams for tests: the clock and the random source of the backoff jitter. */
  now: () => number = () => Date.now();
  random: () => number = Math.random;

  /** The stored state; the first time, the settings D1 holds for the kitchen. */
  private async state(kitchenId: number): Promise<SchedulerState> {
    const stored = await this.ctx.storage.get<SchedulerState>(STATE_KEY);
    if (stored) return stored;
    const row = await this.env.DB.prepare(
      "SELECT enabled, interval_minutes, consecutive_failures, next_due_at, last_sync_at FROM sync_settings WHERE kitchen_id = ?",
    )
      .bind(kitchenId)
      .first<{ enabled: number; interval_minutes: number; consecutive_failures: number; next_due_at: string | null; last_sync_at: string | null }>();
    return {
      kitchenId,
      enabled: row ? row.enabled === 1 : false,
      intervalMinutes: row && isSyncInterval(row.interval_minutes) ? row.interval_minutes : 15,
      consecutiveFailures: row?.consecutive_failures ?? 0,
      nextDueAtMs: row?.next_due_at ? Date.parse(row.next_due_at) : null,
      lastSuccessAtMs: row?.last_sync_at ? Date.parse(row.last_sync_at) : null,
      lease: null,
    };
  }

  /** Stores the state, mirrors it to D1, and points the alarm at the lease's expiry. */
  private async save(state: SchedulerState, mirror: { status?: "running" | "success" | "failed"; error?: string | null } = {}): Promise<void> {
    await this.ctx.storage.put(STATE_KEY, state);
    if (state.lease) await this.armLeaseAlarm(state.lease.takenAtMs);
    else await this.ctx.storage.deleteAlarm();
    const sets = ["consecutive_failures = ?", "next_due_at = ?"];
    const values: (string | number | null)[] = [state.consecutiveFailures, state.nextDueAtMs === null ? null : new Date(state.nextDueAtMs).toISOString()];
    if (mirror.status) {
      sets.push("last_sync_status = ?");
      values.push(mirror.status);
    }
    if (mirror.error !== undefined) {
      sets.push("last_error_message = ?");
      values.push(mirror.error);
    }
    await this.env.DB.prepare(`UPDATE sync_settings SET ${sets.join(", ")} WHERE kitchen_id = ?`)
      .bind(...values, state.kitchenId)
      .run();
  }

  /** The alarm goes off when the lease runs out: the remaining time, counted on the platform's clock. */
  private async armLeaseAlarm(takenAtMs: number): Promise<void> {
    await this.ctx.storage.setAlarm(Date.now() + Math.max(0, leaseExpiresAt(takenAtMs) - this.now()));
  }

  /**
   * One call at a time, start to finish: reading the settings from D1 on first use would
   * otherwise let a second call in between, and both could take the lease.
   */
  private exclusively<T>(work: () => Promise<T>): Promise<T> {
    return this.ctx.blockConcurrencyWhile(work);
  }

  /** Asks to start a run: a lease, or the reason there is none (not due, disabled, running). */
  begin(kitchenId: number, kind: SyncRunKind): Promise<LeaseAnswer> {
    return this.exclusively(() => this.beginNow(kitchenId, kind));
  }

  private async beginNow(kitchenId: number, kind: SyncRunKind): Promise<LeaseAnswer> {
    const state = await this.state(kitchenId);
    const nowMs = this.now();
    if (state.lease && nowMs >= leaseExpiresAt(state.lease.takenAtMs)) await this.expireLease(state, nowMs);
    const decision = leaseDecision({ kind, enabled: state.enabled, running: state.lease !== null, nowMs, nextDueAtMs: state.nextDueAtMs });
    if (!decision.ok) return { skip: decision.reason };
    const lease = { id: crypto.randomUUID(), kind, takenAtMs: nowMs };
    await this.save({ ...state, lease }, { status: "running" });
    return { leaseId: lease.id };
  }

  /** Ends a run: success resets the failures; a failure counts and backs off. A lease that is not the current one changes nothing. */
  finish(leaseId: string, outcome: RunOutcome): Promise<boolean> {
    return this.exclusively(async () => {
      const state = await this.ctx.storage.get<SchedulerState>(STATE_KEY);
      if (!state?.lease || state.lease.id !== leaseId) return false;
      await this.settle(state, outcome, this.now());
      return true;
    });
  }

  private async settle(state: SchedulerState, outcome: RunOutcome, nowMs: number, error?: string): Promise<void> {
    const consecutiveFailures = outcome.status === "success" ? 0 : state.consecutiveFailures + 1;
    const nextDueAtMs = nextDueAfterRun({
      outcome: outcome.status,
      finishedAtMs: nowMs,
      intervalMinutes: state.intervalMinutes,
      consecutiveFailures,
      retryAfterMs: outcome.retryAfterMs,
      random: this.random,
    });
    const lastSuccessAtMs = outcome.status === "success" ? nowMs : state.lastSuccessAtMs;
    await this.save({ ...state, consecutiveFailures, nextDueAtMs, lastSuccessAtMs, lease: null }, { status: outcome.status, ...(error ? { error } : {}) });
  }

  /** A lease whose holder vanished: its run is recorded as failed, "timed out". */
  private async expireLease(state: SchedulerState, nowMs: number): Promise<void> {
    await this.env.DB.prepare(
      "UPDATE sync_runs SET status = 'failed', error_message = ?, finished_at = ? WHERE kitchen_id = ? AND status = 'running'",
    )
      .bind(TIMED_OUT, new Date(nowMs).toISOString(), state.kitchenId)
      .run();
    await this.settle(state, { status: "failed" }, nowMs, TIMED_OUT);
    Object.assign(state, await this.ctx.storage.get<SchedulerState>(STATE_KEY));
  }

  /** Settings changed: disabling stops runs, enabling makes the kitchen due now, a new interval applies to the next due time. */
  configure(kitchenId: number, settings: { enabled: boolean; intervalMinutes: number }): Promise<void> {
    return this.exclusively(() => this.configureNow(kitchenId, settings));
  }

  private async configureNow(kitchenId: number, settings: { enabled: boolean; intervalMinutes: number }): Promise<void> {
    const state = await this.state(kitchenId);
    const nextDueAtMs = nextDueAfterSettingsChange({
      enabled: settings.enabled,
      wasEnabled: state.enabled,
      intervalMinutes: settings.intervalMinutes,
      lastSuccessAtMs: state.lastSuccessAtMs,
      currentNextDueAtMs: state.nextDueAtMs,
      nowMs: this.now(),
      consecutiveFailures: state.consecutiveFailures,
    });
    await this.save({ ...state, enabled: settings.enabled, intervalMinutes: settings.intervalMinutes, nextDueAtMs });
  }

  /** The next alarm always comes from stored state: it fires only for a lease that outlived its time. */
  override alarm(): Promise<void> {
    return this.exclusively(async () => {
      const state = await this.ctx.storage.get<SchedulerState>(STATE_KEY);
      if (!state?.lease) return;
      const nowMs = this.now();
      if (nowMs >= leaseExpiresAt(state.lease.takenAtMs)) await this.expireLease(state, nowMs);
      else await this.armLeaseAlarm(state.lease.takenAtMs);
    });
  }
}
