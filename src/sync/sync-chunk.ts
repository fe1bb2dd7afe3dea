// What every Newbook sync does, whether it runs in one go (the scheduled sync) or one
// queue message per chunk (Sync now, historical ranges): read what the kitchen's sync needs,
// open a Newbook client, turn one chunk of at most 31 nights into the statements of one D1
// batch, and say in words why a run failed.
import { eq } from "drizzle-orm";
import type { Bindings } from "../app-env";
import { importCredentialsKey } from "../crypto/credentials";
import type { Database } from "../db/client";
import { decryptNewbookCredentials } from "../db/newbook-connection";
import { kitchens, mealRules, newbookConnections, roomCategories } from "../db/schema";
import { computeDailyTotals } from "../domain/daily-totals";
import { addDays } from "../domain/dates";
import { DEFAULT_MEAL_RULES, parseMealRules, type MealRules } from "../domain/meal-rules";
import { compareRoomNames } from "../domain/room-order";
import { expandBookingsToNights, type DateRange, type StayWarning } from "../domain/stay-nights";
import { NewbookClient, type FetchFunction } from "../newbook/client";
import { NewbookError } from "../newbook/errors";
import type { CallPacer } from "../newbook/pacer";
import type { NewbookSite } from "../newbook/schemas";
import { newbookTransport } from "../newbook/transport";
import { replaceRoomNights, replaceRooms, upsertDailyTotals, upsertRoomCategories, type RoomRow, type Statement } from "./sync-writes";

/** Seams for tests and benchmarks; production passes none. */
export interface SyncDependencies {
  now?: () => Date;
  fetch?: FetchFunction;
  timeoutMs?: number;
  pacer?: CallPacer;
  pageSize?: number;
}

/** Up to this many warnings are kept with a run, as examples. */
export const MAX_WARNING_SAMPLES = 10;

/** The queries for what a kitchen's sync needs to know, to put in the run's first D1 batch. */
export function syncContextQueries(db: Database, kitchenId: number) {
  return [
    db.select({ timeZone: kitchens.timeZone }).from(kitchens).where(eq(kitchens.id, kitchenId)),
    db.select({ rulesJson: mealRules.rulesJson }).from(mealRules).where(eq(mealRules.kitchenId, kitchenId)),
    db
      .select({ categoryId: roomCategories.categoryId, includeInCounts: roomCategories.includeInCounts })
      .from(roomCategories)
      .where(eq(roomCategories.kitchenId, kitchenId)),
    db.select().from(newbookConnections).where(eq(newbookConnections.kitchenId, kitchenId)),
  ] as const;
}

type ContextRows = {
  kitchen: { timeZone: string }[];
  rules: { rulesJson: string }[];
  categories: { categoryId: string; includeInCounts: boolean }[];
  connection: (typeof newbookConnections.$inferSelect)[];
};

export interface SyncContext {
  timeZone: string;
  rules: MealRules;
  excludedCategoryIds: Set<string>;
  connection: typeof newbookConnections.$inferSelect | null;
  /** Problems found before fetching anything (unreadable stored rules). */
  warnings: StayWarning[];
}

export function toSyncContext(kitchenId: number, rows: ContextRows): SyncContext {
  const kitchen = rows.kitchen[0];
  if (!kitchen) throw new Error(`kitchen ${kitchenId} does not exist`);
  const warnings: StayWarning[] = [];
  let rules: MealRules = DEFAULT_MEAL_RULES;
  if (rows.rules[0]) {
    const parsed = parseMealRules(safeJson(rows.rules[0].rulesJson));
    if (parsed.ok) rules = parsed.rules;
    else warnings.push({ bookingId: "-", reason: `stored meal rules unreadable, defaults used: ${parsed.errors[0]}` });
  }
  return {
    timeZone: kitchen.timeZone,
    rules,
    excludedCategoryIds: new Set(rows.categories.filter((c) => !c.includeInCounts).map((c) => c.categoryId)),
    connection: rows.connection[0] ?? null,
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

/** A Newbook client for the kitchen's stored connection; a clear error when there is none. */
export async function newbookClientFor(env: Bindings, connection: SyncContext["connection"], deps: SyncDependencies): Promise<NewbookClient> {
  if (!connection) throw new NewbookError("auth", "Newbook is not connected: an admin enters the credentials in Settings.");
  const credentials = await decryptNewbookCredentials(await importCredentialsKey(env.CREDENTIALS_KEY), connection);
  const transport = newbookTransport(env);
  return new NewbookClient({
    baseUrl: transport.baseUrl,
    credentials,
    fetch: deps.fetch ?? transport.fetch,
    timeoutMs: deps.timeoutMs,
    pacer: deps.pacer,
    pageSize: deps.pageSize,
  });
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

/** The GL account codes by id, which the meal rules may match on. */
export async function glCodesById(client: NewbookClient): Promise<Map<string, string>> {
  const accounts = await client.glAccountList();
  return new Map(accounts.rows.flatMap((a) => (a.gl_account_code ? [[a.gl_account_id, a.gl_account_code] as const] : [])));
}

export interface ChunkResult {
  statements: Statement[];
  recordsFetched: number;
  rowsWritten: number;
  warnings: StayWarning[];
}

/**
 * Fetches one chunk's bookings and occupancy and returns the statements that replace the
 * chunk's nights and totals. `sites`, when given, also replaces the room list (the first
 * chunk of a run).
 */
export async function syncChunk(input: {
  client: NewbookClient;
  context: SyncContext;
  kitchenId: number;
  runId: number;
  chunk: DateRange;
  glCodes: Map<string, string>;
  sites: NewbookSite[] | null;
  now: () => Date;
}): Promise<ChunkResult> {
  const { client, context, kitchenId, chunk } = input;
  // The night before the chunk too, so departures on its first day are counted.
  const [bookings, occupancy] = await Promise.all([client.bookingsList(addDays(chunk.from, -1), chunk.to), client.reportsOccupancy(chunk.from, chunk.to)]);
  const warnings: StayWarning[] = [];
  if (bookings.invalid > 0) warnings.push({ bookingId: "-", reason: `${bookings.invalid} booking record(s) from Newbook could not be read` });
  const expanded = expandBookingsToNights(bookings.rows, chunk, context.rules, input.glCodes);
  warnings.push(...expanded.warnings);
  const totals = computeDailyTotals({
    range: chunk,
    nights: expanded.nights,
    stays: expanded.stays,
    occupancy: occupancy.rows,
    excludedCategoryIds: context.excludedCategoryIds,
  });
  const rooms = input.sites ? roomRows(input.sites) : [];
  return {
    statements: [
      ...(input.sites ? replaceRooms(kitchenId, rooms) : []),
      ...upsertRoomCategories(kitchenId, categoriesOf(input.sites ?? [], occupancy.rows)),
      ...replaceRoomNights(kitchenId, chunk.from, chunk.to, expanded.nights),
      ...upsertDailyTotals(kitchenId, input.runId, input.now().toISOString(), totals),
    ],
    recordsFetched: bookings.rows.length,
    rowsWritten: rooms.length + expanded.nights.length + totals.length,
    warnings,
  };
}

/** Why a run failed, in words for a kitchen admin: never a credential, never a stack. */
export function describeFailure(error: unknown): string {
  if (error instanceof NewbookError) return error.message;
  if (error instanceof Error && error.name === "CredentialsKeyError") return error.message;
  if (error instanceof Error && error.name === "CredentialsDecryptError") {
    return "The stored Newbook credentials could not be read: enter them again in Settings.";
  }
  return `The sync failed inside Kitchen Residents: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`;
}

/** Up to MAX_WARNING_SAMPLES warnings as stored with a run (JSON), or null for none. */
export function warningSamplesJson(warnings: StayWarning[]): string | null {
  const samples = warnings.slice(0, MAX_WARNING_SAMPLES).map((w) => ({ booking_id: w.bookingId, reason: w.reason }));
  return samples.length > 0 ? JSON.stringify(samples) : null;
}

export function executeBatch(d1: D1Database, statements: Statement[]): Promise<D1Result[]> {
  return d1.batch(statements.map((statement) => d1.prepare(statement.sql).bind(...statement.params)));
}
