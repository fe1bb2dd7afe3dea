// The restaurant as the kitchen sees it over a window of nights: every table booking put in
// its service, linked to the stays it belongs to, and each night's numbers. Pure: the chart,
// the dashboard and the JSON build it from what one D1 batch read. Links are worked out here,
// at read time, so they always follow the latest stays, tables and field mapping.
import { readDietary, readTableFacts, type TableFacts } from "./booking-fields";
import type { CustomFieldDefinition, FieldMapping, OpeningHour, Service, TableBooking } from "./restaurant";
import { restaurantNight, stayNightTables, type NightStay, type RestaurantNight, type ServedTable } from "./restaurant-nights";
import { RecentlyUsed } from "./recently-used";
import { effectiveServices } from "./service-choices";
import { closedDates, serviceOf } from "./services";
import { linkTableBookings, type LinkableStay, type TableLink } from "./table-links";

/** One stay on one night, with what linking and the night's numbers need. */
export interface RestaurantStayNight extends LinkableStay {
  dinner: boolean;
  adults: number;
  children: number;
}

export interface RestaurantSettings {
  mapping: FieldMapping;
  openingHours: OpeningHour[];
  serviceChoices: Record<string, Service>;
  /** The restaurant's fields: which dietary ones are choices (words the restaurant wrote) and which free text. */
  definitions: CustomFieldDefinition[];
}

/** What a night's count says for needs staff typed in their own words, while guest names are hidden. */
export const WRITTEN_NEED = "Other (see resOS)";

/**
 * The needs a table's dietary fields name, as they may be counted. With names shown, every
 * need in its own words. With names hidden, only the restaurant's own choices (Vegan, Nut
 * allergy): free text is whatever staff typed ("Mrs Patel rm 12 - severe nut"), personal
 * data, so it counts as one "Other" and is read in resOS.
 */
function countableNeeds(table: TableBooking, facts: TableFacts, dietaryChoiceFields: ReadonlySet<string>, showNames: boolean): string[] {
  if (showNames || facts.dietary.length === 0) return facts.dietary;
  const chosen = readDietary(table.fields.filter((field) => dietaryChoiceFields.has(field.fieldId)).flatMap((field) => field.values));
  return chosen.length < facts.dietary.length ? [...chosen, WRITTEN_NEED] : chosen;
}

/** The mapped dietary fields whose values are the restaurant's own choices, not free text. */
function dietaryChoiceFieldsOf(settings: RestaurantSettings): Set<string> {
  const choiceFields = new Set(settings.definitions.filter((field) => field.type !== "string").map((field) => field.id));
  return new Set(settings.mapping.dietaryFieldIds.filter((id) => choiceFields.has(id)));
}

export type StayNightTables = ReturnType<typeof stayNightTables>;

/** The tables of a stay-night with none, shared: never to be changed by a caller. */
const NO_TABLES: StayNightTables = Object.freeze({ tables: Object.freeze([]), dinnerTable: null });

export interface RestaurantView {
  /** Dates the restaurant is shut (a special closure): never "no table". */
  closed: Set<string>;
  /** The numbers of each of the window's dates. */
  nights: Map<string, RestaurantNight>;
  /** A stay's tables on one night (empty when it has none). */
  tablesOf(bookingId: string, night: string): StayNightTables;
  /** Every table booking of the window, in its service, with its links. */
  served: ServedTable[];
  /** Suggestions for a person to confirm: never counted as booked. */
  possible: TableLink[];
  /** The name of the opening hour a table falls in ("Dinner"), when it falls in one. */
  openingHourNameOf(resosBookingId: string): string | null;
}

const key = (bookingId: string, night: string) => `${bookingId}\u0000${night}`;

// Views built lately, by everything they follow from. A month of a large hotel takes a
// noticeable while to link, and the same chart is drawn again and again between two syncs
// (its live refresh, the kitchen's other phones): the same inputs give the same view, so it
// is kept. Few are kept, and the key holds the inputs (the stays themselves, the version of
// the stored tables, the mapping), so a change of any stay, table or mapping is a new view.
const recentViews = new RecentlyUsed<string, RestaurantView>(8);

/** buildRestaurantView, or the view already built for the same `contentKey` and dates. */
export function cachedRestaurantView(contentKey: string, input: Parameters<typeof buildRestaurantView>[0]): RestaurantView {
  const viewKey = `${input.dates[0] ?? ""}\u0000${input.dates.length}\u0000${input.showNames}\u0000${contentKey}`;
  const known = recentViews.get(viewKey);
  if (known !== undefined) return known;
  const view = buildRestaurantView(input);
  recentViews.set(viewKey, view);
  return view;
}

export function buildRestaurantView(input: { dates: string[]; stays: RestaurantStayNight[]; tables: TableBooking[]; settings: RestaurantSettings; showNames: boolean }): RestaurantView {
  const { mapping, openingHours } = input.settings;
  const services = effectiveServices(openingHours, input.settings.serviceChoices);
  const closed = closedDates(openingHours);
  const facts = input.tables.map((table) => readTableFacts(table, mapping));
  const links = linkTableBookings(input.tables, input.stays, mapping, facts);
  const dietaryChoiceFields = dietaryChoiceFieldsOf(input.settings);

  const linksByTable = new Map<string, TableLink[]>();
  for (const link of links) {
    const list = linksByTable.get(link.resosBookingId);
    if (list) list.push(link);
    else linksByTable.set(link.resosBookingId, [link]);
  }

  const openingHourNames = new Map<string, string | null>();
  const served: ServedTable[] = input.tables.map((table, index) => {
    const { hotelGuest } = facts[index]!;
    const dietary = countableNeeds(table, facts[index]!, dietaryChoiceFields, input.showNames);
    const sitting = serviceOf(table, openingHours, services);
    openingHourNames.set(table.resosBookingId, sitting.openingHourName);
    return {
      table,
      service: sitting.service,
      links: linksByTable.get(table.resosBookingId) ?? [],
      hotelGuest,
      dietary,
    };
  });

  // Indexes, so no stay-night or night scans every table of the window.
  const servedByStayNight = new Map<string, ServedTable[]>();
  const servedByNight = new Map<string, ServedTable[]>();
  for (const entry of served) {
    const night = servedByNight.get(entry.table.date);
    if (night) night.push(entry);
    else servedByNight.set(entry.table.date, [entry]);
    for (const link of entry.links) {
      if (link.link === "possible") continue;
      const stayKey = key(link.bookingId, link.night);
      const list = servedByStayNight.get(stayKey);
      if (list) list.push(entry);
      else servedByStayNight.set(stayKey, [entry]);
    }
  }
  const staysByNight = new Map<string, NightStay[]>();
  for (const stay of input.stays) {
    const entry: NightStay = { bookingId: stay.bookingId, night: stay.night, dinner: stay.dinner, guests: stay.adults + stay.children };
    const list = staysByNight.get(stay.night);
    if (list) list.push(entry);
    else staysByNight.set(stay.night, [entry]);
  }

  const nights = new Map(input.dates.map((date) => [date, restaurantNight(date, staysByNight.get(date) ?? [], servedByNight.get(date) ?? [], closed.has(date))]));
  // Each stay-night's tables are sorted once, when first asked for: a view is drawn many times.
  const tablesByStayNight = new Map<string, StayNightTables>();
  return {
    closed,
    nights,
    tablesOf: (bookingId, night) => {
      const stayKey = key(bookingId, night);
      const served = servedByStayNight.get(stayKey);
      if (served === undefined) return NO_TABLES;
      let tables = tablesByStayNight.get(stayKey);
      if (tables === undefined) {
        tables = stayNightTables(bookingId, night, served);
        tablesByStayNight.set(stayKey, tables);
      }
      return tables;
    },
    served,
    possible: links.filter((link) => link.link === "possible"),
    openingHourNameOf: (resosBookingId) => openingHourNames.get(resosBookingId) ?? null,
  };
}
