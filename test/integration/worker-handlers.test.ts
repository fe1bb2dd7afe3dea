// The Worker's non-HTTP entry points: the cron trigger and the sync queue consumer.
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Bindings } from "../../src/app-env";
import worker from "../../src/index";
import { loggedLines } from "./helpers";

const handler: ExportedHandler<Bindings, unknown> = worker;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("scheduled()", () => {
  it("resolves and logs a cron_tick line with what it sent", async () => {
    const scheduledTime = Date.UTC(2026, 4, 1, 9, 30);
    const controller = createScheduledController({ scheduledTime, cron: "* * * * *" });
    const ctx = createExecutionContext();
    const lines = await loggedLines(async () => {
      await handler.scheduled!(controller, env, ctx);
      await waitOnExecutionContext(ctx);
    });
    expect(lines).toContainEqual(
      expect.objectContaining({ event: "cron_tick", cron: "* * * * *", due: 0, batches: 0 }),
    );
  });
});

describe("queue()", () => {
  function batchOf(...bodies: unknown[]) {
    return createMessageBatch(
      "kitchen-sync",
      bodies.map((body, index) => ({ id: `message-${index}`, timestamp: new Date(), attempts: 1, body })),
    );
  }

  it("acknowledges a valid sync message", async () => {
    const batch = batchOf({ kitchenId: 1, kind: "scheduled", timeZone: "Europe/London", daysAhead: 7 });
    const ctx = createExecutionContext();
    const lines = await loggedLines(() => handler.queue!(batch, env, ctx));
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["message-0"]);
    expect(result.retryMessages).toEqual([]);
    expect(result.retryBatch.retry).toBe(false);
    expect(lines).toContainEqual(expect.objectContaining({ event: "sync_message", kitchen_id: 1, kind: "scheduled" }));
  });

  it("acknowledges, does not retry, and logs a malformed message", async () => {
    const batch = batchOf({ kitchenId: "one", kind: "sometimes" }, "not an object", { kitchenId: 2, kind: "scheduled", timeZone: "Europe/London", daysAhead: 7 });
    const ctx = createExecutionContext();
    const lines = await loggedLines(() => handler.queue!(batch, env, ctx));
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["message-0", "message-1", "message-2"]);
    expect(result.retryMessages).toEqual([]);
    expect(result.retryBatch.retry).toBe(false);
    const rejected = lines.filter((line) => line.event === "sync_message_rejected");
    expect(rejected.map((line) => line.message_id)).toEqual(["message-0", "message-1"]);
    expect(rejected.every((line) => line.level === "warn")).toBe(true);
    expect(lines).toContainEqual(expect.objectContaining({ event: "sync_message", kitchen_id: 2, kind: "scheduled" }));
    // Kitchen 2 does not exist: its schedule is disabled (there is none): acknowledged and said, never retried.
    expect(lines).toContainEqual(expect.objectContaining({ event: "sync_skipped", kitchen_id: 2, reason: "disabled" }));
  });
});
