// One kitchen's Newbook sync for a date range: fetch everything, turn it into room-nights
// and daily totals with pure domain code, then write it in ONE D1 batch per chunk of at
// most 31 days. Nothing is written for a chunk unless every call for it succeeded, so a
// failed sync leaves the data it would have replaced exactly as it was.
import { eq } from "drizzle-orm";
import type { Bindings } from "../app-env";
import { importCredentialsKey } from "../crypto/credentials";
import { database, type Database } from "../db/client";
import { logEvent } from "../log";
import { decryptNewbookCredentials } from "../db/newbook-connection";
import { kitchens, mealRules, newbookConnections, roomCategories, syncRuns, type SYNC_RUN_KINDS } from "../db/schema";
import { computeDailyTotals } from "../domain/daily-totals";
import { addDays, todayInZone } from "../domain/dates";
import { DEFAULT_MEAL_RULES, parseMealRules, type MealRules } from "../domain/meal-rules";
import { compareRoomNames } from "../domain/room-order";
import { expandBookingsToNights, type StayWarning } from "../domain/stay-nights";
import { NewbookClient, type FetchFunction } from "../newbook/client";
import { NewbookError } from "../newbook/errors";
import type { CallPacer } from "../newbook/pacer";
import type { NewbookSite } from "../newbook/schemas";
import { newbookTransport } from "../newbook/transport";
import { splitIntoChunks } from "./date-chunks";
import { replaceRoomNights, replaceRooms, upsertDailyTotals, upsertRoomCategories, type RoomRow, type Statement } from "./sync-writes";

export type SyncRunKind = (typeof SYNC_RUN_KINDS)[number];

export interface SyncRequest {
  from: string;
  to: string;
  kind: SyncRunKind;
}

/** Seams for tests and benchmarks; production passes none. */
export interface SyncDependencies {
  now?: () => Date;
  fetch?: FetchFunction;
  timeoutMs?: number;
  pacer?: CallPacer;
  pageSize?: number;
}

export interface SyncOutcome {
  runId: number;
  status: "success" | "failed";
  errorMessage: string | null;
  /** Set when Newbook asked us to wait (throttling): the scheduler never retries sooner. */
  retryAfterMs?: number;
  recordsFetched: number;
  rowsWritten: number;
  apiCalls: number;
  warnings: number;
}

const MAX_WARNING_SAMPLES = 10;

/**
 * The first of a run's two D1 round trips: everything the sync needs to know, and the
 * run's own row, opened as "running" so pages can show it.
 */
async function openRun(db: Database, kitchenId: number, request: SyncRequest, startedAt: Date) {
  const [kitchenRows, rulesRows, categoryRows, connectionRows, runRows] = await db.batch([
    db.select({ timeZone: kitchens.timeZone }).from(kitchens).where(eq(kitchens.id, kitchenId)),
    db.select({ rulesJson: mealRules.rulesJson }).from(mealRules).where(eq(mealRules.kitchenId, kitchenId)),
    db
      .select({ categoryId: roomCategories.categoryId, includeInCounts: roomCategories.includeInCounts })
      .from(roomCategories)
      .where(eq(roomCategories.kitchenId, kitchenId)),
    db.select().from(newbookConnections).where(eq(newbookConnections.kitchenId, kitchenId)),
    db
      .insert(syncRuns)
      .values({ kitchenId, kind: request.kind, status: "running", dateFrom: request.from, dateTo: request.to, startedAt: startedAt.toISOString() })
      .returning({ id: syncRuns.id }),
  ]);
  const kitchen = kitchenRows[0];
  if (!kitchen) throw new Error(`kitchen ${kitchenId} does not exist`);
  const warnings: StayWarning[] = [];
  let rules: MealRules = DEFAULT_MEAL_RULES;
  if (rulesRows[0]) {
    const parsed = parseMealRules(safeJson(rulesRows[0].rulesJson));
    if (parsed.ok) rules = parsed.rules;
    else warnings.push({ bookingId: "-", reason: `stored meal rules unreadable, defaults used: ${parsed.errors[0]}` });
  }
  return {
    runId: runRows[0]!.id,
    timeZone: kitchen.timeZone,
    rules,
    excludedCategoryIds: new Set(categoryRows.filter((c) => !c.includeInCounts).map((c) => c.categoryId)),
    connection: connectionRows[0] ?? null,
    warnings,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function roomRows(sites: NewbookSite[]): RoomRow[] {
  return [...sites]
    .sort((a, b) => compareRoomNames(a.site_name ?? a.site_id, b.site_name ?? b.site_id))
    .map((site, index) => ({
      siteId: site.site_id,
      name: site.site_name ?? site.site_id,
      categoryId: site.category_id,
      categoryName: site.category_name,
      sortOrder: index,
    }));
}

function categoriesOf(sites: NewbookSite[], occupancy: { category_id: string | null; category_name: string | null }[]) {
  const byId = new Map<string, string>();
  for (const item of [...sites, ...occupancy]) {
    if (item.category_id) byId.set(item.category_id, item.category_name ?? item.category_id);
  }
  return [...byId].map(([id, name]) => ({ id, name }));
}

/** Why a run failed, in words for a kitchen admin: never a credential, never a stack. */
function describeFailure(error: unknown): string {
  if (error instanceof NewbookError) return error.message;
  if (error instanceof Error && error.name === "CredentialsKeyError") return error.message;
  if (error instanceof Error && error.name === "CredentialsDecryptError") {
    return "The stored Newbook credentials could not be read: enter them again in Settings.";
  }
  return `The sync failed inside Kitchen Residents: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`;
}

export async function runKitchenSync(env: Bindings, kitchenId: number, request: SyncRequest, deps: SyncDependencies = {}): Promise<SyncOutcome> {
  const now = deps.now ?? (() => new Date());
  const db = database(env.DB);
  const startedAt = now();
  const run = await openRun(db, kitchenId, request, startedAt);
  const runId = run.runId;
  const today = todayInZone(run.timeZone, startedAt);
  // Days before today are locked actuals: only a historical sync may rewrite them.
  const from = request.kind === "historical" || request.from >= today ? request.from : today;
  const chunks = splitIntoChunks(from, request.to);
  logEvent("info", "sync_started", { kitchen_id: kitchenId, kind: request.kind, run_id: runId, date_from: from, date_to: request.to });

  const warnings = [...run.warnings];
  let recordsFetched = 0;
  let rowsWritten = 0;
  let rowsCommitted = 0;
  let client: NewbookClient | undefined;

  /**
   * Closes the run and records its outcome in sync_settings, as statements for the last
   * batch. The failure streak and the next due time are the scheduler's to keep.
   */
  const finishStatements = (status: "success" | "failed", errorMessage: string | null): Statement[] => {
    const finishedAt = now().toISOString();
    const samples = warnings.slice(0, MAX_WARNING_SAMPLES).map((w) => ({ booking_id: w.bookingId, reason: w.reason }));
    return [
      {
        sql: `UPDATE sync_runs SET status = ?, date_from = ?, finished_at = ?, duration_ms = ?, api_calls = ?, records_fetched = ?,
                rows_written = ?, warnings = ?, warning_samples = ?, error_message = ? WHERE id = ?`,
        params: [
          status,
          from,
          finishedAt,
          Date.parse(finishedAt) - startedAt.getTime(),
          client?.calls ?? 0,
          recordsFetched,
          rowsWritten,
          warnings.length,
          samples.length > 0 ? JSON.stringify(samples) : null,
          errorMessage,
          runId,
        ],
      },
      status === "success"
        ? {
            sql: "UPDATE sync_settings SET last_sync_at = ?, last_sync_status = 'success', last_error_message = NULL WHERE kitchen_id = ?",
            params: [finishedAt, kitchenId],
          }
        : { sql: "UPDATE sync_settings SET last_sync_status = 'failed', last_error_message = ? WHERE kitchen_id = ?", params: [errorMessage, kitchenId] },
    ];
  };

  const outcome = (status: "success" | "failed", errorMessage: string | null, retryAfterMs?: number): SyncOutcome => {
    const result = { runId, status, errorMessage, retryAfterMs, recordsFetched, rowsWritten, apiCalls: client?.calls ?? 0, warnings: warnings.length };
    logEvent("info", "sync_finished", {
      kitchen_id: kitchenId,
      kind: request.kind,
      run_id: runId,
      status,
      duration_ms: now().getTime() - startedAt.getTime(),
      records: recordsFetched,
      rows: rowsWritten,
      api_calls: result.apiCalls,
      warnings: warnings.length,
    });
    return result;
  };

  try {
    if (chunks.length === 0) {
      throw new NewbookError("api", `Nothing to sync: ${request.to} is before today (${today}), and only a historical sync changes past days.`);
    }
    if (!run.connection) throw new NewbookError("auth", "Newbook is not connected: an admin enters the credentials in Settings.");
    const credentials = await decryptNewbookCredentials(await importCredentialsKey(env.CREDENTIALS_KEY), run.connection);
    const transport = newbookTransport(env);
    client = new NewbookClient({
      baseUrl: transport.baseUrl,
      credentials,
      fetch: deps.fetch ?? transport.fetch,
      timeoutMs: deps.timeoutMs,
      pacer: deps.pacer,
      pageSize: deps.pageSize,
    });

    const [sites, glAccounts] = await Promise.all([client.sitesList(), client.glAccountList()]);
    const glCodeById = new Map(glAccounts.rows.flatMap((a) => (a.gl_account_code ? [[a.gl_account_id, a.gl_account_code] as const] : [])));

    for (const [index, chunk] of chunks.entries()) {
      // The night before the chunk too, so departures on its first day are counted.
      const [bookings, occupancy] = await Promise.all([
        client.bookingsList(addDays(chunk.from, -1), chunk.to),
        client.reportsOccupancy(chunk.from, chunk.to),
      ]);
      recordsFetched += bookings.rows.length;
      if (bookings.invalid > 0) warnings.push({ bookingId: "-", reason: `${bookings.invalid} booking record(s) from Newbook could not be read` });

      const expanded = expandBookingsToNights(bookings.rows, chunk, run.rules, glCodeById);
      warnings.push(...expanded.warnings);
      const totals = computeDailyTotals({
        range: chunk,
        nights: expanded.nights,
        stays: expanded.stays,
        occupancy: occupancy.rows,
        excludedCategoryIds: run.excludedCategoryIds,
      });
      const rooms = index === 0 ? roomRows(sites.rows) : [];
      rowsWritten += rooms.length + expanded.nights.length + totals.length;
      const last = index === chunks.length - 1;
      const statements: Statement[] = [
        ...(index === 0 ? [...replaceRooms(kitchenId, rooms), ...upsertRoomCategories(kitchenId, categoriesOf(sites.rows, occupancy.rows))] : []),
        ...replaceRoomNights(kitchenId, chunk.from, chunk.to, expanded.nights),
        ...upsertDailyTotals(kitchenId, runId, now().toISOString(), totals),
        { sql: "UPDATE sync_runs SET chunks_done = ?, chunks_total = ? WHERE id = ?", params: [index + 1, chunks.length, runId] },
        ...(last ? finishStatements("success", null) : []),
      ];
      // One batch is one transaction: the chunk is written whole or not at all.
      await executeBatch(env.DB, statements);
      rowsCommitted = rowsWritten;
    }
    return outcome("success", null);
  } catch (error) {
    rowsWritten = rowsCommitted;
    const message = describeFailure(error);
    await executeBatch(env.DB, finishStatements("failed", message));
    return outcome("failed", message, error instanceof NewbookError ? error.details.retryAfterMs : undefined);
  }
}

function executeBatch(d1: D1Database, statements: Statement[]): Promise<D1Result[]> {
  return d1.batch(statements.map((statement) => d1.prepare(statement.sql).bind(...statement.params)));
}
