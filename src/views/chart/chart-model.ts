// The residents chart as a page draws it: rooms down the side, the window's nights across,
// one bar per stay with its label, pax and badges. Pure, so the page, the JSON endpoint and
// the benchmark share one layout.
import type { ChartDayTotals, ChartInput, ChartNight } from "../../db/chart-read-model";
import { addDays, daysBetween, eachDate } from "../../domain/dates";
import { PENDING_TABLE_STATUSES, SHOWN_TABLE_STATUSES, type Service } from "../../domain/restaurant";
import type { RestaurantNight } from "../../domain/restaurant-nights";
import { cachedRestaurantView, type RestaurantView } from "../../domain/restaurant-view";
import { compareRoomNames } from "../../domain/room-order";

/** A table a stay has on one night, as its badge shows it. */
export interface NightTable {
  time: string | null;
  people: number;
  service: Service;
  /** Asked for (request, waitlist), not confirmed: shown, never counted. */
  pending: boolean;
}

export interface NightBadges {
  date: string;
  dinner: boolean;
  breakfast: boolean;
  package: boolean;
  /** The stay's tables this night, dinner first; empty without resOS. */
  tables: readonly NightTable[];
  /** A DBB night with no dinner table while the restaurant is open: the one to chase. */
  noDinnerTable: boolean;
}

export interface StayBar {
  bookingId: string;
  groupId: string | null;
  /** 0-based index into dates of the first night shown, and how many nights are shown. */
  startIndex: number;
  span: number;
  /** The stay's true dates and its full length in nights. */
  arrival: string;
  departure: string;
  nightsTotal: number;
  /** The bar starts at the window's left edge and the stay arrived before it: draw an arrow. */
  continuesBefore: boolean;
  /** The bar ends at the window's right edge and the stay sleeps on after it: draw an arrow. */
  continuesAfter: boolean;
  /** The bar's first night is the arrival date: draw the arrival marker. */
  arrivesInWindow: boolean;
  /**
   * The bar's last night is the one before departure: draw the departure marker. The
   * departure day itself may be the day after the window's last date.
   */
  departsInWindow: boolean;
  /** The lead surname when names are shown, else "Guest"; falls back to the first name, then "Guest". */
  label: string;
  /** Adults, then "+children" when there are any, then " +N inf" when there are infants: "2", "2+1", "2+1 +1 inf". */
  pax: string;
  /** Adults + children + infants. */
  guests: number;
  /** One per shown night, in order. */
  nights: NightBadges[];
  /** A small index (0..7) shared by every booking of one group; null without a group. */
  groupColor: number | null;
}

export type ChartCell = { type: "vacant"; date: string } | { type: "stay"; bar: StayBar };

export interface ChartRow {
  key: string;
  label: string;
  siteId: string | null;
  kind: "room" | "unallocated";
  /** Every date exactly once: a stay is one entry covering `bar.span` dates. */
  cells: ChartCell[];
}

export interface ChartFooterDay {
  date: string;
  /** A sync has written this night (it has stored totals): without one, its zeros mean "not known", not an empty hotel. */
  synced: boolean;
  occupied: number;
  available: number;
  guests: number;
  dinnerGuests: number;
  /** Breakfast guests of this night: they eat the next morning. */
  breakfastNextMorning: number;
  arrivals: number;
  departures: number;
  /** The night's restaurant numbers; null without resOS. */
  restaurant: RestaurantNight | null;
}

export interface ChartSummary {
  rooms: number;
  /** The window's nights no sync has written, in date order: left out of every number. */
  unsyncedDates: string[];
  bookings: number;
  roomNights: number;
  occupancyPct: number | null;
  /** Room-nights with a table (sure links, active), and their share of the window's room-nights; null without resOS. */
  nightsWithTable: number | null;
  coveragePct: number | null;
}

export interface ResidentsChart {
  dates: string[];
  rows: ChartRow[];
  footer: ChartFooterDay[];
  summary: ChartSummary;
  /** resOS is connected: the chart shows tables. */
  hasTables: boolean;
}

const GROUP_COLOURS = 8;
const GUEST = "Guest";

/** A bar with the stored nights it draws, which the JSON endpoint needs in full. */
export interface PlacedBar {
  bar: StayBar;
  shown: ChartNight[];
}

/** A chart row before its cells are laid out; `roomNumber` is what the JSON calls the row. */
export interface LaidOutRow {
  key: string;
  label: string;
  siteId: string | null;
  kind: "room" | "unallocated";
  roomNumber: string | null;
  /** 0 for a room's own row, 1 and up for the extra lanes a double booking needs. */
  lane: number;
  bars: PlacedBar[];
}

export interface Layout {
  dates: string[];
  rows: LaidOutRow[];
  bookings: number;
  roomNights: number;
  /** The window's tables and their links; null without resOS. */
  restaurant: RestaurantView | null;
}

function windowDates(start: string, nights: number): string[] {
  if (!Number.isInteger(nights) || nights < 1) throw new RangeError(`nights must be a whole number of at least 1: ${nights}`);
  return eachDate(start, addDays(start, nights - 1));
}

function isBlank(value: string | null): value is null {
  return value === null || value.trim() === "";
}

/** The lead surname, else the first name, when the kitchen shows names; null when hidden or there is none. */
export function leadName(night: Pick<ChartNight, "leadFirstName" | "leadLastName">, showNames: boolean): string | null {
  if (!showNames) return null;
  if (!isBlank(night.leadLastName)) return night.leadLastName;
  if (!isBlank(night.leadFirstName)) return night.leadFirstName;
  return null;
}

function barLabel(night: ChartNight, showNames: boolean): string {
  return leadName(night, showNames) ?? GUEST;
}

/** Adults, then "+children", then " +N inf": "2", "2+1", "2+1 +1 inf". */
export function paxText(night: Pick<ChartNight, "adults" | "children" | "infants">): string {
  const children = night.children > 0 ? `+${night.children}` : "";
  const infants = night.infants > 0 ? ` +${night.infants} inf` : "";
  return `${night.adults}${children}${infants}`;
}

/** "First Last" for the JSON; null when names are hidden or there is no name at all. */
export function guestName(night: ChartNight, showNames: boolean): string | null {
  if (!showNames) return null;
  const name = `${night.leadFirstName ?? ""} ${night.leadLastName ?? ""}`.trim();
  return name === "" ? null : name;
}

export function compareStays(a: PlacedBar, b: PlacedBar): number {
  const byArrival = a.bar.arrival < b.bar.arrival ? -1 : a.bar.arrival > b.bar.arrival ? 1 : 0;
  return byArrival || compareRoomNames(a.bar.bookingId, b.bar.bookingId) || a.bar.startIndex - b.bar.startIndex;
}

/** The window's dates with the lookups every bar needs, so no bar parses a date. */
interface ChartWindow {
  dates: string[];
  indexOf: Map<string, number>;
  /** The date after each date; the last is the day after the window. */
  nextDate: string[];
  /** Nights from `arrival` to `departure`. */
  nightsBetween: (arrival: string, departure: string) => number;
}

function chartWindow(start: string, nights: number): ChartWindow {
  const dates = windowDates(start, nights);
  const lastDate = dates[dates.length - 1] ?? start;
  const indexOf = new Map(dates.map((date, index) => [date, index]));
  // Day numbers reach past the window for true stay dates. Each distinct date is parsed
  // once: thousands of stays share a few dozen dates.
  const dayNumbers = new Map(indexOf);
  const dayNumber = (date: string) => {
    let number = dayNumbers.get(date);
    if (number === undefined) {
      number = daysBetween(start, date);
      dayNumbers.set(date, number);
    }
    return number;
  };
  return {
    dates,
    indexOf,
    nextDate: [...dates.slice(1), addDays(lastDate, 1)],
    nightsBetween: (arrival, departure) => dayNumber(departure) - dayNumber(arrival),
  };
}

/** One booking's in-window nights and their date indexes, in input order until sorted. */
interface BookingNights {
  nights: ChartNight[];
  indexes: number[];
}

/**
 * Puts a booking's nights in date order. Rows usually arrive ordered, so that is checked
 * first. A repeated night (the table's key forbids it) is kept once: a booking sleeps
 * once a night.
 */
function sortByNight(booking: BookingNights): void {
  const { indexes } = booking;
  if (indexes.every((index, position) => position === 0 || index > (indexes[position - 1] ?? index))) return;
  const order = indexes
    .map((index, position) => ({ index, night: booking.nights[position] as ChartNight }))
    .sort((a, b) => a.index - b.index)
    .filter((entry, position, sorted) => entry.index !== sorted[position - 1]?.index);
  booking.indexes = order.map((entry) => entry.index);
  booking.nights = order.map((entry) => entry.night);
}

/**
 * A booking's sorted nights cut into runs of consecutive nights in one room, as
 * [from, to) positions. A gap in the stored nights, or a move to another room, starts a
 * new bar rather than drawing one bar over nights nobody slept.
 */
function splitIntoRuns({ nights, indexes }: BookingNights): [number, number][] {
  const runs: [number, number][] = [];
  let from = 0;
  for (let position = 1; position <= nights.length; position++) {
    const ends =
      position === nights.length ||
      indexes[position] !== (indexes[position - 1] ?? 0) + 1 ||
      nights[position]?.siteId !== nights[position - 1]?.siteId;
    if (ends) {
      runs.push([from, position]);
      from = position;
    }
  }
  return runs;
}

const PENDING = new Set<string>(PENDING_TABLE_STATUSES);
const NO_TABLES: readonly NightTable[] = Object.freeze([]);

function nightBadges(night: ChartNight, restaurant: RestaurantView | null): NightBadges {
  if (restaurant === null) return { date: night.night, dinner: night.dinner, breakfast: night.breakfast, package: night.package, tables: NO_TABLES, noDinnerTable: false };
  const stayTables = restaurant.tablesOf(night.bookingId, night.night).tables;
  const tables =
    stayTables.length === 0
      ? NO_TABLES
      : stayTables.filter((table) => SHOWN_TABLE_STATUSES.has(table.status)).map((table) => ({ time: table.time, people: table.people, service: table.service, pending: PENDING.has(table.status) }));
  const hasDinnerTable = tables.some((table) => table.service === "dinner" && !table.pending);
  return {
    date: night.night,
    dinner: night.dinner,
    breakfast: night.breakfast,
    package: night.package,
    tables,
    noDinnerTable: night.dinner && !hasDinnerTable && !restaurant.closed.has(night.night),
  };
}

function makeBar(shown: ChartNight[], startIndex: number, window: ChartWindow, colours: Map<string, number>, showNames: boolean, restaurant: RestaurantView | null): PlacedBar {
  const lead = shown[0];
  if (lead === undefined) throw new Error("a bar needs at least one night");
  const endIndex = startIndex + shown.length - 1;
  const dayAfterBar = window.nextDate[endIndex] ?? "";
  return {
    bar: {
      bookingId: lead.bookingId,
      groupId: lead.groupId,
      startIndex,
      span: shown.length,
      arrival: lead.arrival,
      departure: lead.departure,
      nightsTotal: window.nightsBetween(lead.arrival, lead.departure),
      continuesBefore: startIndex === 0 && lead.arrival < (window.dates[0] ?? ""),
      continuesAfter: endIndex === window.dates.length - 1 && lead.departure > dayAfterBar,
      arrivesInWindow: window.dates[startIndex] === lead.arrival,
      departsInWindow: dayAfterBar === lead.departure,
      label: barLabel(lead, showNames),
      pax: paxText(lead),
      guests: lead.adults + lead.children + lead.infants,
      nights: shown.map((night) => nightBadges(night, restaurant)),
      groupColor: lead.groupId === null ? null : (colours.get(lead.groupId) ?? null),
    },
    shown,
  };
}

/**
 * Bars of one room in as few lanes as possible without overlap, taken by arrival then
 * booking id; the first lane that is free on every night of a bar takes it. A double
 * booking in the PMS therefore shows as a second lane, never as one bar hiding another.
 */
function assignLanes(bars: PlacedBar[], dateCount: number): PlacedBar[][] {
  // A room with no stay, or one, is one lane: its row shows even when it is empty.
  if (bars.length <= 1) return [bars];
  const lanes: { bars: PlacedBar[]; taken: Uint8Array }[] = [];
  for (const placed of [...bars].sort(compareStays)) {
    const { startIndex, span } = placed.bar;
    let lane = lanes.find((candidate) => {
      const nextTaken = candidate.taken.indexOf(1, startIndex);
      return nextTaken === -1 || nextTaken >= startIndex + span;
    });
    if (lane === undefined) {
      lane = { bars: [], taken: new Uint8Array(dateCount) };
      lanes.push(lane);
    }
    lane.bars.push(placed);
    lane.taken.fill(1, startIndex, startIndex + span);
  }
  return lanes.map((lane) => lane.bars);
}

function roomRows(siteId: string, label: string, bars: PlacedBar[], dateCount: number): LaidOutRow[] {
  return assignLanes(bars, dateCount).map((laneBars, lane) => ({
    key: lane === 0 ? siteId : `${siteId}#${lane + 1}`,
    label,
    siteId,
    kind: "room",
    roomNumber: label,
    lane,
    bars: laneBars,
  }));
}

/** The window's tables linked to its stays; null when the kitchen has not connected resOS. */
function restaurantOf(input: ChartInput, dates: string[]): RestaurantView | null {
  if (input.restaurant === null) return null;
  const inWindow = new Set(dates);
  return cachedRestaurantView(input.restaurant.contentKey, {
    dates,
    stays: input.roomNights.filter((night) => inWindow.has(night.night)),
    tables: input.restaurant.tables,
    settings: input.restaurant.settings,
    showNames: input.showNames,
  });
}

export function layOut(input: ChartInput): Layout {
  const window = chartWindow(input.start, input.nights);
  const { dates } = window;
  const restaurant = restaurantOf(input, dates);

  // Group first, so nothing below scans every night for every room or booking.
  const byBooking = new Map<string, BookingNights>();
  const groupIds = new Set<string>();
  for (const night of input.roomNights) {
    const index = window.indexOf.get(night.night);
    if (index === undefined) continue;
    const booking = byBooking.get(night.bookingId);
    if (booking === undefined) byBooking.set(night.bookingId, { nights: [night], indexes: [index] });
    else {
      booking.nights.push(night);
      booking.indexes.push(index);
    }
    if (night.groupId !== null) groupIds.add(night.groupId);
  }
  const colours = new Map([...groupIds].sort(compareRoomNames).map((groupId, index) => [groupId, index % GROUP_COLOURS]));

  const barsBySite = new Map<string, PlacedBar[]>();
  const roomNamesBySite = new Map<string, string>();
  const unallocated: PlacedBar[] = [];
  let roomNights = 0;
  for (const booking of byBooking.values()) {
    sortByNight(booking);
    for (const [from, to] of splitIntoRuns(booking)) {
      const placed = makeBar(booking.nights.slice(from, to), booking.indexes[from] ?? 0, window, colours, input.showNames, restaurant);
      roomNights += placed.bar.span;
      const siteId = placed.shown[0]?.siteId ?? null;
      if (siteId === null) {
        unallocated.push(placed);
        continue;
      }
      const bars = barsBySite.get(siteId);
      if (bars) bars.push(placed);
      else barsBySite.set(siteId, [placed]);
      const roomName = placed.shown.find((night) => night.roomName !== null)?.roomName ?? null;
      if (roomName !== null && !roomNamesBySite.has(siteId)) roomNamesBySite.set(siteId, roomName);
    }
  }

  const rows: LaidOutRow[] = [];
  const knownSites = new Set<string>();
  for (const room of input.rooms) {
    knownSites.add(room.siteId);
    rows.push(...roomRows(room.siteId, room.name, barsBySite.get(room.siteId) ?? [], dates.length));
  }

  // A site added since the last rooms refresh still shows, after the known rooms.
  const unknownSites = [...barsBySite.keys()]
    .filter((siteId) => !knownSites.has(siteId))
    .map((siteId) => ({ siteId, label: roomNamesBySite.get(siteId) ?? siteId }))
    .sort((a, b) => compareRoomNames(a.label, b.label) || compareRoomNames(a.siteId, b.siteId));
  for (const { siteId, label } of unknownSites) rows.push(...roomRows(siteId, label, barsBySite.get(siteId) ?? [], dates.length));

  // One row per unallocated booking, so two of them on one night can never hide each other.
  const unallocatedByBooking = new Map<string, PlacedBar[]>();
  for (const placed of unallocated.sort(compareStays)) {
    const bars = unallocatedByBooking.get(placed.bar.bookingId);
    if (bars) bars.push(placed);
    else unallocatedByBooking.set(placed.bar.bookingId, [placed]);
  }
  for (const [bookingId, bars] of unallocatedByBooking) {
    rows.push({ key: `unallocated:${bookingId}`, label: "Unallocated", siteId: null, kind: "unallocated", roomNumber: null, lane: 0, bars });
  }

  return { dates, rows, bookings: byBooking.size, roomNights, restaurant };
}

function cellsOf(bars: PlacedBar[], dates: string[]): ChartCell[] {
  const barAt: (StayBar | undefined)[] = new Array(dates.length);
  for (const { bar } of bars) barAt[bar.startIndex] = bar;
  const cells: ChartCell[] = [];
  for (let index = 0; index < dates.length; ) {
    const bar = barAt[index];
    if (bar === undefined) {
      cells.push({ type: "vacant", date: dates[index] ?? "" });
      index++;
    } else {
      cells.push({ type: "stay", bar });
      index += bar.span;
    }
  }
  return cells;
}

/** One footer day per date from the stored totals; a date without totals shows zeros. */
export function footerOf(totals: ChartDayTotals[], layout: Pick<Layout, "dates" | "restaurant">): ChartFooterDay[] {
  const byDate = new Map(totals.map((day) => [day.date, day]));
  return layout.dates.map((date) => footerDay(date, byDate.get(date), layout.restaurant?.nights.get(date) ?? null));
}

function footerDay(date: string, day: ChartDayTotals | undefined, restaurant: RestaurantNight | null): ChartFooterDay {
  return {
    restaurant,
    date,
    synced: day !== undefined,
    occupied: day?.roomsOccupied ?? 0,
    available: day?.roomsAvailable ?? 0,
    guests: day?.guests ?? 0,
    dinnerGuests: day?.dinnerGuests ?? 0,
    breakfastNextMorning: day?.breakfastGuests ?? 0,
    arrivals: day?.arrivals ?? 0,
    departures: day?.departures ?? 0,
  };
}

/** Occupied over available across the window, in percent to one decimal; null when nothing is available. */
function windowOccupancyPct(footer: ChartFooterDay[]): number | null {
  const available = footer.reduce((total, day) => total + day.available, 0);
  const occupied = footer.reduce((total, day) => total + day.occupied, 0);
  return available > 0 ? Math.round((occupied / available) * 1000) / 10 : null;
}

/** Room-nights of the window with an active, surely linked table (any service). */
function nightsWithTable(layout: Layout): number | null {
  if (layout.restaurant === null) return null;
  let count = 0;
  for (const row of layout.rows) {
    for (const { bar } of row.bars) count += bar.nights.filter((night) => night.tables.some((table) => !table.pending)).length;
  }
  return count;
}

export function summarise(input: ChartInput, layout: Layout, footer: ChartFooterDay[]): ChartSummary {
  const withTable = nightsWithTable(layout);
  return {
    rooms: input.rooms.length,
    unsyncedDates: footer.filter((day) => !day.synced).map((day) => day.date),
    bookings: layout.bookings,
    roomNights: layout.roomNights,
    occupancyPct: windowOccupancyPct(footer),
    nightsWithTable: withTable,
    coveragePct: withTable === null || layout.roomNights === 0 ? null : Math.round((withTable / layout.roomNights) * 1000) / 10,
  };
}

/**
 * The residents chart for `input.nights` nights from `input.start`. Nights outside the
 * window are ignored; `summary` counts only the window's nights and bookings.
 */
export function buildResidentsChart(input: ChartInput): ResidentsChart {
  const layout = layOut(input);
  const footer = footerOf(input.totals, layout);
  return {
    dates: layout.dates,
    rows: layout.rows.map((row) => ({ key: row.key, label: row.label, siteId: row.siteId, kind: row.kind, cells: cellsOf(row.bars, layout.dates) })),
    footer,
    summary: summarise(input, layout, footer),
    hasTables: layout.restaurant !== null,
  };
}

