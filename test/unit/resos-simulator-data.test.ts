// The restaurant's book, read as a client reads it and checked against the Newbook
// simulator's hotel for the same seed: residents' tables name real stays of their night,
// in every form staff use; the awkward cases are there exactly as planted; every status
// appears; the closure night is empty; the numbers stay believable from 30 to 500 rooms.
import { beforeAll, describe, expect, it } from "vitest";
import { NewbookBooking } from "../../src/newbook/schemas";
import { createNewbookSimulator, SIMULATOR_CREDENTIALS } from "../../src/newbook/simulator";
import { createResosSimulator, RESOS_SIMULATOR_API_KEY, type ResosSimulator } from "../../src/resos/simulator";

const TODAY = "2026-11-21";
const SEED = 20261121;
const FIRST = "2026-10-22"; // today - 30
const LAST = "2027-01-20"; // today + 60
const CLOSED = "2026-11-30"; // today + 9
const BASIC = `Basic ${btoa(`${RESOS_SIMULATOR_API_KEY}:`)}`;

interface WireBooking {
  _id: string;
  date: string;
  time: string;
  people: number;
  status: string;
  guest: { name: string; email?: string; phone?: string };
  tables: { _id: string; name: string; area: { _id: string; name: string } }[];
  customFields: { _id: string; name: string; value: unknown; multipleChoiceValueName?: string }[];
  restaurantNotes: { restaurantNote: string }[];
  createdAt: string;
  canceledAt: string | null;
}

interface Stay {
  id: string;
  reference: string | null;
  groupId: string | null;
  room: string;
  leadFirst: string;
  leadLast: string;
  email: string | null;
  phone: string | null;
  diners: number;
  /** Nights with dinner in the rate. */
  dinnerNights: Set<string>;
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const normalised = (text: string) => text.trim().replace(/^#/, "").replace(/\s+/g, "").toLowerCase();
const digitsOf = (text: string) => text.replace(/\D/g, "");

async function allTables(sim: ResosSimulator, from = FIRST, to = LAST): Promise<WireBooking[]> {
  const tables: WireBooking[] = [];
  for (let skip = 0; ; skip += 100) {
    const response = await sim.fetch(
      new Request(`http://sim/v1/bookings?fromDateTime=${from}T00:00:00&toDateTime=${to}T23:59:59&limit=100&skip=${skip}&expand=customFields`, { headers: { authorization: BASIC } }),
    );
    expect(response.status).toBe(200);
    const page: WireBooking[] = await response.json();
    tables.push(...page);
    if (page.length < 100) return tables;
  }
}

/** The hotel's stays by night, read from the Newbook simulator over its own wire. */
async function staysByNight(rooms: number, seed = SEED): Promise<Map<string, Stay[]>> {
  const newbook = createNewbookSimulator({ seed, rooms, today: TODAY });
  const { username, password, region, apiKey } = SIMULATOR_CREDENTIALS;
  const bookings: NewbookBooking[] = [];
  for (let offset = 0; ; offset += 1000) {
    const response = await newbook.fetch(
      new Request("http://nb/rest/bookings_list", {
        method: "POST",
        headers: { authorization: `Basic ${btoa(`${username}:${password}`)}` },
        body: JSON.stringify({ region, api_key: apiKey, list_type: "staying", period_from: `${FIRST} 00:00:00`, period_to: `${LAST} 23:59:59`, data_offset: offset, data_limit: 1000 }),
      }),
    );
    const body: { data: unknown[]; data_total: number } = await response.json();
    bookings.push(...body.data.map((row) => NewbookBooking.parse(row)));
    if (offset + 1000 >= body.data_total) break;
  }
  const nights = new Map<string, Stay[]>();
  for (const booking of bookings) {
    if (!booking.site_name || /^(S\d+|Apartment)$/.test(booking.site_name)) continue;
    const lead = booking.guests.find((guest) => guest.primary_client) ?? booking.guests[0];
    const contact = (type: string) => lead?.contact_details.find((detail) => detail.type === type)?.content ?? null;
    const stay: Stay = {
      id: booking.booking_id,
      reference: booking.booking_reference_id,
      groupId: booking.bookings_group_id,
      room: booking.site_name,
      leadFirst: lead?.firstname ?? "",
      leadLast: lead?.lastname ?? "",
      email: contact("email"),
      phone: contact("mobile"),
      diners: Math.max(1, booking.booking_adults + booking.booking_children),
      dinnerNights: new Set(booking.inventory_items.filter((item) => item.description === "Dinner Allocation" || item.description === "Table d'hôte Credit").map((item) => item.stay_date!)),
    };
    for (let night = booking.booking_arrival!.slice(0, 10); night < booking.booking_departure!.slice(0, 10); night = addDays(night, 1)) {
      if (night < FIRST || night > LAST) continue;
      nights.set(night, [...(nights.get(night) ?? []), stay]);
    }
  }
  return nights;
}

function field(table: WireBooking, name: string): unknown {
  return table.customFields.find((entry) => entry.name === name)?.value;
}
function choice(table: WireBooking, name: string): string | undefined {
  return table.customFields.find((entry) => entry.name === name)?.multipleChoiceValueName;
}
const textField = (table: WireBooking, name: string) => {
  const value = field(table, name);
  return typeof value === "string" ? value : undefined;
};
const notesOf = (table: WireBooking) => table.restaurantNotes.map((note) => note.restaurantNote);
/** A room or id as a token of its own: "Room 12," and "rm 112" name rooms; "£110" does not. */
const tokensOf = (text: string) => text.split(/[\s,/&+]+|(?<=\D)-|-(?=\D)/).map((token) => token.replace(/[.:;!?]$/, ""));

/** The stays a table names for sure, as the kitchen's rules read it; exclusions win. */
function namedStays(table: WireBooking, stays: Stay[]): Stay[] {
  const bookingNumber = textField(table, "Booking #");
  const group = (textField(table, "GROUP/EXCLUDE") ?? "").split(",").map((token) => token.trim());
  const notes = notesOf(table).join("\n");
  const excluded = new Set([...group.flatMap((token) => /^NOT-#(\d+)$/i.exec(token)?.[1] ?? []), ...[...notes.matchAll(/NOT-#(\d+)/gi)].map((match) => match[1]!)]);
  const allowed = stays.filter((stay) => !excluded.has(stay.id));
  const named = allowed.filter(
    (stay) =>
      (bookingNumber !== undefined && normalised(bookingNumber) === stay.id) ||
      group.includes(`#${stay.id}`) ||
      (stay.groupId !== null && group.includes(`G#${stay.groupId}`)),
  );
  if (named.length > 0) return named;
  const byReference = allowed.filter((stay) => stay.reference && bookingNumber !== undefined && normalised(bookingNumber) === normalised(stay.reference));
  if (byReference.length > 0) return byReference;
  const inNote = allowed.filter((stay) => tokensOf(notes).includes(stay.id));
  if (inNote.length > 0) return inNote;
  return allowed.filter((stay) => tokensOf(notes).includes(stay.room));
}

const sameSurname = (table: WireBooking, stay: Stay) => stay.leadLast !== "" && table.guest.name.endsWith(` ${stay.leadLast}`);

let sim: ResosSimulator;
let tables: WireBooking[];
let nights: Map<string, Stay[]>;
const staysOn = (date: string) => nights.get(date) ?? [];

beforeAll(async () => {
  sim = createResosSimulator({ seed: SEED, rooms: 30, today: TODAY });
  tables = await allTables(sim);
  nights = await staysByNight(30);
});

describe("resOS simulator: the restaurant's book", () => {
  it("covers today - 30 to today + 60", () => {
    const dates = new Set(tables.map((table) => table.date));
    expect(dates.has(FIRST)).toBe(true);
    expect(dates.has(LAST)).toBe(true);
    expect([...dates].every((date) => date >= FIRST && date <= LAST)).toBe(true);
    expect(dates.size).toBe(91);
  });

  it("is the same for the same seed, and another for another seed", async () => {
    const again = await allTables(createResosSimulator({ seed: SEED, rooms: 30, today: TODAY }), TODAY, addDays(TODAY, 6));
    expect(again).toEqual(tables.filter((table) => table.date >= TODAY && table.date <= addDays(TODAY, 6)));
    const other = await allTables(createResosSimulator({ seed: SEED + 1, rooms: 30, today: TODAY }), TODAY, addDays(TODAY, 6));
    expect(other.map((table) => table._id)).not.toEqual(again.map((table) => table._id));
  });

  it("names in Booking # only real stays of the table's night: the hotel's booking ids or OTA references, but for the one typo", () => {
    const unmatched = tables.filter((table) => {
      const written = textField(table, "Booking #");
      if (written === undefined) return false;
      return !staysOn(table.date).some((stay) => normalised(written) === stay.id || (stay.reference && normalised(written) === normalised(stay.reference)));
    });
    expect(unmatched).toHaveLength(1);
    const typo = unmatched[0]!;
    const number = normalised(textField(typo, "Booking #")!);
    expect(number).toMatch(/^[1-9]\d{5,}$/);
    // Two neighbouring digits of a stay of that night, swapped.
    const swappedFrom = staysOn(typo.date).find((stay) => {
      if (stay.id.length !== number.length) return false;
      const differ = [...stay.id].flatMap((digit, index) => (digit === number[index] ? [] : [index]));
      return differ.length === 2 && differ[1] === differ[0]! + 1 && stay.id[differ[0]!] === number[differ[1]!];
    });
    expect(swappedFrom, number).toBeDefined();
    expect([...nights.values()].flat().some((stay) => stay.id === number)).toBe(false);
    expect(choice(typo, "Hotel Guest")).toBe("Yes");
    expect(typo.date >= TODAY && typo.date < addDays(TODAY, 7)).toBe(true);
  });

  it("links residents in every form staff use", () => {
    const forms = new Map<string, WireBooking[]>();
    const add = (form: string, table: WireBooking) => forms.set(form, [...(forms.get(form) ?? []), table]);
    for (const table of tables) {
      const stays = staysOn(table.date);
      const written = textField(table, "Booking #");
      const group = textField(table, "GROUP/EXCLUDE");
      const notes = notesOf(table).join(" ");
      if (written !== undefined && stays.some((stay) => stay.id === written)) add("exact booking number", table);
      if (written !== undefined && written !== normalised(written) && stays.some((stay) => stay.id === normalised(written))) add("booking number with stray # or spaces", table);
      if (written !== undefined && stays.some((stay) => stay.reference && written === stay.reference)) add("OTA reference in Booking #", table);
      if (group !== undefined && /^#\d+$/.test(group) && stays.some((stay) => `#${stay.id}` === group)) add("#id in GROUP/EXCLUDE", table);
      if (group !== undefined && /^G#\d+$/.test(group)) add("G#group", table);
      if (stays.some((stay) => tokensOf(notes).includes(stay.id))) add("booking id in a note", table);
      if (written === undefined && group === undefined && stays.some((stay) => tokensOf(notes).includes(stay.room)) && !/NOT-#/i.test(notes)) add("room number in a note", table);
      if (namedStays(table, stays).length === 0 && notes === "") {
        const match = stays.find((stay) => sameSurname(table, stay));
        if (match && table.guest.name === `${match.leadFirst} ${match.leadLast}`) add("name and contact details only", table);
        if (match && !table.guest.name.startsWith(`${match.leadFirst} `)) add("surname only", table);
      }
    }
    expect(Object.fromEntries([...forms].map(([form, found]) => [form, found.length > 0]))).toEqual({
      "exact booking number": true,
      "booking number with stray # or spaces": true,
      "OTA reference in Booking #": true,
      "#id in GROUP/EXCLUDE": true,
      "G#group": true,
      "booking id in a note": true,
      "room number in a note": true,
      "name and contact details only": true,
      "surname only": true,
    });
    // Spellings of a stray-space booking number, and of a room in a note.
    expect(new Set(forms.get("booking number with stray # or spaces")!.map((table) => textField(table, "Booking #")!.replace(/\d+/, "N"))).size).toBeGreaterThanOrEqual(3);
    expect(forms.get("room number in a note")!.some((table) => notesOf(table).some((note) => /^rm \d+$/.test(note)))).toBe(true);
    expect(forms.get("room number in a note")!.some((table) => notesOf(table).some((note) => /^Room \d+, resident$/.test(note)))).toBe(true);
    // Some tables give the phone or email Newbook holds for the lead guest.
    const contacts = forms.get("name and contact details only")!;
    expect(contacts.some((table) => staysOn(table.date).some((stay) => stay.email !== null && stay.email === table.guest.email))).toBe(true);
    expect(contacts.some((table) => staysOn(table.date).some((stay) => stay.phone !== null && table.guest.phone !== undefined && digitsOf(stay.phone).endsWith(digitsOf(table.guest.phone).slice(-9))))).toBe(true);
  });

  it("books one table for a group, G# in GROUP/EXCLUDE, with the whole group's diners", () => {
    const groupTables = tables.filter((table) => /^G#\d+/.test(textField(table, "GROUP/EXCLUDE") ?? ""));
    expect(groupTables.length).toBeGreaterThan(0);
    for (const table of groupTables) {
      const groupId = /^G#(\d+)/.exec(textField(table, "GROUP/EXCLUDE")!)![1];
      const members = staysOn(table.date).filter((stay) => stay.groupId === groupId);
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(table.people).toBe(members.reduce((sum, stay) => sum + stay.diners, 0));
      expect(tables.filter((other) => other.date === table.date && textField(other, "GROUP/EXCLUDE") === textField(table, "GROUP/EXCLUDE"))).toHaveLength(1);
    }
  });

  it('has "£110 menu agreed" on a night room 110 is occupied, on a table that is no resident\'s', () => {
    const priced = tables.filter((table) => notesOf(table).includes("£110 menu agreed"));
    expect(priced).toHaveLength(1);
    const table = priced[0]!;
    expect(staysOn(table.date).some((stay) => stay.room === "110")).toBe(true);
    expect(choice(table, "Hotel Guest")).toBe("No");
    expect(namedStays(table, staysOn(table.date))).toEqual([]);
    expect(staysOn(table.date).some((stay) => sameSurname(table, stay))).toBe(false);
  });

  it("excludes a stay with NOT-# in GROUP/EXCLUDE on a table whose note names its room, and once in a note", () => {
    const inField = tables.filter((table) => /^NOT-#\d+$/.test(textField(table, "GROUP/EXCLUDE") ?? ""));
    expect(inField.length).toBeGreaterThanOrEqual(1);
    for (const table of inField) {
      const excludedId = textField(table, "GROUP/EXCLUDE")!.slice("NOT-#".length);
      const excluded = staysOn(table.date).find((stay) => stay.id === excludedId)!;
      expect(excluded).toBeDefined();
      expect(tokensOf(notesOf(table).join(" "))).toContain(excluded.room);
      expect(namedStays(table, staysOn(table.date))).toEqual([]);
    }
    const inNote = tables.filter((table) => notesOf(table).some((note) => /NOT-#\d+/.test(note)));
    expect(inNote.length).toBeGreaterThanOrEqual(1);
    for (const table of inNote) {
      const excludedId = /NOT-#(\d+)/.exec(notesOf(table).join(" "))![1];
      const excluded = staysOn(table.date).find((stay) => stay.id === excludedId)!;
      expect(tokensOf(notesOf(table).join(" "))).toContain(excluded.room);
      expect(namedStays(table, staysOn(table.date))).toEqual([]);
    }
  });

  it("uses every status word, each where it can be true: nobody has left a table still to come", () => {
    const statuses = new Set(tables.map((table) => table.status));
    expect([...statuses].toSorted()).toEqual(["approved", "arrived", "canceled", "declined", "left", "no_show", "request", "seated", "waitlist"]);
    const past = new Set(tables.filter((table) => table.date < TODAY).map((table) => table.status));
    expect([...past].toSorted()).toEqual(["canceled", "declined", "left", "no_show"]);
    const ahead = new Set(tables.filter((table) => table.date > TODAY).map((table) => table.status));
    expect(["left", "arrived", "seated", "no_show"].filter((status) => ahead.has(status))).toEqual([]);
    for (const table of tables) {
      expect(table.canceledAt === null, table._id).toBe(table.status !== "canceled");
      if (table.canceledAt) expect(table.canceledAt >= table.createdAt).toBe(true);
    }
  });

  it("has nothing but cancelled tables on the night of the special closure", () => {
    const closed = tables.filter((table) => table.date === CLOSED);
    expect(closed.every((table) => table.status === "canceled")).toBe(true);
    expect(tables.filter((table) => table.date === addDays(CLOSED, 1) && table.status !== "canceled").length).toBeGreaterThan(3);
  });

  it("seats most residents on dinner at a dinner table, some others, and leaves a few without any", () => {
    let dinnerStays = 0;
    let dinnerTabled = 0;
    let otherStays = 0;
    let otherTabled = 0;
    for (const [date, stays] of nights) {
      if (date === CLOSED) continue;
      const dinnerTables = tables.filter((table) => table.date === date && table.time >= "17:00");
      const tabled = new Set(dinnerTables.flatMap((table) => namedStays(table, stays).map((stay) => stay.id)));
      for (const stay of stays) {
        if (stay.dinnerNights.has(date)) {
          dinnerStays++;
          if (tabled.has(stay.id)) dinnerTabled++;
        } else {
          otherStays++;
          if (tabled.has(stay.id)) otherTabled++;
        }
      }
    }
    expect(dinnerStays).toBeGreaterThan(200);
    // ~75% book, minus those who only left a name; groups book more often.
    expect(dinnerTabled / dinnerStays).toBeGreaterThan(0.5);
    expect(dinnerTabled / dinnerStays).toBeLessThan(0.9);
    expect(otherTabled / otherStays).toBeGreaterThan(0.08);
    expect(otherTabled / otherStays).toBeLessThan(0.35);
  });

  it("ticks Hotel Guest Yes on most residents' tables and never on an outsider's, and DBB Yes on most DBB residents'", () => {
    const resident = tables.filter((table) => namedStays(table, staysOn(table.date)).length > 0);
    const ticked = resident.filter((table) => choice(table, "Hotel Guest") === "Yes").length;
    expect(ticked / resident.length).toBeGreaterThan(0.8);
    expect(ticked).toBeLessThan(resident.length);
    const outsiders = tables.filter((table) => namedStays(table, staysOn(table.date)).length === 0 && !staysOn(table.date).some((stay) => sameSurname(table, stay)));
    expect(outsiders.length).toBeGreaterThan(300);
    expect(outsiders.filter((table) => choice(table, "Hotel Guest") === "Yes")).toEqual([]);
    expect(outsiders.filter((table) => choice(table, "Hotel Guest") === "No").length / outsiders.length).toBeGreaterThan(0.6);

    const dbb = resident.filter((table) => {
      const stays = namedStays(table, staysOn(table.date));
      return table.time >= "17:00" && stays.every((stay) => stay.dinnerNights.has(table.date));
    });
    expect(dbb.filter((table) => choice(table, "DBB") === "Yes").length / dbb.length).toBeGreaterThan(0.75);
  });

  it("has non-residents at lunch and dinner every open night", () => {
    for (let date = FIRST; date <= LAST; date = addDays(date, 1)) {
      if (date === CLOSED) continue;
      const outsiders = tables.filter((table) => table.date === date && namedStays(table, staysOn(date)).length === 0 && !staysOn(date).some((stay) => sameSurname(table, stay)));
      expect(outsiders.filter((table) => table.time >= "17:00").length, date).toBeGreaterThanOrEqual(3);
    }
    const lunchDays = new Set(tables.filter((table) => table.time < "15:00").map((table) => new Date(`${table.date}T00:00:00Z`).getUTCDay()));
    expect([...lunchDays].toSorted()).toEqual([0, 3, 4, 5, 6]);
  });

  it("notes diets on about one table in seven, allergies on a few, and keeps two old plain-text diets", () => {
    const withDiet = tables.filter((table) => field(table, "Dietary requirements") !== undefined);
    expect(withDiet.length / tables.length).toBeGreaterThan(0.1);
    expect(withDiet.length / tables.length).toBeLessThan(0.22);
    const plain = withDiet.filter((table) => typeof field(table, "Dietary requirements") === "string");
    expect(plain.map((table) => field(table, "Dietary requirements"))).toEqual(["Vegetarian", "Gluten free, no onions"]);
    expect(plain.every((table) => table.date < TODAY)).toBe(true);
    const allergies = tables.filter((table) => textField(table, "Allergies") !== undefined);
    expect(allergies.length).toBeGreaterThan(5);
    expect(allergies.map((table) => textField(table, "Allergies"))).toContain("Nut allergy - severe");
  });

  it("seats parties at one table of twenty in three areas, or two pushed together, for 90 or 120 minutes", () => {
    const names = new Set(tables.flatMap((table) => table.tables.map((one) => one.name)));
    expect([...names].toSorted((a, b) => Number(a.slice(1)) - Number(b.slice(1)))).toEqual(Array.from({ length: 20 }, (_, index) => `T${index + 1}`));
    expect(new Set(tables.flatMap((table) => table.tables.map((one) => one.area.name)))).toEqual(new Set(["Restaurant", "Conservatory", "Terrace"]));
    expect(tables.every((table) => table.tables.length === 1 || table.tables.length === 2)).toBe(true);
    expect(tables.some((table) => table.tables.length === 2)).toBe(true);
  });

  it("has ObjectIds that are unique and follow creation time", () => {
    const ids = tables.map((table) => table._id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const table of tables.slice(0, 200)) {
      expect(Number.parseInt(table._id.slice(0, 8), 16)).toBe(Math.floor(Date.parse(table.createdAt) / 1000));
    }
  });
});

describe("resOS simulator: at scale", () => {
  it("keeps about one table per occupied room per night at 200 rooms", async () => {
    const big = createResosSimulator({ seed: 7, rooms: 200, today: TODAY });
    const week = await allTables(big, TODAY, addDays(TODAY, 6));
    const hotel = await staysByNight(200, 7);
    let occupied = 0;
    for (let date = TODAY; date <= addDays(TODAY, 6); date = addDays(date, 1)) occupied += (hotel.get(date) ?? []).length;
    expect(week.length / occupied).toBeGreaterThan(0.3);
    expect(week.length / occupied).toBeLessThan(1.2);
  });

  it("builds and serves a 500-room hotel's restaurant", async () => {
    const biggest = createResosSimulator({ seed: 11, rooms: 500, today: TODAY });
    const tonight = await allTables(biggest, TODAY, TODAY);
    expect(tonight.length).toBeGreaterThan(100);
  });
});
