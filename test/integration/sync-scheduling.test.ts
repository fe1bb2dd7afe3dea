// The self-running sync in workerd: cron fan-out, the sync queue, the per-kitchen
// scheduler Durable Object (with its clock and random source set by the test) and D1.
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Bindings } from "../../src/app-env";
import { backoffDelayMs } from "../../src/domain/sync-schedule";
import worker from "../../src/index";
import type { KitchenSyncScheduler } from "../../src/scheduler/kitchen-sync-scheduler";
import { fanOutDueKitchens } from "../../src/sync/fan-out";
import { startQueuedSync } from "../../src/sync/queued-sync";
import { runWithLease, schedulerFor } from "../../src/sync/run-with-lease";
import { connectNewbook, createKitchen, waitForRunEnd } from "./helpers";

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

async function leaseOf(stub: ReturnType<typeof schedulerFor>, kitchenId: number, kind: "frequent" | "manual" = "frequent"): Promise<string | null> {
  const answer = await stub.begin(kitchenId, kind);
  return "leaseId" in answer ? answer.leaseId : null;
}

describe("the cron fan-out", () => {
  it("sends only enabled, connected, due kitchens, in batches of at most 100", async () => {
    const due = await connectedKitchen();
    const disabled = await connectedKitchen();
    const notDue = await connectedKitchen();
    const unconnected = await createKitchen("sched-unconnected", "No Newbook");
    await env.DB.batch([
      env.DB.prepare("UPDATE sync_settings SET enabled = 0 WHERE kitchen_id = ?").bind(disabled),
      env.DB.prepare("UPDATE sync_settings SET next_due_at = '2026-11-21T10:05:00.000Z' WHERE kitchen_id = ?").bind(notDue),
      env.DB.prepare("UPDATE sync_settings SET next_due_at = '2026-11-21T09:59:00.000Z' WHERE kitchen_id = ?").bind(due),
    ]);

    // The real queue, with each sendBatch call counted on its way through.
    const sent: number[][] = [];
    const counting = {
      DB: env.DB,
      SYNC_QUEUE: {
        sendBatch: async (messages: Iterable<MessageSendRequest<{ kitchenId: number }>>) => {
          const list = [...messages];
          sent.push(list.map((m) => m.body.kitchenId));
          await env.SYNC_QUEUE.sendBatch(list);
        },
      } as unknown as Queue,
    };
    expect(await fanOutDueKitchens(counting, new Date(T0))).toEqual({ due: 1, batches: 1 });
    expect(sent).toEqual([[due]]);
    expect(sent.flat()).not.toContain(unconnected);

    // 250 more due kitchens: three batches, 100 + 100 + 51.
    const more = await env.DB.batch(
      Array.from({ length: 250 }, (_, i) => env.DB.prepare("INSERT INTO kitchens (slug, name) VALUES (?, ?) RETURNING id").bind(`bulk-${i}`, `Bulk ${i}`)),
    );
    const ids = more.map((r) => (r.results[0] as { id: number }).id);
    await env.DB.batch(
      ids.flatMap((id) => [
        env.DB.prepare("INSERT INTO sync_settings (kitchen_id) VALUES (?)").bind(id),
        env.DB.prepare("INSERT INTO newbook_connections (kitchen_id, region, credentials_ciphertext) VALUES (?, 'eu', 'v1.x.y')").bind(id),
      ]),
    );
    sent.length = 0;
    expect(await fanOutDueKitchens(counting, new Date(T0))).toEqual({ due: 251, batches: 3 });
    expect(sent.map((batch) => batch.length)).toEqual([100, 100, 51]);
    // Their (unreadable) credentials are beside the point here: stop their schedules.
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
    expect(await stub.begin(kitchenId, "frequent")).toEqual({ skip: "not_due" });
    stub = await at(kitchenId, T0 + interval * MINUTE);
    expect(await leaseOf(stub, kitchenId)).not.toBeNull();
  });

  it("backs off with full jitter up to 6 hours, never sooner than Retry-After, and a success resets it", async () => {
    const kitchenId = await connectedKitchen(5);
    let now = T0;
    for (let failures = 1; failures <= 9; failures++) {
      const stub = await at(kitchenId, now, 0.5);
      const lease = await leaseOf(stub, kitchenId, "manual");
      await stub.finish(lease!, { status: "failed" });
      const cap = Math.min(6 * 60 * MINUTE, 5 * MINUTE * 2 ** (failures - 1));
      const expected = Math.max(MINUTE, Math.floor(0.5 * (cap + 1)));
      const row = await settings(kitchenId);
      expect(row!.consecutive_failures).toBe(failures);
      expect(Date.parse(row!.next_due_at!) - now).toBe(expected);
      now += MINUTE;
    }
    expect(backoffDelayMs({ consecutiveFailures: 9, intervalMinutes: 5, random: () => 0.5 })).toBe(Math.floor(0.5 * (6 * 60 * MINUTE + 1)));

    // A Retry-After longer than the backoff wins.
    let stub = await at(kitchenId, now, 0);
    await stub.finish((await leaseOf(stub, kitchenId, "manual"))!, { status: "failed", retryAfterMs: 2 * 60 * MINUTE });
    expect(Date.parse((await settings(kitchenId))!.next_due_at!) - now).toBe(2 * 60 * MINUTE);

    // Recovery: one success resets the count and the next run is an interval away.
    stub = await at(kitchenId, now + MINUTE);
    await stub.finish((await leaseOf(stub, kitchenId, "manual"))!, { status: "success" });
    expect(await settings(kitchenId)).toMatchObject({ consecutive_failures: 0, next_due_at: new Date(now + MINUTE + 5 * MINUTE).toISOString(), last_sync_status: "success" });
  });

  it("expires a lease whose holder vanished, recording the run as timed out", async () => {
    const kitchenId = await connectedKitchen();
    let stub = await at(kitchenId, T0);
    const lease = await leaseOf(stub, kitchenId, "manual");
    expect(lease).not.toBeNull();
    await env.DB.prepare("INSERT INTO sync_runs (kitchen_id, kind, status, date_from, date_to, started_at) VALUES (?, 'manual', 'running', '2026-11-21', '2026-11-28', ?)")
      .bind(kitchenId, new Date(T0).toISOString())
      .run();
    expect(await stub.begin(kitchenId, "manual")).toEqual({ skip: "running" });

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

    await stub.configure(kitchenId, { enabled: true, intervalMinutes: 5 });
    expect((await settings(kitchenId))!.next_due_at).toBe(new Date(T0 + 5 * MINUTE).toISOString());

    await stub.configure(kitchenId, { enabled: false, intervalMinutes: 5 });
    expect((await settings(kitchenId))!.next_due_at).toBeNull();
    stub = await at(kitchenId, T0 + 10 * MINUTE);
    expect(await stub.begin(kitchenId, "frequent")).toEqual({ skip: "disabled" });

    await stub.configure(kitchenId, { enabled: true, intervalMinutes: 5 });
    expect((await settings(kitchenId))!.next_due_at).toBe(new Date(T0 + 10 * MINUTE).toISOString());
    expect(await leaseOf(stub, kitchenId)).not.toBeNull();
  });
});

describe("state stored by an earlier version", () => {
  it("gets the fields added since: an enabled kitchen counts as enabled since now, an old lease runs on", async () => {
    const kitchenId = await connectedKitchen();
    const stub = await at(kitchenId, T0);
    await runInDurableObject(stub, async (instance: KitchenSyncScheduler, state) => {
      await state.storage.put("state", {
        kitchenId,
        enabled: true,
        intervalMinutes: 15,
        consecutiveFailures: 0,
        nextDueAtMs: null,
        lastSuccessAtMs: null,
        lease: { id: "old-lease", kind: "manual", takenAtMs: T0 },
      });
      expect(instance).toBeDefined();
    });
    expect(await stub.claim("old-lease", 0)).toBe("go");
    expect(await stub.finish("old-lease", { status: "success" })).toBe(true);
    const row = await env.DB.prepare("SELECT enabled_since, last_sync_status FROM sync_settings WHERE kitchen_id = ?").bind(kitchenId).first();
    expect(row).toEqual({ enabled_since: new Date(T0).toISOString(), last_sync_status: "success" });
  });
});

describe("one run at a time", () => {
  it("runs a manual and a scheduled request that arrive together once", async () => {
    const kitchenId = await connectedKitchen();
    // "Sync now" as the settings page starts it (through the queue), and the cron's run.
    const [manual, scheduled] = await Promise.all([startQueuedSync(env, kitchenId, "manual", null, new Date()), runWithLease(env, kitchenId, "frequent")]);
    expect([manual.started, scheduled.ran].filter(Boolean)).toHaveLength(1);
    if (!manual.started) expect(manual).toEqual({ started: false, reason: "running" });
    if (!scheduled.ran) expect(scheduled).toEqual({ ran: false, skipped: "running" });
    await waitForRunEnd(kitchenId);
    expect((await runs(kitchenId)).map((r) => r.status)).toEqual(["success"]);
  });

  it("runs a message delivered twice once", async () => {
    const kitchenId = await connectedKitchen();
    for (const attempt of [1, 2]) {
      const batch = createMessageBatch("kitchen-sync", [{ id: "same-message", timestamp: new Date(), attempts: attempt, body: { kitchenId, kind: "frequent" } }]);
      const ctx = createExecutionContext();
      await handler.queue!(batch, env, ctx);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["same-message"]);
    }
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
