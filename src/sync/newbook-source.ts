// The Newbook source of a run's step: the rooms (first chunk only), the GL accounts the meal
// rules may match, the chunk's staying bookings (from the night before, so departures on its
// first day count) and the occupancy report; then pure domain code turns them into
// room-nights and daily totals, written by one batch with the step's progress.
import { importCredentialsKey } from "../crypto/credentials";
import { decryptNewbookCredentials } from "../db/newbook-connection";
import { replaceRoomNights, replaceRooms, upsertDailyTotals, upsertRoomCategories, type RoomRow } from "../db/newbook-writes";
import { computeDailyTotals } from "../domain/daily-totals";
import { addDays, MIN_DATE } from "../domain/dates";
import { compareRoomNames } from "../domain/room-order";
import { expandBookingsToNights, type StayWarning } from "../domain/stay-nights";
import { sharedCallSlots } from "../limits/shared-call-slots";
import { NEWBOOK_CALL_RATE, NewbookClient } from "../newbook/client";
import { NewbookError } from "../newbook/errors";
import type { NewbookSite } from "../newbook/schemas";
import { newbookTransport, simulatorsEnabled } from "../newbook/transport";
import { describeFailure, retryAfterOf } from "./failure";
import type { SourceStepInput, SourceStepResult } from "./sources";

export async function newbookStep(input: SourceStepInput): Promise<SourceStepResult> {
  let client: NewbookClient | undefined;
  try {
    client = await newbookClientFor(input);
    return await syncNewbookChunk(client, input);
  } catch (error) {
    return { ok: false, error: describeFailure(error), retryAfterMs: retryAfterOf(error), apiCalls: client?.calls ?? 0 };
  }
}

async function newbookClientFor({ env, kitchenId, context, deps }: SourceStepInput): Promise<NewbookClient> {
  if (!context.newbook) throw new NewbookError("auth", "Newbook is not connected: an admin enters the credentials in Settings.");
  const credentials = await decryptNewbookCredentials(await importCredentialsKey(env.CREDENTIALS_KEY), context.newbook);
  const transport = newbookTransport(env.NEWBOOK_BASE_URL, simulatorsEnabled(env.SIMULATORS));
  return new NewbookClient({
    baseUrl: transport.baseUrl,
    credentials,
    fetch: deps.fetch ?? transport.fetch,
    timeoutMs: deps.timeoutMs,
    pacer: deps.pacer ?? sharedCallSlots(env, { rate: NEWBOOK_CALL_RATE, kitchenId }),
    pageSize: deps.pageSize,
  });
}

async function syncNewbookChunk(client: NewbookClient, input: SourceStepInput): Promise<SourceStepResult> {
  const { db, kitchenId, context, nights } = input;
  const dayBefore = nights.from > MIN_DATE ? addDays(nights.from, -1) : nights.from;
  const [sites, glCodes, bookings, occupancy] = await Promise.all([
    input.firstChunk ? client.sitesList() : null,
    glCodesById(client),
    client.bookingsList(dayBefore, nights.to),
    client.reportsOccupancy(nights.from, nights.to),
  ]);
  const warnings: StayWarning[] = [...(input.firstChunk ? context.warnings : [])];
  if (bookings.invalid > 0) warnings.push({ bookingId: "-", reason: `${bookings.invalid} booking record(s) from Newbook could not be read` });
  const expanded = expandBookingsToNights(bookings.rows, nights, context.rules, glCodes);
  warnings.push(...expanded.warnings);
  const totals = computeDailyTotals({
    range: nights,
    nights: expanded.nights,
    stays: expanded.stays,
    occupancy: occupancy.rows,
    excludedCategoryIds: context.excludedCategoryIds,
  });
  const rooms = sites ? roomRows(sites.rows) : [];
  return {
    ok: true,
    statements: [
      ...(sites ? replaceRooms(db, kitchenId, rooms) : []),
      ...upsertRoomCategories(db, kitchenId, categoriesOf(sites?.rows ?? [], occupancy.rows)),
      ...replaceRoomNights(db, kitchenId, nights.from, nights.to, expanded.nights),
      ...upsertDailyTotals(db, kitchenId, input.runId, input.now().toISOString(), totals),
    ],
    apiCalls: client.calls,
    recordsFetched: bookings.rows.length,
    rowsWritten: rooms.length + expanded.nights.length + totals.length,
    warnings,
  };
}

/** The GL account codes by id, which the meal rules may match on. */
async function glCodesById(client: NewbookClient): Promise<Map<string, string>> {
  const accounts = await client.glAccountList();
  return new Map(accounts.rows.flatMap((a) => (a.gl_account_code ? [[a.gl_account_id, a.gl_account_code] as const] : [])));
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
