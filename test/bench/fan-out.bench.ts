// Benchmark (not a test): one cron tick with 1,000 due kitchens, in workerd. Prints a
// `BENCH {json}` line for scripts/bench.ts.
import { env } from "cloudflare:workers";
import { it } from "vitest";
import { fanOutDueKitchens } from "../../src/sync/fan-out";
import { countingD1, type RoundTrips } from "./counting-d1";

const KITCHENS = 1000;

it("times a cron tick with 1,000 due kitchens", async () => {
  const created = await env.DB.batch(
    Array.from({ length: KITCHENS }, (_, i) => env.DB.prepare("INSERT INTO kitchens (slug, name) VALUES (?, ?) RETURNING id").bind(`tick-${i}`, `Tick ${i}`)),
  );
  const ids = created.map((r) => (r.results[0] as { id: number }).id);
  // Each kitchen's schedule row comes with it (a trigger); due, since it never ran.
  await env.DB.batch(ids.map((id) => env.DB.prepare("INSERT INTO newbook_connections (kitchen_id, region, credentials_ciphertext) VALUES (?, 'eu', 'v1.x.y')").bind(id)));

  const queries: RoundTrips = { count: 0 };
  let sendBatches = 0;
  const queue = {
    sendBatch: async (messages: Iterable<MessageSendRequest>) => {
      sendBatches++;
      await env.SYNC_QUEUE.sendBatch(messages);
    },
  } as unknown as Queue;
  // workerd's clock moves across I/O, which is all a tick does (one query, the sends).
  const started = Date.now();
  const { due } = await fanOutDueKitchens({ DB: countingD1(env.DB, queries), SYNC_QUEUE: queue }, new Date());
  const elapsedMs = Date.now() - started;
  // Their credentials are placeholders: stop them before the consumer gets to them.
  await env.DB.prepare("UPDATE sync_settings SET enabled = 0").run();
  if (due !== KITCHENS) throw new Error(`expected ${KITCHENS} due kitchens, got ${due}`);
  console.log(`BENCH ${JSON.stringify({ case: "cron tick, 1,000 due kitchens", d1_round_trips: queries.count, send_batches: sendBatches, elapsed_ms: elapsedMs })}`);
});
