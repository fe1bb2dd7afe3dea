import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../app-env";
import { logEvent } from "../log";
import { checkSlotTerms, decideSlot, forgettableUpTo, type SlotTerms } from "../net/call-window";

/** What a caller asks for: one slot on these terms, for a kitchen. */
export interface SlotRequest extends SlotTerms {
  /** The kitchen whose calls these are: who shares the credential, for the refusal's words and the log. */
  kitchenId: number;
}

export type SlotAnswer =
  /** Call in `waitMs`: the slot is held from then. */
  | { waitMs: number }
  /** The next slot is `retryAfterMs` away, past the caller's budget; `kitchens` hold the slots ahead (the caller included). */
  | { refused: true; retryAfterMs: number; kitchens: number };

/**
 * One per third-party credential, named by its HMAC (src/crypto/credential-names.ts), never
 * by the secret: the one count of that credential's calls, whichever kitchen and isolate
 * makes them. Each call first reserves a slot here (src/net/call-window.ts decides when);
 * the slot is written to the object's own SQLite before the answer leaves, so a concurrent
 * caller from another isolate sees it, and an evicted or restarted object forgets nothing.
 * A refused caller takes no slot. The terms come with each request (the API's rate, from
 * the client's side), so tests can ask for a small window without touching production.
 */
export class ApiCallLimiter extends DurableObject<Bindings> {
  /** Seam for tests: the object's clock. */
  now: () => number = () => Date.now();
  /** An alarm is set for this instance's slots (it is set again by the alarm while slots remain). */
  private cleanupArmed = false;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS slots (at INTEGER NOT NULL, kitchen_id INTEGER NOT NULL)");
    ctx.storage.sql.exec("CREATE INDEX IF NOT EXISTS slots_at ON slots (at)");
  }

  /**
   * A slot for one call, or a refusal. Synchronous from start to end (SQLite here is), so
   * no other request runs in between: two callers never get the same slot.
   */
  reserve(request: SlotRequest): SlotAnswer {
    checkSlotTerms(request);
    if (!Number.isSafeInteger(request.kitchenId)) throw new RangeError(`kitchenId must be a whole number, not ${request.kitchenId}`);
    const sql = this.ctx.storage.sql;
    const nowMs = this.now();
    sql.exec("DELETE FROM slots WHERE at <= ?", forgettableUpTo(nowMs, request));
    // The newest `limit` slots, oldest first: all the arithmetic reads.
    const taken = sql
      .exec<{ at: number }>("SELECT at FROM slots ORDER BY at DESC LIMIT ?", request.limit)
      .toArray()
      .map((row) => row.at)
      .reverse();
    const decision = decideSlot(taken, nowMs, request);
    if (!decision.ok) {
      const others = sql.exec<{ n: number }>("SELECT count(DISTINCT kitchen_id) AS n FROM slots WHERE kitchen_id <> ?", request.kitchenId).one().n;
      logEvent("warn", "api_calls_at_limit", { kitchen_id: request.kitchenId, kitchens: others + 1, retry_after_ms: decision.retryAfterMs, limit: request.limit, window_ms: request.windowMs });
      return { refused: true, retryAfterMs: decision.retryAfterMs, kitchens: others + 1 };
    }
    sql.exec("INSERT INTO slots (at, kitchen_id) VALUES (?, ?)", decision.at, request.kitchenId);
    if (!this.cleanupArmed) {
      this.cleanupArmed = true;
      // Alarms keep the platform's time, whatever clock the slots are counted by.
      void this.ctx.storage.setAlarm(Date.now() + FORGET_AFTER_MS);
    }
    return { waitMs: decision.waitMs };
  }

  /**
   * A credential nobody has called with for an hour keeps no slots: a login mistyped once in
   * "Test connection" leaves an empty table, not its calls' times. Recomputed from what is
   * stored, so an alarm that fires late or twice does the same.
   */
  override async alarm(): Promise<void> {
    const nowMs = this.now();
    this.ctx.storage.sql.exec("DELETE FROM slots WHERE at <= ?", nowMs - FORGET_AFTER_MS);
    const newest = this.ctx.storage.sql.exec<{ at: number | null }>("SELECT max(at) AS at FROM slots").one().at;
    this.cleanupArmed = newest !== null;
    if (newest !== null) await this.ctx.storage.setAlarm(Date.now() + Math.max(0, newest + FORGET_AFTER_MS - nowMs));
  }
}

/** How long a slot is kept at most: far past any window an API counts in (a minute). */
export const FORGET_AFTER_MS = 60 * 60 * 1000;
