// The kitchen's restaurant numbers for one night, from the night's stays and its table
// bookings already put in a service and linked: how many dinner covers to expect, and
// which dinner, bed and breakfast rooms have not booked a table. Only a sure link says a
// stay has a table; a `possible` one is a suggestion for staff and counts for nothing.
import { ACTIVE_TABLE_STATUSES, PENDING_TABLE_STATUSES, type Service, type TableBooking } from "./restaurant";
import type { LinkKind, TableLink } from "./table-links";

export interface NightStay {
  bookingId: string;
  night: string;
  /** Dinner is included that night (DBB). */
  dinner: boolean;
  /** Adults + children. Infants are left out: they take no dinner cover. */
  guests: number;
}

export interface ServedTable {
  table: TableBooking;
  service: Service;
  /** This table's links. */
  links: TableLink[];
  hotelGuest: boolean | null;
  dietary: string[];
}

export interface RestaurantNight {
  night: string;
  restaurantClosed: boolean;
  /** Active tables (any service) linked to a stay. */
  residentTables: number;
  dbbRooms: number;
  dbbRoomsWithoutDinnerTable: number;
  dbbGuestsWithoutDinnerTable: number;
  dinnerResidentCovers: number;
  dinnerNonResidentCovers: number;
  expectedDinnerCovers: number;
  pendingDinnerTables: number;
  /** Active dinner tables listing each need, by label, the most asked first. */
  dietary: Record<string, number>;
  /** Active tables marked as hotel guests that no rule could tie to a stay. */
  unlinkedResidentTables: number;
}

const ACTIVE = new Set<string>(ACTIVE_TABLE_STATUSES);
const PENDING = new Set<string>(PENDING_TABLE_STATUSES);

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isSure = (link: TableLink) => link.link !== "possible";
/** Linked to a stay by a rule staff wrote (not a `possible` suggestion). */
export const hasSureLink = (served: ServedTable) => served.links.some(isSure);
/** A resident's table: surely linked, or marked as a hotel guest. */
export const isResidentTable = (served: ServedTable) => hasSureLink(served) || served.hotelGuest === true;

/** Counts each need once per table, "vegan" and "Vegan" as one, labelled as first written with a capital first letter. */
function countDietary(tables: ServedTable[]): Record<string, number> {
  const counts = new Map<string, { label: string; count: number }>();
  for (const served of tables) {
    // A table listing "Vegan, vegan" asks for it once.
    const askedHere = new Set<string>();
    for (const need of served.dietary) {
      const spelling = need.trim().replace(/\s+/g, " ");
      const key = spelling.toLowerCase();
      if (spelling === "" || askedHere.has(key)) continue;
      askedHere.add(key);
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { label: spelling.charAt(0).toUpperCase() + spelling.slice(1), count: 1 });
    }
  }
  const sorted = [...counts.values()].sort((a, b) => b.count - a.count || compareText(a.label, b.label));
  return Object.fromEntries(sorted.map(({ label, count }) => [label, count]));
}

/**
 * The night's numbers. Only active tables (approved, arrived, seated, left) are tables
 * and covers; request and waitlist are pending; declined, canceled, no_show and any other
 * word count nowhere. A dinner cover is a resident's when its table is surely linked or
 * marked as a hotel guest. Expected dinner covers = resident covers + the guests of DBB
 * rooms without a dinner table (they will eat, booked or not) + non-resident covers. On a
 * night the restaurant is closed no DBB room lacks a table and no cover is imagined:
 * expected is what is actually booked.
 */
export function restaurantNight(night: string, stays: NightStay[], tables: ServedTable[], closed: boolean): RestaurantNight {
  const ofNight = tables
    .filter((served) => served.table.date === night)
    .map((served) => ({ ...served, links: served.links.filter((link) => link.night === night) }));
  const active = ofNight.filter((served) => ACTIVE.has(served.table.status));
  const activeDinner = active.filter((served) => served.service === "dinner");

  const withDinnerTable = new Set(activeDinner.flatMap((served) => served.links.filter(isSure).map((link) => link.bookingId)));
  const dbbStays = stays.filter((stay) => stay.night === night && stay.dinner);
  const dbbWithout = closed ? [] : dbbStays.filter((stay) => !withDinnerTable.has(stay.bookingId));
  const dbbGuestsWithoutDinnerTable = dbbWithout.reduce((sum, stay) => sum + stay.guests, 0);

  const covers = (list: ServedTable[]) => list.reduce((sum, served) => sum + served.table.people, 0);
  const dinnerResidentCovers = covers(activeDinner.filter(isResidentTable));
  const dinnerNonResidentCovers = covers(activeDinner.filter((served) => !isResidentTable(served)));

  return {
    night,
    restaurantClosed: closed,
    residentTables: active.filter(hasSureLink).length,
    dbbRooms: dbbStays.length,
    dbbRoomsWithoutDinnerTable: dbbWithout.length,
    dbbGuestsWithoutDinnerTable,
    dinnerResidentCovers,
    dinnerNonResidentCovers,
    expectedDinnerCovers: dinnerResidentCovers + dbbGuestsWithoutDinnerTable + dinnerNonResidentCovers,
    pendingDinnerTables: ofNight.filter((served) => served.service === "dinner" && PENDING.has(served.table.status)).length,
    dietary: countDietary(activeDinner),
    unlinkedResidentTables: active.filter((served) => served.hotelGuest === true && !hasSureLink(served)).length,
  };
}

/** One of a stay's tables on one night, for the chart and the JSON. */
export interface StayTable {
  resosBookingId: string;
  time: string | null;
  people: number;
  service: Service;
  /** The table names joined ("12, 14"); null when none is assigned yet. */
  tableName: string | null;
  status: string;
  link: LinkKind;
  isGroupMatch: boolean;
}

const SERVICE_ORDER: Service[] = ["dinner", "breakfast", "lunch", "other"];

/**
 * A stay's tables on one night, every status (the caller shows or counts what it wants):
 * sure links before suggestions, dinner before other services, then by time (a table
 * without one last). `dinnerTable` is the first active dinner table surely linked: the
 * one that means "this room has booked dinner".
 */
export function stayNightTables(bookingId: string, night: string, tables: ServedTable[]): { tables: readonly StayTable[]; dinnerTable: StayTable | null } {
  const rows = tables.flatMap((served): StayTable[] => {
    const link = served.links.find((candidate) => candidate.bookingId === bookingId && candidate.night === night);
    if (link === undefined) return [];
    const { table } = served;
    const tableName = table.tableNames.length > 0 ? table.tableNames.join(", ") : null;
    return [{ resosBookingId: table.resosBookingId, time: table.time, people: table.people, service: served.service, tableName, status: table.status, link: link.link, isGroupMatch: link.isGroupMatch }];
  });
  // A missing time sorts after every "HH:MM".
  rows.sort(
    (a, b) =>
      Number(a.link === "possible") - Number(b.link === "possible") ||
      SERVICE_ORDER.indexOf(a.service) - SERVICE_ORDER.indexOf(b.service) ||
      compareText(a.time ?? "~", b.time ?? "~") ||
      compareText(a.resosBookingId, b.resosBookingId),
  );
  const dinnerTable = rows.find((row) => row.link !== "possible" && row.service === "dinner" && ACTIVE.has(row.status)) ?? null;
  return { tables: rows, dinnerTable };
}
