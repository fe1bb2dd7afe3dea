// Runs on the one pipeline, in workerd: started by the cron's message, Sync now or a range,
// stepped through the real queue under the kitchen's scheduler lease; progress, redelivery,
// cancel, failures part way and of our own platform, dead letters, and refused inputs.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Bindings } from "../../src/app-env";
import { addDays, todayInZone } from "../../src/domain/dates";
import { NO_TOTALS } from "../../src/domain/sync-run";
import worker from "../../src/index";
import type { ScheduledMessage, StepMessage } from "../../src/sync/messages";
import { cancelRun, runRequest, schedulerFor, startRun } from "../../src/sync/run-control";
import { runStep } from "../../src/sync/run-step";
import { DROPPED } from "../../src/sync/dead-letters";
import { browserPost, connectNewbook, createApiToken, createKitchen, createUser, loggedLines, NEWBOOK_ONLY, request, runRow, signIn, waitForRunEnd, type RunRow } from "./helpers";

const handler: ExportedHandler<Bindings, unknown> = worker;
const PASSWORD = "correct horse battery staple";
let admin: string;
let manager: string;
let kitchens = 0;

/** A connected kitchen the test's admin and manager belong to. */
async function kitchen(): Promise<{ kitchenId: number; slug: string }> {
  const slug = `runs-${++kitchens}`;
  const kitchenId = await createKitchen(slug, `Runs ${kitchens}`);
  await connectNewbook(kitchenId);
  await env.DB.batch([
    env.DB.prepare("INSERT INTO memberships (user_id, kitchen_id, role) SELECT id, ?, 'admin' FROM users WHERE email = 'admin@runs.example'").bind(kitchenId),
    env.DB.prepare("INSERT INTO memberships (user_id, kitchen_id, role) SELECT id, ?, 'manager' FROM users WHERE email = 'chef@runs.example'").bind(kitchenId),
  ]);
  return { kitchenId, slug };
}

async function settings(kitchenId: number) {
  return (await env.DB.prepare("SELECT consecutive_failures, last_sync_status, last_error_message, last_attempt_at, last_sync_at FROM sync_settings WHERE kitchen_id = ?").bind(kitchenId).first())!;
}

async function runsOf(kitchenId: number): Promise<RunRow[]> {
  return (await env.DB.prepare("SELECT * FROM sync_runs WHERE kitchen_id = ? ORDER BY id").bind(kitchenId).all<RunRow>()).results;
}

/** A run opened by the scheduler as any run is, its first step message kept for the test to deliver. */
async function openRun(kitchenId: number, from: string, to: string): Promise<StepMessage> {
  const answer = await schedulerFor(env, kitchenId).begin(runRequest(kitchenId, "historical", { from, to }, NEWBOOK_ONLY));
  if (!("leaseId" in answer)) throw new Error(`no lease: ${JSON.stringify(answer)}`);
  return { kind: "step", kitchenId, runId: answer.runId, leaseId: answer.leaseId, step: 0, failed: [], totals: NO_TOTALS };
}

async function deliver(queue: string, body: unknown, id: string) {
  const batch = createMessageBatch(queue, [{ id, timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  const lines = await loggedLines(() => handler.queue!(batch, env, ctx));
  return { result: await getQueueResult(batch, ctx), lines };
}

async function leaseIsFree(kitchenId: number): Promise<boolean> {
  const answer = await schedulerFor(env, kitchenId).begin(runRequest(kitchenId, "manual", { from: today, to: today }, NEWBOOK_ONLY));
  if (!("leaseId" in answer)) return false;
  await schedulerFor(env, kitchenId).finish(answer.leaseId, { status: "cancelled" });
  return true;
}

const today = todayInZone("Europe/London", new Date());

beforeAll(async () => {
  await createUser("admin@runs.example", PASSWORD, []);
  await createUser("chef@runs.example", PASSWORD, []);
  admin = await signIn("admin@runs.example", PASSWORD);
  manager = await signIn("chef@runs.example", PASSWORD);
});

describe("a range", () => {
  it("runs through the queue in steps of at most 31 nights, rewriting locked past nights, with its totals and log lines", async () => {
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
      response = await browserPost(`/k/${slug}/settings/sync/historical`, { cookie: admin, fields: { date_from: from, date_to: to } });
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

    const runId = ended!.id;
    expect(lines.filter((line) => line.event === "sync_message" && line.run_id === runId).map((line) => line.step)).toEqual([0, 1, 2]);
    expect(lines).toContainEqual(expect.objectContaining({ event: "sync_started", kitchen_id: kitchenId, kind: "historical", run_id: runId, steps: 3 }));
    const finished = lines.filter((line) => line.event === "sync_finished" && line.run_id === runId);
    expect(finished).toEqual([expect.objectContaining({ kitchen_id: kitchenId, kind: "historical", status: "success", api_calls: ended!.api_calls, records: ended!.records_fetched })]);
    expect(finished[0]!.duration_ms).toEqual(expect.any(Number));
    expect(await settings(kitchenId)).toMatchObject({ consecutive_failures: 0, last_sync_status: "success" });
  });

  it("is refused with the reason beside its date when backwards, longer than 365 days or not a date, starting nothing", async () => {
    const { kitchenId, slug } = await kitchen();
    for (const [dateFrom, dateTo, field, reason] of [
      [today, addDays(today, -1), "date_to", "Must not be before the first date."],
      [addDays(today, -400), today, "date_to", "May be at most 365 days after the first date."],
      ["", today, "date_from", "Must be a date as YYYY-MM-DD."],
      ["0000-12-30", "0000-12-31", "date_from", "Must be a date from 0001-01-01 to 9999-12-30."],
    ] as const) {
      const response = await browserPost(`/k/${slug}/settings/sync/historical`, { cookie: admin, htmx: true, fields: { date_from: dateFrom, date_to: dateTo } });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain(`<span class="field-error" id="${field}-error">${reason}</span>`);
      expect(html).toContain(`value="${dateTo}"`);
    }
    expect(await runsOf(kitchenId)).toEqual([]);
  });
});

describe("the dates a range may reach", () => {
  it("answer 202 up to 9999-12-30 and 400 past it or before 0001-01-01, never 500, and Sync now right after is not refused", async () => {
    const { kitchenId } = await kitchen();
    const { token } = await createApiToken(kitchenId, "admin");
    const post = (path: string, body?: unknown) =>
      request(path, { method: "POST", headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });

    for (const [dateFrom, dateTo] of [
      ["9999-12-01", "9999-12-31"],
      ["9999-12-01", "10000-01-01"],
      ["0000-01-01", "0000-01-31"],
    ]) {
      const refused = await post("/api/newbook/sync/historical", { date_from: dateFrom, date_to: dateTo });
      expect(refused.status, `${dateFrom}..${dateTo}`).toBe(400);
      expect(await refused.json()).toEqual({ error: expect.stringMatching(/^date_(from|to) must be a date/), field: expect.stringMatching(/^date_(from|to)$/) });
    }
    expect(await runsOf(kitchenId)).toEqual([]);

    const last = await post("/api/newbook/sync/historical", { date_from: "9999-12-01", date_to: "9999-12-30" });
    expect(last.status).toBe(202);
    expect(await waitForRunEnd(kitchenId)).toMatchObject({ status: "success", date_to: "9999-12-30" });

    const syncNow = await post("/api/newbook/sync/upcoming");
    expect(syncNow.status).toBe(202);
    expect(await waitForRunEnd(kitchenId)).toMatchObject({ kind: "manual", status: "success" });
  });
});

describe("a run's messages", () => {
  it("run a redelivered step once", async () => {
    const { kitchenId } = await kitchen();
    const message = await openRun(kitchenId, today, addDays(today, 6));
    const first = await deliver("kitchen-sync", message, "step-message");
    expect(first.result.explicitAcks).toEqual(["step-message"]);
    const afterFirst = await runRow(message.runId);
    expect(afterFirst).toMatchObject({ status: "success", chunks_done: 1 });

    const again = await deliver("kitchen-sync", message, "step-message");
    expect(again.result.explicitAcks).toEqual(["step-message"]);
    expect(again.lines).toContainEqual(expect.objectContaining({ event: "sync_skipped", run_id: message.runId, step: 0, reason: "repeat" }));
    expect(await runRow(message.runId)).toEqual(afterFirst);
  });

  it("stop at a cancel before the next step, without counting a failure, and free the kitchen for the next run", async () => {
    const { kitchenId, slug } = await kitchen();
    const message = await openRun(kitchenId, addDays(today, -60), today);
    const refused = await browserPost(`/k/${slug}/settings/sync/cancel`, { cookie: manager, fields: { run_id: String(message.runId) } });
    expect(refused.status).toBe(403);

    const response = await browserPost(`/k/${slug}/settings/sync/cancel`, { cookie: admin, htmx: true, fields: { run_id: String(message.runId) } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Cancelled. The sync stops before its next chunk");
    const cancelled = await runRow(message.runId);
    expect(cancelled).toMatchObject({ status: "cancelled", chunks_done: 0 });
    expect(cancelled.error_message).toBe("Cancelled by admin@runs.example; the nights synced before then are kept.");

    const { lines } = await deliver("kitchen-sync", message, "cancelled-step");
    expect(lines).toContainEqual(expect.objectContaining({ event: "sync_skipped", run_id: message.runId, reason: "cancelled" }));
    expect(await runRow(message.runId)).toMatchObject({ status: "cancelled", api_calls: 0 });
    expect(await settings(kitchenId)).toMatchObject({ consecutive_failures: 0, last_sync_status: "cancelled" });

    // Nothing left to cancel: said so. And the kitchen is free for the next run.
    const nothing = await browserPost(`/k/${slug}/settings/sync/cancel`, { cookie: admin, htmx: true, fields: { run_id: String(message.runId) } });
    expect(await nothing.text()).toContain("There was no sync running to cancel");
    expect(await leaseIsFree(kitchenId)).toBe(true);
  });

  it("end a run as failed at the step whose source failed, keeping the steps written before it", async () => {
    const { kitchenId } = await kitchen();
    const message = await openRun(kitchenId, addDays(today, -61), addDays(today, -1));
    const scheduler = schedulerFor(env, kitchenId);
    const claim = async (step: number) => {
      const answer = await scheduler.claim(message.leaseId, step);
      if (answer.status !== "go") throw new Error(`step ${step}: ${answer.status}`);
      return answer.run;
    };
    const first = await runStep(env, message, await claim(0));
    expect(first).toMatchObject({ next: { step: 1, failed: [] } });
    expect(await runRow(message.runId)).toMatchObject({ status: "running", chunks_done: 1 });
    const count = async () => (await env.DB.prepare("SELECT count(*) AS n FROM daily_occupancy WHERE kitchen_id = ?").bind(kitchenId).first<{ n: number }>())!.n;
    expect(await count()).toBe(31);

    const refusing = async () => new Response(JSON.stringify({ success: "false", message: "Invalid credentials" }), { status: 401 });
    const second = await runStep(env, { ...message, step: 1 }, await claim(1), { fetch: refusing });
    expect(second).toMatchObject({ end: { status: "failed", error: "Newbook rejected the username/password." } });
    expect(await scheduler.finish(message.leaseId, (second as { end: Parameters<typeof scheduler.finish>[1] }).end)).toBe(true);
    const failed = await runRow(message.runId);
    expect(failed).toMatchObject({ status: "failed", chunks_done: 1, error_message: "Newbook rejected the username/password." });
    expect(await count()).toBe(31);
  });
});

describe("a run that our own platform fails", () => {
  it("a scheduled run whose write D1 refuses leaves no row running and the lease free", async () => {
    const { kitchenId } = await kitchen();
    const before = await runsOf(kitchenId);
    // D1 refuses the step's batch: its table is gone for the moment.
    await env.DB.prepare("ALTER TABLE room_nights RENAME TO room_nights_away").run();
    try {
      const scheduled: ScheduledMessage = { kind: "scheduled", kitchenId, timeZone: "Europe/London", daysAhead: 7 };
      const { result } = await deliver("kitchen-sync", scheduled, "scheduled-message");
      expect(result.explicitAcks).toEqual(["scheduled-message"]);
      const ended = await waitForRunEnd(kitchenId);
      expect(ended).toMatchObject({ kind: "scheduled", status: "failed" });
      expect(ended.error_message).toMatch(/^The sync failed inside Kitchen Residents: .*room_nights/);
    } finally {
      await env.DB.prepare("ALTER TABLE room_nights_away RENAME TO room_nights").run();
    }
    expect((await runsOf(kitchenId)).filter((run) => run.status === "running")).toEqual([]);
    expect((await runsOf(kitchenId)).length).toBe(before.length + 1);
    expect(await settings(kitchenId)).toMatchObject({ consecutive_failures: 1, last_sync_status: "failed" });
    expect(await leaseIsFree(kitchenId)).toBe(true);
  });

  it("a run whose first step the queue refuses is closed as failed at once, and the kitchen is free", async () => {
    const { kitchenId } = await kitchen();
    const refusing = { ...env, SYNC_QUEUE: { send: async () => Promise.reject(new Error("Queue send failed: overloaded")) } as unknown as Queue };
    expect(await startRun(refusing, runRequest(kitchenId, "manual", { from: today, to: addDays(today, 7) }, NEWBOOK_ONLY))).toEqual({ started: false, reason: "not_queued" });
    expect((await runsOf(kitchenId)).map((run) => [run.status, run.error_message])).toEqual([["failed", "The sync could not be queued. Try again in a moment."]]);
    expect(await leaseIsFree(kitchenId)).toBe(true);
  });

  it("a row left running by a holder that vanished before its lease was recorded is closed when the next lease is taken", async () => {
    const { kitchenId } = await kitchen();
    await env.DB.prepare("INSERT INTO sync_runs (kitchen_id, kind, status, date_from, date_to, started_at) VALUES (?, 'manual', 'running', ?, ?, ?)")
      .bind(kitchenId, today, today, new Date().toISOString())
      .run();
    expect(await leaseIsFree(kitchenId)).toBe(true);
    const [orphan] = await runsOf(kitchenId);
    expect(orphan).toMatchObject({ status: "failed", error_message: "The sync stopped before it finished. Try again; if it happens again, the logs say why." });
  });
});

describe("a cancel while a step is writing", () => {
  it("is not ended by that step delivered again: the lease holds until the next step or the step's own end", async () => {
    const { kitchenId } = await kitchen();
    const message = await openRun(kitchenId, addDays(today, -40), today);
    const scheduler = schedulerFor(env, kitchenId);
    expect(await scheduler.claim(message.leaseId, 0)).toMatchObject({ status: "go" });
    expect(await cancelRun(env, kitchenId, message.runId, "admin@runs.example")).toBe(true);
    // The queue delivers step 0 a second time while the first is still writing.
    expect(await scheduler.claim(message.leaseId, 0)).toEqual({ status: "stale" });
    expect(await leaseIsFree(kitchenId)).toBe(false);
    // The next step sees the cancel and ends the run.
    expect(await scheduler.claim(message.leaseId, 1)).toEqual({ status: "cancelled" });
    expect(await runRow(message.runId)).toMatchObject({ status: "cancelled" });
    expect(await leaseIsFree(kitchenId)).toBe(true);
  });
});

describe("a run's end", () => {
  it("is cancelled, not failed, when a step in progress fails after the cancel, and the streak stands", async () => {
    const { kitchenId } = await kitchen();
    const message = await openRun(kitchenId, addDays(today, -40), today);
    const scheduler = schedulerFor(env, kitchenId);
    expect(await scheduler.claim(message.leaseId, 0)).toMatchObject({ status: "go" });
    expect(await cancelRun(env, kitchenId, message.runId, "admin@runs.example")).toBe(true);
    expect(await scheduler.finish(message.leaseId, { status: "failed", error: "Newbook timed out" })).toBe(true);
    expect(await runRow(message.runId)).toMatchObject({ status: "cancelled" });
    expect(await settings(kitchenId)).toMatchObject({ consecutive_failures: 0, last_sync_status: "cancelled" });
  });

  it("cancels only the run named, never the kitchen's next one", async () => {
    const { kitchenId } = await kitchen();
    const first = await openRun(kitchenId, today, today);
    await schedulerFor(env, kitchenId).finish(first.leaseId, { status: "success" });
    const second = await openRun(kitchenId, today, today);
    expect(await cancelRun(env, kitchenId, first.runId, "admin@runs.example")).toBe(false);
    expect(await runRow(second.runId)).toMatchObject({ status: "running" });
    await schedulerFor(env, kitchenId).finish(second.leaseId, { status: "success" });
  });
});

describe("a dead letter", () => {
  it("of a scheduled message becomes a failed run with the reason, and is logged", async () => {
    const { kitchenId } = await kitchen();
    const scheduled: ScheduledMessage = { kind: "scheduled", kitchenId, timeZone: "Europe/London", daysAhead: 7 };
    const { result, lines } = await deliver("kitchen-sync-dlq", scheduled, "dead-scheduled");
    expect(result.explicitAcks).toEqual(["dead-scheduled"]);
    expect((await runsOf(kitchenId)).map((run) => [run.kind, run.status, run.error_message, run.date_from, run.date_to])).toEqual([
      ["scheduled", "failed", DROPPED, today, addDays(today, 7)],
    ]);
    expect(lines).toContainEqual(expect.objectContaining({ level: "error", event: "sync_dead_letter", kitchen_id: kitchenId, kind: "scheduled" }));
  });

  it("of a step ends its run as failed and frees the kitchen", async () => {
    const { kitchenId } = await kitchen();
    const message = await openRun(kitchenId, today, addDays(today, 3));
    const { result, lines } = await deliver("kitchen-sync-dlq", message, "dead-step");
    expect(result.explicitAcks).toEqual(["dead-step"]);
    expect(await runRow(message.runId)).toMatchObject({ status: "failed", error_message: DROPPED });
    expect(await settings(kitchenId)).toMatchObject({ consecutive_failures: 1, last_sync_status: "failed", last_error_message: DROPPED });
    expect(lines).toContainEqual(expect.objectContaining({ event: "sync_dead_letter", kitchen_id: kitchenId, run_id: message.runId }));
    expect(await leaseIsFree(kitchenId)).toBe(true);
  });

  it("that cannot be read is acknowledged and logged, never retried", async () => {
    const { result, lines } = await deliver("kitchen-sync-dlq", { kind: "sometimes" }, "dead-unreadable");
    expect(result.explicitAcks).toEqual(["dead-unreadable"]);
    expect(result.retryMessages).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ event: "sync_dead_letter", message_id: "dead-unreadable", readable: false }));
  });
});

describe("the settings page during a run", () => {
  it("shows the progress and a cancel button, keeps Sync now off, and asks for itself until the run ends", async () => {
    const { kitchenId, slug } = await kitchen();
    const message = await openRun(kitchenId, addDays(today, -80), today);
    await env.DB.prepare("UPDATE sync_runs SET chunks_done = 1 WHERE id = ?").bind(message.runId).run();
    const fragment = await (await request(`/k/${slug}/settings/sync`, { cookie: admin, headers: { "HX-Request": "true" } })).text();
    expect(fragment).toContain('<progress max="3" value="1"');
    expect(fragment).toContain("1 of 3 chunks of up to 31 nights done.");
    // A run this page did not start is shown, but not followed to its end.
    expect(fragment).toContain(`hx-get="/k/${slug}/settings/sync" hx-trigger="every 2s"`);
    // One it started is, and says so beside Sync now.
    const following = await (await request(`/k/${slug}/settings/sync?watching=${message.runId}`, { cookie: admin, headers: { "HX-Request": "true" } })).text();
    expect(following).toContain(`hx-get="/k/${slug}/settings/sync?watching=${message.runId}" hx-trigger="every 2s"`);
    expect(following).toContain('id="sync-result" class="notice" role="status" tabindex="-1">The sync is running; how it ends will show here.</p>');
    expect(fragment).toContain(`<input type="hidden" name="run_id" value="${message.runId}"/>`);
    expect(fragment).toMatch(/<button type="submit" class="primary" disabled="">\s*Sync now/);

    // Sync now while it runs: said, and no second run.
    const busy = await (await browserPost(`/k/${slug}/settings/sync`, { cookie: admin, htmx: true })).text();
    expect(busy).toContain("A sync is running already");
    expect(await runsOf(kitchenId)).toHaveLength(1);

    // Without htmx, the address is the settings page.
    const plain = await request(`/k/${slug}/settings/sync`, { cookie: admin });
    expect(plain.status).toBe(303);
    await schedulerFor(env, kitchenId).finish(message.leaseId, { status: "cancelled" });

    // The poll after the run ended says so beside Sync now, taking the focus, and brings the banner along.
    const ended = await (await request(`/k/${slug}/settings/sync?watching=${message.runId}`, { cookie: admin, headers: { "HX-Request": "true" } })).text();
    expect(ended).toContain('tabindex="-1" autofocus="" data-result="">The sync was cancelled; the nights synced before it stopped are kept.</p>');
    expect(ended).not.toContain("hx-trigger");
    expect(ended).toContain('<div id="sync-banner" hx-swap-oob="true">');
    // A poll that followed nothing says nothing.
    const idle = await (await request(`/k/${slug}/settings/sync`, { cookie: admin, headers: { "HX-Request": "true" } })).text();
    expect(idle).not.toContain("data-result");
    expect(idle).not.toContain("hx-swap-oob");
  });
});

describe("the JSON API", () => {
  it("queues a range (202), follows it to the end, and cancels only a running run", async () => {
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
    expect(response.headers.get("location")).toBe(`/api/newbook/sync/runs/${queued.id}`);
    await waitForRunEnd(kitchenId);
    const followed = await (await request(`/api/newbook/sync/runs/${queued.id}`, { headers: auth })).json();
    expect(followed).toMatchObject({ id: queued.id, kind: "historical", status: "success", chunks_done: 2, chunks_total: 2 });
    const late = await request(`/api/newbook/sync/runs/${queued.id}/cancel`, { method: "POST", headers: { authorization: auth.authorization } });
    expect(late.status).toBe(409);

    // Another kitchen's run is not there.
    const other = await kitchen();
    const otherMessage = await openRun(other.kitchenId, today, today);
    expect((await request(`/api/newbook/sync/runs/${otherMessage.runId}`, { headers: auth })).status).toBe(404);
    expect((await request(`/api/newbook/sync/runs/${otherMessage.runId}/cancel`, { method: "POST", headers: { authorization: auth.authorization } })).status).toBe(404);
    expect((await request("/api/newbook/sync/runs/abc", { headers: auth })).status).toBe(404);
    await schedulerFor(env, other.kitchenId).finish(otherMessage.leaseId, { status: "cancelled" });
  });

  it("starts Sync now and cancels a running run with a bearer token and no body, as the README's curl does", async () => {
    const { kitchenId } = await kitchen();
    const token = await createApiToken(kitchenId, "admin");
    const started = await request("/api/newbook/sync/upcoming", { method: "POST", headers: { authorization: `Bearer ${token.token}` } });
    expect(started.status).toBe(202);
    const run = await started.json<{ id: number; kind: string; date_from: string; date_to: string }>();
    expect(run).toMatchObject({ kind: "manual", date_from: today, date_to: addDays(today, 7) });
    await waitForRunEnd(kitchenId);

    const message = await openRun(kitchenId, today, today);
    const cancelled = await request(`/api/newbook/sync/runs/${message.runId}/cancel`, { method: "POST", headers: { authorization: `Bearer ${token.token}` } });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id: message.runId, status: "cancelled" });
  });
});
