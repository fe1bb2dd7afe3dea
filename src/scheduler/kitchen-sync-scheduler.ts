import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../app-env";
import {
  alertTransition,
  isSyncInterval,
  leaseDecision,
  leaseExpiresAt,
  nextDueAfterRun,
  nextDueAfterSettingsChange,
  type LeaseRefusal,
  type SyncRunKind,
} from "../domain/sync-schedule";
import { logEvent } from "../log";
import { raiseSyncAlert } from "./sync-alerts";

interface Lease {
  id: string;
  kind: SyncRunKind;
  /** When the lease was taken or last renewed by a claim: it expires LEASE_TTL_MS later. */
  takenAtMs: number;
  /** The last step (chunk) claimed under this lease, -1 before the first: each runs at most once. */
  claimedStep: number;
  /** An admin asked to cancel: the next claim ends the run instead of going on. */
  cancelRequested: boolean;
  /** The sync_runs row of a queued run (Sync now, a range), once attached: closed when the lease ends. */
  runId: number | null;
}

/** What the scheduler keeps in its own storage: the one authoritative copy. */
interface SchedulerState {
  kitchenId: number;
  enabled: boolean;
  intervalMinutes: number;
  consecutiveFailures: number;
  nextDueAtMs: number | null;
  lastSuccessAtMs: number | null;
  enabledSinceMs: number | null;
  lease: Lease | null;
}

export type LeaseAnswer = { leaseId: string } | { skip: LeaseRefusal };

/** A claim on the next step of a queued run: go on, stop (cancelled), or nothing to do (a repeat, or an old lease). */
export type ClaimAnswer = "go" | "cancelled" | "stale";

export interface RunOutcome {
  /** "cancelled" ends the run without counting towards the failure streak or moving the next due time. */
  status: "success" | "failed" | "cancelled";
  retryAfterMs?: number | undefined;
  /** Why it failed, for a run row still open when its lease ends. */
  error?: string | undefined;
}

const STATE_KEY = "state";
const TIMED_OUT = "The sync did not finish: it timed out and was stopped.";
const STOPPED = "The sync stopped before it finished. Try again; if it happens again, the logs say why.";
const CANCELLED = "Cancelled.";

/**
 * One per kitchen (`idFromName(String(kitchenId))`): the single authority on a kitchen's
 * sync interval, failure backoff and single-flight lease, so two runs never overlap even
 * when cron, queue redeliveries and "Sync now" race. D1's sync_settings holds a mirror of
 * its state for pages, the cron fan-out and admins, written after every change. At the
 * fifth failure in a row it raises the kitchen's alert.
 */
export class KitchenSyncScheduler extends DurableObject<Bindings> {
  /** Seams for tests: the clock, the random source of the backoff jitter, and the alert webhook's fetch. */
  now: () => number = () => Date.now();
  random: () => number = Math.random;
  alertFetch: typeof fetch = (input, init) => fetch(input, init);

  /** The stored state; the first time, the settings D1 holds for the kitchen. */
  private async state(kitchenId: number): Promise<SchedulerState> {
    const stored = await this.stored();
    if (stored) return stored;
    const row = await this.env.DB.prepare(
      "SELECT enabled, interval_minutes, consecutive_failures, next_due_at, last_sync_at, enabled_since FROM sync_settings WHERE kitchen_id = ?",
    )
      .bind(kitchenId)
      .first<{
        enabled: number;
        interval_minutes: number;
        consecutive_failures: number;
        next_due_at: string | null;
        last_sync_at: string | null;
        enabled_since: string | null;
      }>();
    return {
      kitchenId,
      enabled: row ? row.enabled === 1 : false,
      intervalMinutes: row && isSyncInterval(row.interval_minutes) ? row.interval_minutes : 15,
      consecutiveFailures: row?.consecutive_failures ?? 0,
      nextDueAtMs: row?.next_due_at ? Date.parse(row.next_due_at) : null,
      lastSuccessAtMs: row?.last_sync_at ? Date.parse(row.last_sync_at) : null,
      enabledSinceMs: row?.enabled_since ? Date.parse(row.enabled_since) : null,
      lease: null,
    };
  }

  /**
   * The stored state, with fields added since it was written given their defaults: a
   * kitchen enabled before `enabledSinceMs` existed counts as enabled since now.
   */
  private async stored(): Promise<SchedulerState | undefined> {
    const state = await this.ctx.storage.get<SchedulerState>(STATE_KEY);
    if (!state) return undefined;
    state.enabledSinceMs ??= state.enabled ? this.now() : null;
    if (state.lease) {
      state.lease.claimedStep ??= -1;
      state.lease.cancelRequested ??= false;
      state.lease.runId ??= null;
    }
    return state;
  }

  /** Stores the state, mirrors it to D1, and points the alarm at the lease's expiry. */
  private async save(state: SchedulerState, mirror: { status?: "running" | RunOutcome["status"]; error?: string | null } = {}): Promise<void> {
    await this.ctx.storage.put(STATE_KEY, state);
    if (state.lease) await this.armLeaseAlarm(state.lease.takenAtMs);
    else await this.ctx.storage.deleteAlarm();
    const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
    const sets = ["consecutive_failures = ?", "next_due_at = ?", "enabled_since = ?"];
    const values: (string | number | null)[] = [state.consecutiveFailures, iso(state.nextDueAtMs), iso(state.enabledSinceMs)];
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
    const lease: Lease = { id: crypto.randomUUID(), kind, takenAtMs: nowMs, claimedStep: -1, cancelRequested: false, runId: null };
    await this.save({ ...state, lease }, { status: "running" });
    return { leaseId: lease.id };
  }

  /**
   * Claims step `step` of a queued run before it is done: "go" renews the lease for the
   * step; "stale" means the step was claimed before (a redelivered message) or the lease is
   * not the current one; "cancelled" means an admin cancelled the run, which ends here.
   */
  claim(leaseId: string, step: number): Promise<ClaimAnswer> {
    return this.exclusively(async () => {
      const state = await this.stored();
      const lease = state?.lease;
      if (!state || !lease || lease.id !== leaseId) return "stale";
      const nowMs = this.now();
      if (nowMs >= leaseExpiresAt(lease.takenAtMs)) {
        await this.expireLease(state, nowMs);
        return "stale";
      }
      if (lease.cancelRequested) {
        await this.settle(state, { status: "cancelled" }, nowMs);
        return "cancelled";
      }
      if (step <= lease.claimedStep) return "stale";
      await this.save({ ...state, lease: { ...lease, claimedStep: step, takenAtMs: nowMs } });
      return "go";
    });
  }

  /** Ties a queued run's row to its lease, so the lease's end closes the row and a cancel names the run. */
  attach(leaseId: string, runId: number): Promise<boolean> {
    return this.exclusively(async () => {
      const state = await this.stored();
      if (!state?.lease || state.lease.id !== leaseId) return false;
      await this.ctx.storage.put(STATE_KEY, { ...state, lease: { ...state.lease, runId } });
      return true;
    });
  }

  /**
   * Cancels queued run `runId` (Sync now, a range): its row is closed as cancelled with
   * `message` at once, and the run stops before its next chunk. False unless it holds the lease.
   */
  cancel(runId: number, message: string): Promise<boolean> {
    return this.exclusively(async () => {
      const state = await this.stored();
      const lease = state?.lease;
      if (!state || !lease || lease.kind === "frequent" || lease.runId !== runId) return false;
      await this.ctx.storage.put(STATE_KEY, { ...state, lease: { ...lease, cancelRequested: true } });
      await this.closeRun(runId, "cancelled", this.now(), message);
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
   * Ends the lease with an outcome. A run an admin cancelled ends as cancelled whatever
   * its last chunk did. A queued run's row still open is closed here, so no path leaves a
   * run "running" once its lease is gone.
   */
  private async settle(state: SchedulerState, outcome: RunOutcome, nowMs: number): Promise<void> {
    const status = state.lease?.cancelRequested ? "cancelled" : outcome.status;
    const runId = state.lease?.runId ?? null;
    if (runId !== null) await this.closeRun(runId, status, nowMs, status === "failed" ? (outcome.error ?? STOPPED) : status === "cancelled" ? CANCELLED : null);
    if (status === "cancelled") {
      await this.save({ ...state, lease: null }, { status: "cancelled" });
      return;
    }
    const consecutiveFailures = status === "success" ? 0 : state.consecutiveFailures + 1;
    const nextDueAtMs = nextDueAfterRun({
      outcome: status,
      finishedAtMs: nowMs,
      intervalMinutes: state.intervalMinutes,
      consecutiveFailures,
      retryAfterMs: outcome.retryAfterMs,
      random: this.random,
    });
    const lastSuccessAtMs = status === "success" ? nowMs : state.lastSuccessAtMs;
    await this.save({ ...state, consecutiveFailures, nextDueAtMs, lastSuccessAtMs, lease: null }, { status, ...(outcome.error ? { error: outcome.error } : {}) });
    const alert = alertTransition(state.consecutiveFailures, consecutiveFailures);
    if (alert) await this.alert(alert, state.kitchenId, consecutiveFailures, nowMs);
  }

  private async closeRun(runId: number, status: RunOutcome["status"], nowMs: number, error: string | null): Promise<void> {
    const finishedAt = new Date(nowMs).toISOString();
    await this.env.DB.prepare(
      `UPDATE sync_runs SET status = ?, finished_at = ?, duration_ms = CAST(round((julianday(?) - julianday(started_at)) * 86400000) AS INTEGER),
         error_message = coalesce(error_message, ?) WHERE id = ? AND status = 'running'`,
    )
      .bind(status, finishedAt, finishedAt, error, runId)
      .run();
  }

  /** The critical log line now; the webhook POST in the background, so a slow endpoint never holds up the kitchen's runs. */
  private async alert(alert: "failing" | "recovered", kitchenId: number, consecutiveFailures: number, nowMs: number): Promise<void> {
    let row: { slug: string; name: string; alert_webhook_url: string | null; last_error_message: string | null } | null = null;
    try {
      row = await this.env.DB.prepare(
        "SELECT k.slug, k.name, s.alert_webhook_url, s.last_error_message FROM kitchens k JOIN sync_settings s ON s.kitchen_id = k.id WHERE k.id = ?",
      )
        .bind(kitchenId)
        .first();
    } catch (error) {
      // The alert still goes out, as a log line without the kitchen's details; the run's outcome stands.
      logEvent("error", "sync_alert_lookup_failed", { kitchen_id: kitchenId, message: String(error) });
    }
    const facts = {
      kitchenId,
      slug: row?.slug ?? String(kitchenId),
      name: row?.name ?? `kitchen ${kitchenId}`,
      consecutiveFailures,
      lastError: row?.last_error_message ?? null,
      webhookUrl: row?.alert_webhook_url ?? null,
      at: new Date(nowMs),
    };
    this.ctx.waitUntil(raiseSyncAlert(alert, facts, this.alertFetch));
  }

  /** A lease whose holder vanished: its run is recorded as failed, "timed out" (or as cancelled, if that was asked). */
  private async expireLease(state: SchedulerState, nowMs: number): Promise<void> {
    if (state.lease && state.lease.runId === null) {
      // A scheduled run's row is not attached to its lease: the kitchen's open rows are its.
      await this.env.DB.prepare("UPDATE sync_runs SET status = 'failed', error_message = ?, finished_at = ? WHERE kitchen_id = ? AND status = 'running'")
        .bind(TIMED_OUT, new Date(nowMs).toISOString(), state.kitchenId)
        .run();
    }
    await this.settle(state, { status: "failed", error: TIMED_OUT }, nowMs);
    Object.assign(state, await this.stored());
  }

  /** Settings changed: disabling stops runs, enabling makes the kitchen due now, a new interval applies to the next due time. */
  configure(kitchenId: number, settings: { enabled: boolean; intervalMinutes: number }): Promise<void> {
    return this.exclusively(() => this.configureNow(kitchenId, settings));
  }

  private async configureNow(kitchenId: number, settings: { enabled: boolean; intervalMinutes: number }): Promise<void> {
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
    await this.save({ ...state, enabled: settings.enabled, intervalMinutes: settings.intervalMinutes, nextDueAtMs, enabledSinceMs });
  }

  /** The next alarm always comes from stored state: it fires only for a lease that outlived its time. */
  override alarm(): Promise<void> {
    return this.exclusively(async () => {
      const state = await this.stored();
      if (!state?.lease) return;
      const nowMs = this.now();
      if (nowMs >= leaseExpiresAt(state.lease.takenAtMs)) await this.expireLease(state, nowMs);
      else await this.armLeaseAlarm(state.lease.takenAtMs);
    });
  }
}
