// Reading a kitchen's stored table bookings in workerd against real D1: a range the isolate
// has read at the same version carries no table rows, any sync that changes the range is
// seen at once, and a stored row whose JSON is broken reads as empty instead of breaking.
import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { database, kitchenRef, runBatch, type Database } from "../../src/db/client";
import { syncRuns } from "../../src/db/schema";
import { windowTables } from "../../src/db/table-booking-reads";
import { replaceTableBookings } from "../../src/db/table-booking-writes";
import type { TableBooking } from "../../src/domain/restaurant";
import { createKitchen } from "./helpers";

const FROM = "2026-12-01";
const TO = "2026-12-07";
let db: Database;
let kitchenId: number;

function table(resosBookingId: string, date: string, people = 2): TableBooking {
  return {
    resosBookingId,
    date,
    time: "19:00",
    people,
    status: "approved",
    tableNames: ["12"],
    areaName: "Restaurant",
    guestName: "Ann Smith",
    guestPhone: null,
    guestEmail: null,
    notes: ["window seat"],
    fields: [{ fieldId: "f-booking", name: "Booking #", values: ["1001"] }],
  };
}

async function newRun(): Promise<number> {
  const row = await env.DB.prepare("INSERT INTO sync_runs (kitchen_id, kind, status, date_from, date_to, started_at) VALUES (?, 'manual', 'running', ?, ?, ?) RETURNING id")
    .bind(kitchenId, FROM, TO, new Date().toISOString())
    .first<{ id: number }>();
  return row!.id;
}

/** What one step of a sync run writes for from..to: the tables, and the run's progress in the same batch. */
async function writeStep(runId: number, from: string, to: string, bookings: TableBooking[]): Promise<void> {
  await runBatch(db, [
    ...replaceTableBookings(db, kitchenId, runId, from, to, bookings),
    db.update(syncRuns).set({ chunksDone: sql`${syncRuns.chunksDone} + 1` }).where(eq(syncRuns.id, runId)),
  ]);
}

/** What a sync of from..to writes: a run of one step. */
async function write(from: string, to: string, bookings: TableBooking[]): Promise<void> {
  await writeStep(await newRun(), from, to, bookings);
}

/** One read of the range as a page makes it, with what the batch carried. */
async function read(from = FROM, to = TO) {
  const tables = windowTables(db, kitchenRef(kitchenId), from, to);
  const rows = await tables.query;
  return { carried: rows[0]?.tables ?? null, ...tables.read(rows) };
}

const ids = (tables: TableBooking[]) => tables.map((t) => t.resosBookingId);

beforeAll(async () => {
  db = database(env.DB);
  kitchenId = await createKitchen("reads-inn", "Reads Inn");
  await write(FROM, TO, [table("t1", "2026-12-01"), table("t2", "2026-12-03"), table("t3", "2026-12-05")]);
});

describe("a kitchen's tables of a range of dates", () => {
  it("are read in full the first time, then carried no more while nothing changed", async () => {
    const first = await read();
    expect(first.carried).not.toBeNull();
    expect(ids(first.tables)).toEqual(["t1", "t2", "t3"]);
    expect(first.tables[0]).toEqual(table("t1", "2026-12-01"));

    const again = await read();
    expect(again.carried).toBeNull();
    expect(again.version).toBe(first.version);
    expect(ids(again.tables)).toEqual(["t1", "t2", "t3"]);
  });

  it("follow a sync that rewrote part of the range, even with the same number of tables", async () => {
    await read();
    await write("2026-12-03", "2026-12-03", [table("t2", "2026-12-03", 6)]);
    const after = await read();
    expect(after.carried).not.toBeNull();
    expect(after.tables.find((t) => t.resosBookingId === "t2")?.people).toBe(6);
  });

  it("follow a sync that only took tables away", async () => {
    await read();
    await write("2026-12-05", "2026-12-05", []);
    expect(ids((await read()).tables)).toEqual(["t1", "t2"]);
  });

  it("follow a table moved out of the range by a sync of other dates", async () => {
    await read();
    await write("2026-12-20", "2026-12-20", [table("t1", "2026-12-20")]);
    expect(ids((await read()).tables)).toEqual(["t2"]);
    expect(ids((await read("2026-12-20", "2026-12-20")).tables)).toEqual(["t1"]);
  });

  it("are never taken from a newer copy than the one a batch was made against", async () => {
    await read();
    // A page's batch is made, a sync lands, and another page reads the new tables first.
    const early = windowTables(db, kitchenRef(kitchenId), FROM, TO);
    const earlyRows = await early.query;
    await write("2026-12-06", "2026-12-06", [table("t4", "2026-12-06")]);
    expect(ids((await read()).tables)).toEqual(["t2", "t4"]);
    // The early page shows what its own batch read, not nothing.
    expect(ids(early.read(earlyRows).tables)).toEqual(["t2"]);
  });

  it("follow the later chunk of one run across the range, which changed a table but not the count", async () => {
    const runId = await newRun();
    await writeStep(runId, "2026-12-10", "2026-12-12", [table("c1", "2026-12-10"), table("c2", "2026-12-12")]);
    const between = await read("2026-12-12", "2026-12-13");
    expect(between.tables.find((t) => t.resosBookingId === "c2")?.status).toBe("approved");
    await writeStep(runId, "2026-12-12", "2026-12-13", [{ ...table("c2", "2026-12-12"), status: "canceled" }]);
    const after = await read("2026-12-12", "2026-12-13");
    expect(after.carried).not.toBeNull();
    expect(after.tables.find((t) => t.resosBookingId === "c2")?.status).toBe("canceled");
  });

  it("read a row whose stored JSON is broken or of another shape as having no notes or fields", async () => {
    await write("2026-12-02", "2026-12-02", [table("odd-1", "2026-12-02"), table("odd-2", "2026-12-02")]);
    await env.DB.prepare("UPDATE table_bookings SET notes_json = 'not json', fields_json = '{\"a\":1}' WHERE kitchen_id = ? AND resos_booking_id = 'odd-1'").bind(kitchenId).run();
    await env.DB.prepare(`UPDATE table_bookings SET notes_json = '["ok", 7]', fields_json = '[null, {"fieldId": "f"}, {"fieldId": "f2", "name": "Dietary", "values": ["Vegan", 3]}]' WHERE kitchen_id = ? AND resos_booking_id = 'odd-2'`)
      .bind(kitchenId)
      .run();
    // This range was not read before: it is read in full.
    const fresh = windowTables(db, kitchenRef(kitchenId), "2026-12-02", "2026-12-02");
    const tables = fresh.read(await fresh.query).tables;
    expect(tables.map((t) => [t.resosBookingId, t.notes, t.fields])).toEqual([
      ["odd-1", [], []],
      ["odd-2", ["ok"], [{ fieldId: "f2", name: "Dietary", values: ["Vegan"] }]],
    ]);
  });
});
