// Benchmark (not a test): one cron tick over a hotel group's worth of kitchens, in workerd:
// 10,000 kitchens at mixed intervals (5, 10, 15, 30 and 60 minutes), each due once in its
// interval, so about 700 are due at this minute. Prints a `BENCH {json}` line for
// scripts/bench.ts: the D1 queries, the sendBatch calls and the time of the tick.
import { env } from "cloudflare:workers";
import { it } from "vitest";
import { fanOutDueKitchens } from "../../src/sync/fan-out";
import { countingD1, type RoundTrips } from "./counting-d1";

const KITCHENS = 10_000;
// Sixty-minute kitchens twice as common as the rest: about 7 in 100 due at any minute.
const INTERVALS = [5, 10, 15, 30, 60, 60];

it("times a cron tick over 10,000 kitchens with about 700 due", async () => {
  const now = new Date();
  // Built by SQLite in a few statements: 10,000 separate inserts would be the bench's own cost.
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO kitchens (slug, name) SELECT 'tick-' || i, 'Tick ' || i FROM n`,
  )
    .bind(KITCHENS)
    .run();
  await env.DB.prepare("INSERT INTO newbook_connections (kitchen_id, region, credentials_ciphertext) SELECT id, 'eu', 'v1.x.y' FROM kitchens WHERE slug LIKE 'tick-%'").run();
  // Each kitchen's interval, and a phase within it drawn at random: due at this minute when its
  // phase is 0, else that many minutes later.
  await env.DB.prepare("UPDATE sync_settings SET interval_minutes = (SELECT value FROM json_each(?) WHERE key = kitchen_id % ?)").bind(JSON.stringify(INTERVALS), INTERVALS.length).run();
  await env.DB.prepare(
    "UPDATE sync_settings SET next_due_at = strftime('%Y-%m-%dT%H:%M:%fZ', ?, '+' || (abs(random()) % interval_minutes) || ' minutes')",
  )
    .bind(new Date(now.getTime() - 30_000).toISOString())
    .run();

  const queries: RoundTrips = { count: 0 };
  let sendBatches = 0;
  let sent = 0;
  const queue = {
    sendBatch: async (messages: Iterable<MessageSendRequest>) => {
      const batch = [...messages];
      sendBatches++;
      sent += batch.length;
      await env.SYNC_QUEUE.sendBatch(batch);
    },
  } as unknown as Queue;
  // workerd's clock moves across I/O, which is all a tick does (one query, the sends).
  const started = Date.now();
  const { due } = await fanOutDueKitchens({ DB: countingD1(env.DB, queries), SYNC_QUEUE: queue }, now);
  const elapsedMs = Date.now() - started;
  // Their credentials are placeholders: stop them before the consumer gets to them.
  await env.DB.prepare("UPDATE sync_settings SET enabled = 0").run();
  const expected = await env.DB.prepare("SELECT count(*) AS n FROM sync_settings WHERE next_due_at <= ?").bind(now.toISOString()).first<{ n: number }>();
  if (due !== expected!.n || sent !== due) throw new Error(`expected ${expected!.n} due kitchens sent, got ${due} due and ${sent} sent`);
  console.log(`BENCH ${JSON.stringify({ case: "cron tick, 10,000 kitchens", kitchens: KITCHENS, due, d1_round_trips: queries.count, send_batches: sendBatches, elapsed_ms: elapsedMs })}`);
});
