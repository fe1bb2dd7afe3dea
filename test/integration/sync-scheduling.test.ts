// The self-running sync in workerd: cron fan-out, the sync queue, the per-kitchen
// scheduler Durable Object (with its clock and random source set by the test) and D1.
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Bindings } from "../../src/app-env";
import { backoffDelayMs } from "../../src/domain/sync-schedule";
import worker from "../../src/index";
import { upcomingRange } from "../../src/domain/date-range";
import type { SyncRunKind } from "../../src/domain/sync-run";
import { UNSENT_RETRY_MS, type KitchenSyncScheduler } from "../../src/scheduler/kitchen-sync-scheduler";
import { fanOutDueKitchens } from "../../src/sync/fan-out";
import { runRequest, schedulerFor, startRun } from "../../src/sync/run-control";
import { connectNewbook, createKitchen, loggedLines, NEWBOOK_ONLY, waitForRunEnd } from "./helpers";

const handler: ExportedHandler<Bindings, unknown> = worker;
const MINUTE = 60_000;
const T0 = Date.parse("2026-11-21T10:00:00.000Z");
let kitchens = 0;

async function connectedKitchen(intervalMinutes = 15): Promise<number> {
  const id = await createKitchen(`sched-${++kitchens}`, `Scheduled ${kitchens}`);
  await connectNewbook(id);
  await env.DB.prepare("UPDATE sync_settings SET interval_minutes = ? WHERE kitchen_id = ?").bind(intervalMinutes, id).run();
  return id;
}

/** Sets the scheduler's clock (and jitter) for a kitchen. */
async function at(kitchenId: number, nowMs: number, random = 0.5): Promise<ReturnType<typeof schedulerFor>> {
  const stub = schedulerFor(env, kitchenId);
  await runInDurableObject(stub, (instance: KitchenSyncScheduler) => {
    instance.now = () => nowMs;
    instance.random = () => random;
  });
  return stub;
}

async function settings(kitchenId: number) {
  return env.DB.prepare("SELECT * FROM sync_settings WHERE kitchen_id = ?")
    .bind(kitchenId)
    .first<{ next_due_at: string | null; consecutive_failures: number; last_sync_status: string | null; last_error_message: string | null }>();
}

async function runs(kitchenId: number) {
  return (await env.DB.prepare("SELECT id, status, error_message FROM sync_runs WHERE kitchen_id = ? ORDER BY id").bind(kitchenId).all<{ id: number; status: string; error_message: string | null }>()).results;
}

/** A run's request for the kitchen: a week from 21 November 2026. */
function week(kitchenId: number, kind: SyncRunKind) {
  return runRequest(kitchenId, kind, { from: "2026-11-21", to: "2026-11-28" }, NEWBOOK_ONLY);
}

async function leaseOf(stub: ReturnType<typeof schedulerFor>, kitchenId: number, kind: SyncRunKind = "scheduled"): Promise<string | null> {
  const answer = await stub.begin(week(kitchenId, kind));
  return "leaseId" in answer ? answer.leaseId : null;
}

describe("the cron fan-out", () => {
  it("sends only enabled, connected, due kitchens, with their zone and days ahead, through the real queue", async () => {
    const due = await connectedKitchen();
    const disabled = await connectedKitchen();
    const notDue = await connectedKitchen();
    const unconnected = await createKitchen("sched-unconnected", "No Newbook");
    await env.DB.batch([
      env.DB.prepare("UPDATE sync_settings SET enabled = 0 WHERE kitchen_id = ?").bind(disabled),
      env.DB.prepare("UPDATE sync_settings SET next_due_at = ? WHERE kitchen_id = ?").bind(new Date(Date.now() + 5 * MINUTE).toISOString(), notDue),
      env.DB.prepare("UPDATE sync_settings SET next_due_at = ?, days_ahead = 3 WHERE kitchen_id = ?").bind(new Date(Date.now() - MINUTE).toISOString(), due),
    ]);

    // The real queue, with each sendBatch call seen on its way through.
    const sent: unknown[][] = [];
    const seeing = {
      DB: env.DB,
      SYNC_QUEUE: {
        sendBatch: async (messages: Iterable<MessageSendRequest>) => {
          const list = [...messages];
          sent.push(list.map((m) => m.body));
          await env.SYNC_QUEUE.sendBatch(list);
        },
      } as unknown as Queue,
    };
    expect(await fanOutDueKitchens(seeing, new Date())).toEqual({ due: 1, batches: 1 });
    expect(sent).toEqual([[{ kind: "scheduled", kitchenId: due, timeZone: "Europe/London", daysAhead: 3, resosConnected: false }]]);
    expect(sent.flat()).not.toContainEqual(expect.objectContaining({ kitchenId: unconnected }));
    // Its run goes through the queue to the end before the next test starts.
    expect(await waitForRunEnd(due)).toMatchObject({ kind: "scheduled", status: "success" });
  });

  it("sends 251 due kitchens as batches of 100, 100 and 51 (recorded, not queued: no real run for them)", async () => {
    const more = await env.DB.batch(
      Array.from({ length: 251 }, (_, i) => env.DB.prepare("INSERT INTO kitchens (slug, name) VALUES (?, ?) RETURNING id").bind(`bulk-${i}`, `Bulk ${i}`)),
    );
    const ids = more.map((r) => (r.results[0] as { id: number }).id);
    await env.DB.batch(ids.map((id) => env.DB.prepare("INSERT INTO newbook_connections (kitchen_id, region, credentials_ciphertext) VALUES (?, 'eu', 'v1.x.y')").bind(id)));
    const sizes: number[] = [];
    const recording = { DB: env.DB, SYNC_QUEUE: { sendBatch: async (messages: Iterable<MessageSendRequest>) => void sizes.push([...messages].length) } as unknown as Queue };
    expect(await fanOutDueKitchens(recording, new Date())).toEqual({ due: 251, batches: 3 });
    expect(sizes).toEqual([100, 100, 51]);
    await env.DB.prepare("UPDATE sync_settings SET enabled = 0 WHERE kitchen_id IN (SELECT value FROM json_each(?))").bind(JSON.stringify(ids)).run();
  });
});

describe("the scheduler", () => {
  it.each([5, 10, 15, 30, 60])("honours a %i-minute interval to the millisecond", async (interval) => {
    const kitchenId = await connectedKitchen(interval);
    let stub = await at(kitchenId, T0);
    const lease = await leaseOf(stub, kitchenId);
    expect(lease).not.toBeNull();
    expect(await stub.finish(lease!, { status: "success" })).toBe(true);
    expect((await settings(kitchenId))!.next_due_at).toBe(new Date(T0 + interval * MINUTE).toISOString());

    stub = await at(kitchenId, T0 + interval * MINUTE - 1);
    expect(await stub.begin(week(kitchenId, "scheduled"))).toEqual({ skip: "not_due" });
    stub = await at(kitchenId, T0 + interval * MINUTE);
    expect(await leaseOf(stub, kitchenId)).not.toBeNull();
  });

  it("backs off with full jitter from a minute to 30 minutes, never sooner than Retry-After, and a success resets it", async () => {
    const kitchenId = await connectedKitchen(5);
    let now = T0;
    for (let failures = 1; failures <= 9; failures++) {
      const stub = await at(kitchenId, now, 0.5);
      const lease = await leaseOf(stub, kitchenId, "manual");
      await stub.finish(lease!, { status: "failed" });
      const cap = Math.min(30 * MINUTE, MINUTE * 2 ** (failures - 1));
      const expected = Math.max(MINUTE, Math.floor(0.5 * (cap + 1)));
      const row = await settings(kitchenId);
      expect(row!.consecutive_failures).toBe(failures);
      expect(Date.parse(row!.next_due_at!) - now).toBe(expected);
      now += MINUTE;
    }

    // A Retry-After longer than the backoff wins.
    let stub = await at(kitchenId, now, 0);
    await stub.finish((await leaseOf(stub, kitchenId, "manual"))!, { status: "failed", retryAfterMs: 2 * 60 * MINUTE });
    expect(Date.parse((await settings(kitchenId))!.next_due_at!) - now).toBe(2 * 60 * MINUTE);

    // Recovery: one success resets the count and the next run is an interval away.
    stub = await at(kitchenId, now + MINUTE);
    await stub.finish((await leaseOf(stub, kitchenId, "manual"))!, { status: "success" });
    expect(await settings(kitchenId)).toMatchObject({ consecutive_failures: 0, next_due_at: new Date(now + MINUTE + 5 * MINUTE).toISOString(), last_sync_status: "success" });
  });

  it.each([
    [15, 30],
    [60, 60],
  ])("tries again at most 30 minutes (or the interval) after 10 failures in a row: every %i minutes, within %i", async (interval, ceilingMinutes) => {
    const kitchenId = await connectedKitchen(interval);
    let now = T0;
    for (let failures = 1; failures <= 10; failures++) {
      // The top of the jitter's range: the longest wait it can draw.
      const stub = await at(kitchenId, now, 1 - 2 ** -53);
      await stub.finish((await leaseOf(stub, kitchenId, "manual"))!, { status: "failed", error: "Newbook answered HTTP 500." });
      now += 30 * MINUTE;
    }
    const row = await settings(kitchenId);
    expect(row!.consecutive_failures).toBe(10);
    const waitMs = Date.parse(row!.next_due_at!) - (now - 30 * MINUTE);
    expect(waitMs).toBe(ceilingMinutes * MINUTE);

    // Unless the API asked for longer.
    const stub = await at(kitchenId, now, 1 - 2 ** -53);
    await stub.finish((await leaseOf(stub, kitchenId, "manual"))!, { status: "failed", retryAfterMs: 3 * 60 * MINUTE });
    expect(Date.parse((await settings(kitchenId))!.next_due_at!) - now).toBe(3 * 60 * MINUTE);
  });

  it("expires a lease whose holder vanished, recording the run as timed out", async () => {
    const kitchenId = await connectedKitchen();
    let stub = await at(kitchenId, T0);
    const lease = await leaseOf(stub, kitchenId, "manual");
    expect(lease).not.toBeNull();
    expect(await stub.begin(week(kitchenId, "manual"))).toEqual({ skip: "running" });

    stub = await at(kitchenId, T0 + 21 * MINUTE);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await runs(kitchenId)).map((r) => [r.status, r.error_message])).toEqual([["failed", "The sync did not finish: it timed out and was stopped."]]);
    expect(await settings(kitchenId)).toMatchObject({ consecutive_failures: 1, last_sync_status: "failed" });
    expect(await stub.finish(lease!, { status: "success" })).toBe(false); // the vanished holder's late word counts for nothing
    expect(await leaseOf(stub, kitchenId, "manual")).not.toBeNull();
  });

  it("stops on disable, makes the kitchen due on enable, and applies a new interval to the next due time", async () => {
    const kitchenId = await connectedKitchen(60);
    let stub = await at(kitchenId, T0);
    await stub.finish((await leaseOf(stub, kitchenId))!, { status: "success" });
    expect((await settings(kitchenId))!.next_due_at).toBe(new Date(T0 + 60 * MINUTE).toISOString());

    const schedule = (enabled: boolean, intervalMinutes: number) => ({ enabled, intervalMinutes, daysAhead: 7, alertWebhookUrl: null });
    await stub.configure(kitchenId, schedule(true, 5));
    expect((await settings(kitchenId))!.next_due_at).toBe(new Date(T0 + 5 * MINUTE).toISOString());

    await stub.configure(kitchenId, schedule(false, 5));
    expect((await settings(kitchenId))!.next_due_at).toBeNull();
    stub = await at(kitchenId, T0 + 10 * MINUTE);
    expect(await stub.begin(week(kitchenId, "scheduled"))).toEqual({ skip: "disabled" });

    await stub.configure(kitchenId, schedule(true, 5));
    expect((await settings(kitchenId))!.next_due_at).toBe(new Date(T0 + 10 * MINUTE).toISOString());
    expect(await leaseOf(stub, kitchenId)).not.toBeNull();
  });
});

describe("state stored by an earlier version", () => {
  it("gets the fields added since; its lease, which this version cannot step, is let go and its row closed at the next lease", async () => {
    const kitchenId = await connectedKitchen();
    const stub = await at(kitchenId, T0);
    await env.DB.prepare("INSERT INTO sync_runs (kitchen_id, kind, status, date_from, date_to, started_at) VALUES (?, 'manual', 'running', '2026-11-21', '2026-11-28', ?)")
      .bind(kitchenId, new Date(T0 - MINUTE).toISOString())
      .run();
    // What that version mirrored to D1, and kept nowhere else.
    await env.DB.prepare("UPDATE sync_settings SET last_sync_status = 'failed', last_error_message = 'Newbook answered HTTP 500.', last_attempt_at = ? WHERE kitchen_id = ?")
      .bind(new Date(T0 - 2 * MINUTE).toISOString(), kitchenId)
      .run();
    await runInDurableObject(stub, async (instance: KitchenSyncScheduler, state) => {
      await state.storage.put("state", {
        kitchenId,
        enabled: true,
        intervalMinutes: 15,
        consecutiveFailures: 0,
        nextDueAtMs: null,
        lastSuccessAtMs: null,
        lease: { id: "old-lease", kind: "manual", takenAtMs: T0, claimedStep: 0, cancelRequested: false, runId: null },
      });
      expect(instance).toBeDefined();
    });
    expect(await stub.claim("old-lease", 1)).toEqual({ status: "stale" });
    // A settings save writes the mirror from the object's state: the status that version left stays.
    await stub.configure(kitchenId, { enabled: true, intervalMinutes: 15, daysAhead: 7, alertWebhookUrl: null });
    expect(await settings(kitchenId)).toMatchObject({ last_sync_status: "failed", last_error_message: "Newbook answered HTTP 500." });
    const lease = await leaseOf(stub, kitchenId, "manual");
    expect(lease).not.toBeNull();
    expect((await runs(kitchenId)).map((r) => r.status)).toEqual(["failed", "running"]);
    expect(await stub.finish(lease!, { status: "success" })).toBe(true);
    const row = await env.DB.prepare("SELECT enabled_since, last_sync_status FROM sync_settings WHERE kitchen_id = ?").bind(kitchenId).first();
    expect(row).toEqual({ enabled_since: new Date(T0).toISOString(), last_sync_status: "success" });
  });
});

describe("a begin whose D1 batch landed but whose answer was lost", () => {
  it("holds no lease, and its alarm closes the row it left running", async () => {
    const kitchenId = await connectedKitchen();
    const stub = await at(kitchenId, T0);
    await runInDurableObject(stub, (instance: KitchenSyncScheduler) => {
      instance.d1 = new Proxy(env.DB, {
        get: (target, key) =>
          key === "batch" ? async (statements: D1PreparedStatement[]) => Promise.reject(new Error(`D1_ERROR: network lost after ${(await target.batch(statements)).length} results`)) : Reflect.get(target, key),
      });
    });
    expect(await stub.begin(week(kitchenId, "manual"))).toEqual({ unavailable: expect.stringContaining("network lost") });
    expect((await runs(kitchenId)).map((r) => r.status)).toEqual(["running"]);
    await runInDurableObject(stub, (instance: KitchenSyncScheduler) => {
      instance.d1 = env.DB;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await runs(kitchenId)).map((r) => r.status)).toEqual(["failed"]);
    expect(await settings(kitchenId)).toMatchObject({ last_sync_status: null });
    expect(await leaseOf(stub, kitchenId, "manual")).not.toBeNull();
  });
});

describe("a paused schedule", () => {
  it("has no next due time after a Sync now, whatever its outcome", async () => {
    const kitchenId = await connectedKitchen();
    const stub = await at(kitchenId, T0);
    await stub.configure(kitchenId, { enabled: false, intervalMinutes: 15, daysAhead: 7, alertWebhookUrl: null });
    await stub.finish((await leaseOf(stub, kitchenId, "manual"))!, { status: "success" });
    expect(await settings(kitchenId)).toMatchObject({ next_due_at: null, last_sync_status: "success" });
    await stub.finish((await leaseOf(stub, kitchenId, "manual"))!, { status: "failed", error: "Newbook answered HTTP 500." });
    expect(await settings(kitchenId)).toMatchObject({ next_due_at: null, consecutive_failures: 1 });
  });
});

describe("a mirror write D1 refuses", () => {
  it("is kept by the scheduler and sent again by its alarm; the lease is free meanwhile", async () => {
    const kitchenId = await connectedKitchen();
    const stub = await at(kitchenId, T0);
    const lease = await leaseOf(stub, kitchenId, "manual");
    const runId = (await runs(kitchenId))[0]!.id;
    // D1 refuses every write of the scheduler for the moment.
    await runInDurableObject(stub, (instance: KitchenSyncScheduler) => {
      instance.d1 = new Proxy(env.DB, { get: (target, key) => (key === "batch" ? () => Promise.reject(new Error("D1_ERROR: overloaded")) : Reflect.get(target, key)) });
    });
    const lines = await loggedLines(async () => {
      expect(await stub.finish(lease!, { status: "success" })).toBe(true);
    });
    expect(lines).toContainEqual(expect.objectContaining({ level: "error", event: "scheduler_write_failed", kitchen_id: kitchenId, runs_to_close: 1 }));
    expect((await runs(kitchenId)).map((r) => r.status)).toEqual(["running"]);
    const alarmAt = await runInDurableObject(stub, (_instance: KitchenSyncScheduler, state) => state.storage.getAlarm());
    expect(alarmAt).toBeGreaterThan(Date.now());
    expect(alarmAt).toBeLessThanOrEqual(Date.now() + UNSENT_RETRY_MS);

    // D1 is back: the alarm writes what was owed.
    await runInDurableObject(stub, (instance: KitchenSyncScheduler) => {
      instance.d1 = env.DB;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await runs(kitchenId)).map((r) => [r.id, r.status])).toEqual([[runId, "success"]]);
    expect(await settings(kitchenId)).toMatchObject({ last_sync_status: "success", consecutive_failures: 0 });
    expect(await leaseOf(stub, kitchenId, "manual")).not.toBeNull();
  });
});

describe("one run at a time", () => {
  it("runs a manual and a scheduled request that arrive together once", async () => {
    const kitchenId = await connectedKitchen();
    // "Sync now" as the settings page starts it, and the cron's run, through the same door.
    const range = upcomingRange("Europe/London", 7, new Date());
    const [manual, scheduled] = await Promise.all([startRun(env, runRequest(kitchenId, "manual", range, NEWBOOK_ONLY)), startRun(env, runRequest(kitchenId, "scheduled", range, NEWBOOK_ONLY))]);
    expect([manual.started, scheduled.started].filter(Boolean)).toHaveLength(1);
    expect([manual, scheduled].filter((answer) => !answer.started)).toEqual([{ started: false, reason: "running" }]);
    await waitForRunEnd(kitchenId);
    expect((await runs(kitchenId)).map((r) => r.status)).toEqual(["success"]);
  });

  it("runs a message delivered twice once", async () => {
    const kitchenId = await connectedKitchen();
    for (const attempt of [1, 2]) {
      const body = { kind: "scheduled", kitchenId, timeZone: "Europe/London", daysAhead: 7 };
      const batch = createMessageBatch("kitchen-sync", [{ id: "same-message", timestamp: new Date(), attempts: attempt, body }]);
      const ctx = createExecutionContext();
      await handler.queue!(batch, env, ctx);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["same-message"]);
    }
    await waitForRunEnd(kitchenId);
    expect(await runs(kitchenId)).toHaveLength(1);
  });
});

describe("end to end", () => {
  it("cron -> queue -> scheduler -> sync -> D1", async () => {
    const kitchenId = await connectedKitchen();
    const ctx = createExecutionContext();
    await handler.scheduled!(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), env, ctx);

    // The real queue delivers to the consumer on its own schedule: wait for the run, and
    // for the scheduler to have recorded its outcome (a moment after the run's own row).
    const finished = async () => (await runs(kitchenId)).some((r) => r.status === "success") && (await settings(kitchenId))!.next_due_at !== null;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !(await finished())) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await runs(kitchenId)).map((r) => r.status)).toContain("success");
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM room_nights WHERE kitchen_id = ?").bind(kitchenId).first<{ n: number }>();
    expect(rows!.n).toBeGreaterThan(0);
    const row = await settings(kitchenId);
    expect(row).toMatchObject({ consecutive_failures: 0, last_sync_status: "success" });
    expect(Date.parse(row!.next_due_at!)).toBeGreaterThan(Date.now());
  }, 30_000);
});
