// Sync now and historical ranges through the real queue, a chunk per message, under the
// kitchen's scheduler lease: progress, redelivery, cancel, and failures part way.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Bindings } from "../../src/app-env";
import { addDays, todayInZone } from "../../src/domain/dates";
import worker from "../../src/index";
import type { ChunkMessage } from "../../src/sync/messages";
import { cancelQueuedSync, runQueuedChunk, startQueuedSync } from "../../src/sync/queued-sync";
import { schedulerFor } from "../../src/sync/run-with-lease";
import { connectNewbook, createApiToken, createKitchen, createUser, form, loggedLines, request, signIn, waitForRunEnd, type RunRow } from "./helpers";

const handler: ExportedHandler<Bindings, unknown> = worker;
const PASSWORD = "correct horse battery staple";
let admin: string;
let manager: string;
let kitchens = 0;
const memberships: { kitchenId: number; slug: string }[] = [];

/** A connected kitchen the test's admin and manager belong to. */
async function kitchen(): Promise<{ kitchenId: number; slug: string }> {
  const slug = `queued-${++kitchens}`;
  const kitchenId = await createKitchen(slug, `Queued ${kitchens}`);
  await connectNewbook(kitchenId);
  await env.DB.batch([
    env.DB.prepare("INSERT INTO memberships (user_id, kitchen_id, role) SELECT id, ?, 'admin' FROM users WHERE email = 'admin@queued.example'").bind(kitchenId),
    env.DB.prepare("INSERT INTO memberships (user_id, kitchen_id, role) SELECT id, ?, 'manager' FROM users WHERE email = 'chef@queued.example'").bind(kitchenId),
  ]);
  memberships.push({ kitchenId, slug });
  return { kitchenId, slug };
}

async function run(runId: number): Promise<RunRow> {
  return (await env.DB.prepare("SELECT * FROM sync_runs WHERE id = ?").bind(runId).first<RunRow>())!;
}

async function settings(kitchenId: number) {
  return (await env.DB.prepare("SELECT consecutive_failures, last_sync_status FROM sync_settings WHERE kitchen_id = ?").bind(kitchenId).first())!;
}

/** A queued run opened by hand (lease and row), so the test delivers its messages itself. */
async function openRun(kitchenId: number, from: string, to: string, chunks: number): Promise<ChunkMessage> {
  const answer = await schedulerFor(env, kitchenId).begin(kitchenId, "historical");
  if (!("leaseId" in answer)) throw new Error(`no lease: ${answer.skip}`);
  const row = await env.DB.prepare(
    "INSERT INTO sync_runs (kitchen_id, kind, status, date_from, date_to, started_at, chunks_total) VALUES (?, 'historical', 'running', ?, ?, ?, ?) RETURNING id",
  )
    .bind(kitchenId, from, to, new Date().toISOString(), chunks)
    .first<{ id: number }>();
  expect(await schedulerFor(env, kitchenId).attach(answer.leaseId, row!.id)).toBe(true);
  return { kind: "chunk", kitchenId, runId: row!.id, leaseId: answer.leaseId, chunk: 0 };
}

async function deliver(body: ChunkMessage, id: string) {
  const batch = createMessageBatch("kitchen-sync", [{ id, timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  const lines = await loggedLines(() => handler.queue!(batch, env, ctx));
  return { result: await getQueueResult(batch, ctx), lines };
}

const today = todayInZone("Europe/London", new Date());

beforeAll(async () => {
  await createUser("admin@queued.example", PASSWORD, []);
  await createUser("chef@queued.example", PASSWORD, []);
  admin = await signIn("admin@queued.example", PASSWORD);
  manager = await signIn("chef@queued.example", PASSWORD);
});

describe("a historical range", () => {
  it("runs through the queue in chunks of at most 31 nights, rewriting locked past nights, with its totals and log lines", async () => {
    const { kitchenId, slug } = await kitchen();
    const from = addDays(today, -40);
    const to = addDays(today, 29); // 70 nights: 31 + 31 + 8
    const marker = (night: string) =>
      env.DB.prepare(
        `INSERT INTO room_nights (kitchen_id, night, booking_id, adults, children, infants, dinner, breakfast, package, arrival, departure)
         VALUES (?, ?, 'marker', 2, 0, 0, 1, 1, 0, ?, ?)`,
      ).bind(kitchenId, night, night, addDays(night, 1));
    await env.DB.batch([marker(addDays(today, -20)), marker(addDays(today, -50))]);

    let response: Response | undefined;
    let ended: RunRow | undefined;
    const lines = await loggedLines(async () => {
      response = await request(`/k/${slug}/settings/sync/historical`, { method: "POST", cookie: admin, body: form({ date_from: from, date_to: to }) });
      ended = await waitForRunEnd(kitchenId);
    });
    expect(response!.status).toBe(303);
    expect(response!.headers.get("location")).toContain("notice=sync-started");
    expect(ended).toMatchObject({ kind: "historical", status: "success", chunks_done: 3, chunks_total: 3, date_from: from, date_to: to });
    expect(ended!.api_calls).toBe(1 + 3 * 3); // the rooms once; GL accounts, bookings and occupancy per chunk

    const markers = (await env.DB.prepare("SELECT night FROM room_nights WHERE kitchen_id = ? AND booking_id = 'marker'").bind(kitchenId).all<{ night: string }>()).results;
    expect(markers.map((m) => m.night)).toEqual([addDays(today, -50)]); // inside the range: replaced; outside: kept
    const totals = await env.DB.prepare("SELECT count(*) AS n FROM daily_occupancy WHERE kitchen_id = ? AND date BETWEEN ? AND ?").bind(kitchenId, from, to).first<{ n: number }>();
    expect(totals!.n).toBe(70);

    const runId = (ended as unknown as { id: number }).id;
    expect(lines.filter((line) => line.event === "sync_message" && line.run_id === runId).map((line) => line.chunk)).toEqual([0, 1, 2]);
    expect(lines).toContainEqual(expect.objectContaining({ event: "sync_started", kitchen_id: kitchenId, kind: "historical", run_id: runId, chunks: 3 }));
    expect(lines).toContainEqual(
      expect.objectContaining({ event: "sync_finished", kitchen_id: kitchenId, kind: "historical", run_id: runId, status: "success", api_calls: ended!.api_calls }),
    );
    const finished = lines.find((line) => line.event === "sync_finished" && line.run_id === runId)!;
    expect(finished.duration_ms).toEqual(expect.any(Number));
    expect(finished.records).toEqual(expect.any(Number));
    expect(await settings(kitchenId)).toMatchObject({ consecutive_failures: 0, last_sync_status: "success" });
  });

  it("refuses a range that is backwards or longer than 365 days, with the reason, starting nothing", async () => {
    const { kitchenId, slug } = await kitchen();
    for (const [dateFrom, dateTo, reason] of [
      [today, addDays(today, -1), "the first date must not be after the last date"],
      [addDays(today, -400), today, "at most 365 days"],
      ["", today, "the first date must be a date as YYYY-MM-DD"],
    ] as const) {
      const response = await request(`/k/${slug}/settings/sync/historical`, {
        method: "POST",
        cookie: admin,
        headers: { "HX-Request": "true" },
        body: form({ date_from: dateFrom, date_to: dateTo }),
      });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain(reason);
      expect(html).toContain(`value="${dateTo}"`);
    }
    expect((await env.DB.prepare("SELECT count(*) AS n FROM sync_runs WHERE kitchen_id = ?").bind(kitchenId).first<{ n: number }>())!.n).toBe(0);
  });
});

describe("a queued run's messages", () => {
  it("run a redelivered chunk once", async () => {
    const { kitchenId } = await kitchen();
    const message = await openRun(kitchenId, today, addDays(today, 6), 1);
    const first = await deliver(message, "chunk-message");
    expect(first.result.explicitAcks).toEqual(["chunk-message"]);
    const afterFirst = await run(message.runId);
    expect(afterFirst).toMatchObject({ status: "success", chunks_done: 1 });

    const again = await deliver(message, "chunk-message");
    expect(again.result.explicitAcks).toEqual(["chunk-message"]);
    expect(again.lines).toContainEqual(expect.objectContaining({ event: "sync_skipped", run_id: message.runId, chunk: 0, reason: "repeat" }));
    expect(await run(message.runId)).toEqual(afterFirst);
  });

  it("stop at a cancel before the next chunk, without counting a failure, and free the kitchen for the next run", async () => {
    const { kitchenId, slug } = await kitchen();
    const message = await openRun(kitchenId, addDays(today, -60), today, 2);
    const refused = await request(`/k/${slug}/settings/sync/cancel`, { method: "POST", cookie: manager });
    expect(refused.status).toBe(403);

    const response = await request(`/k/${slug}/settings/sync/cancel`, { method: "POST", cookie: admin, headers: { "HX-Request": "true" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Cancelled. The sync stops before its next chunk");
    const cancelled = await run(message.runId);
    expect(cancelled).toMatchObject({ status: "cancelled", chunks_done: 0 });
    expect(cancelled.error_message).toBe("Cancelled by admin@queued.example; the nights synced before then are kept.");

    const { lines } = await deliver(message, "cancelled-chunk");
    expect(lines).toContainEqual(expect.objectContaining({ event: "sync_skipped", run_id: message.runId, reason: "cancelled" }));
    expect(await run(message.runId)).toMatchObject({ status: "cancelled", api_calls: 0 });
    expect(await settings(kitchenId)).toMatchObject({ consecutive_failures: 0, last_sync_status: "cancelled" });

    // Nothing left to cancel: said so. And the kitchen is free for the next run.
    const nothing = await request(`/k/${slug}/settings/sync/cancel`, { method: "POST", cookie: admin, headers: { "HX-Request": "true" } });
    expect(await nothing.text()).toContain("There was no Sync now or range running to cancel.");
    expect("leaseId" in (await schedulerFor(env, kitchenId).begin(kitchenId, "manual"))).toBe(true);
  });

  it("end a run as failed at the chunk that failed, keeping the chunks written before it", async () => {
    const { kitchenId } = await kitchen();
    const message = await openRun(kitchenId, addDays(today, -61), addDays(today, -1), 2);
    expect(await runQueuedChunk(env, message)).toEqual({ done: false });
    expect(await run(message.runId)).toMatchObject({ status: "running", chunks_done: 1 });
    const firstChunkNights = await env.DB.prepare("SELECT count(*) AS n FROM daily_occupancy WHERE kitchen_id = ?").bind(kitchenId).first<{ n: number }>();
    expect(firstChunkNights!.n).toBe(31);

    const refusing = async () => new Response(JSON.stringify({ success: "false", message: "Invalid credentials" }), { status: 401 });
    expect(await runQueuedChunk(env, { ...message, chunk: 1 }, { fetch: refusing })).toMatchObject({ done: true, status: "failed" });
    const failed = await run(message.runId);
    expect(failed).toMatchObject({ status: "failed", chunks_done: 1 });
    expect(failed.error_message).toMatch(/Newbook rejected/);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM daily_occupancy WHERE kitchen_id = ?").bind(kitchenId).first<{ n: number }>())!.n).toBe(31);
  });
});

describe("a queued run's end", () => {
  it("is cancelled, not failed, when a chunk in progress fails after the cancel, and the streak stands", async () => {
    const { kitchenId } = await kitchen();
    const message = await openRun(kitchenId, addDays(today, -40), today, 2);
    const scheduler = schedulerFor(env, kitchenId);
    expect(await scheduler.claim(message.leaseId, 0)).toBe("go");
    expect(await cancelQueuedSync(env, kitchenId, message.runId, "admin@queued.example")).toBe(true);
    expect(await scheduler.finish(message.leaseId, { status: "failed", error: "Newbook timed out" })).toBe(true);
    expect(await run(message.runId)).toMatchObject({ status: "cancelled" });
    expect(await settings(kitchenId)).toMatchObject({ consecutive_failures: 0, last_sync_status: "cancelled" });
  });

  it("closes the run's row when the lease ends, so a failure of our own platform never leaves it running", async () => {
    const { kitchenId } = await kitchen();
    const message = await openRun(kitchenId, today, addDays(today, 3), 1);
    const scheduler = schedulerFor(env, kitchenId);
    expect(await scheduler.claim(message.leaseId, 0)).toBe("go");
    expect(await scheduler.finish(message.leaseId, { status: "failed", error: "The sync failed inside Kitchen Residents: D1 is unavailable" })).toBe(true);
    expect(await run(message.runId)).toMatchObject({ status: "failed", error_message: "The sync failed inside Kitchen Residents: D1 is unavailable" });
    expect(await settings(kitchenId)).toMatchObject({ consecutive_failures: 1, last_sync_status: "failed" });
  });

  it("cancels only the run named, never the kitchen's next one", async () => {
    const { kitchenId } = await kitchen();
    const first = await openRun(kitchenId, today, today, 1);
    await schedulerFor(env, kitchenId).finish(first.leaseId, { status: "success" });
    const second = await openRun(kitchenId, today, today, 1);
    expect(await cancelQueuedSync(env, kitchenId, first.runId, "admin@queued.example")).toBe(false);
    expect(await run(second.runId)).toMatchObject({ status: "running" });
    await schedulerFor(env, kitchenId).finish(second.leaseId, { status: "success" });
  });

  it("leaves nothing running when the queue refuses the first message", async () => {
    const { kitchenId } = await kitchen();
    const refusing = { ...env, SYNC_QUEUE: { send: async () => Promise.reject(new Error("Queue send failed: overloaded")) } as unknown as Queue };
    expect(await startQueuedSync(refusing, kitchenId, "manual", null, new Date())).toEqual({ started: false, reason: "unavailable" });
    const row = await env.DB.prepare("SELECT status, error_message FROM sync_runs WHERE kitchen_id = ?").bind(kitchenId).first();
    expect(row).toEqual({ status: "failed", error_message: "The sync could not be queued. Try again in a moment." });
    expect("leaseId" in (await schedulerFor(env, kitchenId).begin(kitchenId, "manual"))).toBe(true);
  });
});

describe("the settings page during a queued run", () => {
  it("shows the progress and a cancel button, keeps Sync now off, and asks for itself until the run ends", async () => {
    const { kitchenId, slug } = await kitchen();
    const message = await openRun(kitchenId, addDays(today, -80), today, 3);
    await env.DB.prepare("UPDATE sync_runs SET chunks_done = 1 WHERE id = ?").bind(message.runId).run();
    const fragment = await (await request(`/k/${slug}/settings/sync`, { cookie: admin, headers: { "HX-Request": "true" } })).text();
    expect(fragment).toContain('<progress max="3" value="1"');
    expect(fragment).toContain("1 of 3 chunks of up to 31 nights done.");
    expect(fragment).toContain(`hx-get="/k/${slug}/settings/sync" hx-trigger="every 2s"`);
    expect(fragment).toContain("Cancel this sync");
    expect(fragment).toMatch(/<button type="submit" class="primary" disabled="">\s*Sync now/);

    // Sync now while it runs: said, and no second run.
    const busy = await (await request(`/k/${slug}/settings/sync`, { method: "POST", cookie: admin, headers: { "HX-Request": "true" } })).text();
    expect(busy).toContain("A sync is running already");
    expect((await env.DB.prepare("SELECT count(*) AS n FROM sync_runs WHERE kitchen_id = ?").bind(kitchenId).first<{ n: number }>())!.n).toBe(1);

    // Without htmx, the address is the settings page.
    const plain = await request(`/k/${slug}/settings/sync`, { cookie: admin });
    expect(plain.status).toBe(303);
  });
});

describe("the JSON API", () => {
  it("queues a historical range (202), follows it to the end, and cancels only a running run", async () => {
    const { kitchenId } = await kitchen();
    const token = await createApiToken(kitchenId, "admin");
    const auth = { authorization: `Bearer ${token.token}`, "content-type": "application/json" };
    const response = await request("/api/newbook/sync/historical", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ date_from: addDays(today, -35), date_to: today }),
    });
    expect(response.status).toBe(202);
    const queued = await response.json<{ id: number; chunks_total: number; status: string }>();
    expect(queued).toMatchObject({ status: "running", chunks_total: 2 });
    await waitForRunEnd(kitchenId);
    const followed = await (await request(`/api/newbook/sync/runs/${queued.id}`, { headers: auth })).json();
    expect(followed).toMatchObject({ id: queued.id, status: "success", chunks_done: 2, chunks_total: 2 });
    const late = await request(`/api/newbook/sync/runs/${queued.id}/cancel`, { method: "POST", headers: auth });
    expect(late.status).toBe(409);

    // Another kitchen's run is not there.
    const other = await kitchen();
    const otherMessage = await openRun(other.kitchenId, today, today, 1);
    expect((await request(`/api/newbook/sync/runs/${otherMessage.runId}`, { headers: auth })).status).toBe(404);
    expect((await request(`/api/newbook/sync/runs/${otherMessage.runId}/cancel`, { method: "POST", headers: auth })).status).toBe(404);
    expect((await request("/api/newbook/sync/runs/abc", { headers: auth })).status).toBe(404);
  });
});
