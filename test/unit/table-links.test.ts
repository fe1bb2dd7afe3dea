import { describe, expect, it } from "vitest";
import { readTableFacts } from "../../src/domain/booking-fields";
import type { FieldMapping, TableBooking } from "../../src/domain/restaurant";
import { type LinkableStay, linkTableBookings, POSSIBLE_CAP, POSSIBLE_WEIGHTS } from "../../src/domain/table-links";

const NIGHT = "2026-01-22";

const MAPPING: FieldMapping = { bookingNumberFieldId: "number", hotelGuestFieldId: "guest", dbbFieldId: null, groupFieldId: "group", dietaryFieldIds: [] };

function stay(bookingId: string, extra: Partial<LinkableStay> = {}): LinkableStay {
  return {
    night: NIGHT,
    bookingId,
    roomName: null,
    groupId: null,
    referenceId: null,
    leadFirstName: null,
    leadLastName: null,
    leadPhone: null,
    leadEmail: null,
    ...extra,
  };
}

interface TableParts extends Partial<Omit<TableBooking, "fields">> {
  /** Field id -> its text. */
  fields?: Record<string, string>;
}

function table(parts: TableParts = {}): TableBooking {
  const { fields = {}, ...rest } = parts;
  return {
    resosBookingId: "t1",
    date: NIGHT,
    time: "19:00",
    people: 2,
    status: "approved",
    tableNames: [],
    areaName: null,
    guestName: null,
    guestPhone: null,
    guestEmail: null,
    notes: [],
    fields: Object.entries(fields).map(([fieldId, value]) => ({ fieldId, name: fieldId, values: [value] })),
    ...rest,
  };
}

/** "table booking link" for each link, the shape most tests compare. */
function linked(tables: TableBooking[], stays: LinkableStay[], mapping = MAPPING): string[] {
  return linkTableBookings(tables, stays, mapping).map((link) => `${link.resosBookingId} ${link.bookingId} ${link.link}`);
}

const ROOMS = [stay("5001", { roomName: "110" }), stay("5002", { roomName: "112" }), stay("5003", { roomName: "12" }), stay("5004", { roomName: "14" })];

describe("linkTableBookings: the booking-number field", () => {
  it("links the stay whose booking id the field names, however it is typed", () => {
    const stays = [stay("12345"), stay("12346")];
    expect(linked([table({ fields: { number: " # 12 345 " } })], stays)).toEqual(["t1 12345 booking_number"]);
  });

  it("gives a sure link the confidence 1 and no group match", () => {
    expect(linkTableBookings([table({ fields: { number: "12345" } })], [stay("12345")], MAPPING)).toEqual([
      { resosBookingId: "t1", night: NIGHT, bookingId: "12345", link: "booking_number", isGroupMatch: false, confidence: 1 },
    ]);
  });

  it("leaves a typo (two digits swapped) unlinked", () => {
    const stays = [stay("12345", { leadLastName: "Smith" })];
    expect(linked([table({ fields: { number: "12354" }, guestName: "Ann Jones" })], stays)).toEqual([]);
  });

  it("never links a stay of another night", () => {
    const stays = [stay("12345", { night: "2026-01-21" }), stay("12345", { night: "2026-01-23" })];
    expect(linked([table({ fields: { number: "12345" } })], stays)).toEqual([]);
    expect(linkTableBookings([table({ fields: { number: "12345" }, date: "2026-01-23" })], stays, MAPPING)).toMatchObject([{ night: "2026-01-23", bookingId: "12345" }]);
  });

  it("reads nothing from a field the mapping does not name", () => {
    const noMapping: FieldMapping = { ...MAPPING, bookingNumberFieldId: null };
    expect(linked([table({ fields: { number: "12345" } })], [stay("12345")], noMapping)).toEqual([]);
  });
});

describe("linkTableBookings: exclusions", () => {
  it("lets NOT-# in the group field beat a booking-number match", () => {
    const tables = [table({ fields: { number: "5001", group: "NOT-#5001" } })];
    expect(linked(tables, ROOMS)).toEqual([]);
  });

  it("lets NOT-# in a note beat a room-note match", () => {
    expect(linked([table({ notes: ["Room 110", "NOT-#5001"] })], ROOMS)).toEqual([]);
  });

  it("forbids only the stay excluded, so a later rule may link another", () => {
    expect(linked([table({ fields: { group: "NOT-#5001" }, notes: ["rooms 110 & 112"] })], ROOMS)).toEqual(["t1 5002 room_note"]);
  });

  it("never suggests an excluded stay", () => {
    const stays = [stay("5001", { leadLastName: "Smith" })];
    expect(linked([table({ guestName: "John Smith", fields: { group: "NOT #5001" } })], stays)).toEqual([]);
  });
});

describe("linkTableBookings: group tokens", () => {
  const GROUP = [stay("7003", { groupId: "55", roomName: "3" }), stay("7001", { groupId: "55", roomName: "1" }), stay("7002", { groupId: "55", roomName: "2" }), stay("7009", { groupId: "66" })];

  it("never reads NOT-#123 or G#55 as booking 123 or 55", () => {
    const stays = [stay("123"), stay("55"), stay("56", { groupId: "55" })];
    expect(linked([table({ fields: { group: "NOT-#123, G#55" } })], stays)).toEqual(["t1 56 group"]);
  });

  it("links a #id token's stay, as a group link that is no group match", () => {
    expect(linkTableBookings([table({ fields: { group: "#7009" } })], GROUP, MAPPING)).toMatchObject([{ bookingId: "7009", link: "group", isGroupMatch: false }]);
  });

  it("links several #id tokens", () => {
    expect(linked([table({ fields: { group: "#7009, #7002" } })], GROUP)).toEqual(["t1 7002 group", "t1 7009 group"]);
  });

  it("covers every room of a G# group, the lowest booking id as lead and the others as group matches", () => {
    const links = linkTableBookings([table({ people: 6, fields: { group: "G#55" } })], GROUP, MAPPING);
    expect(links.map((link) => [link.bookingId, link.link, link.isGroupMatch])).toEqual([
      ["7001", "group", false],
      ["7002", "group", true],
      ["7003", "group", true],
    ]);
  });

  it("takes the stay the table also names as the group's lead", () => {
    const byNumber = linkTableBookings([table({ fields: { number: "7003", group: "G#55" } })], GROUP, MAPPING);
    expect(byNumber.map((link) => [link.bookingId, link.link, link.isGroupMatch])).toEqual([
      ["7001", "group", true],
      ["7002", "group", true],
      ["7003", "booking_number", false],
    ]);
    const byToken = linkTableBookings([table({ fields: { group: "G#55, #7002" } })], GROUP, MAPPING);
    expect(byToken.map((link) => [link.bookingId, link.isGroupMatch])).toEqual([
      ["7001", true],
      ["7002", false],
      ["7003", true],
    ]);
  });

  it("leaves an excluded room out of its group and leads with the lowest one left", () => {
    const links = linkTableBookings([table({ fields: { group: "G#55, NOT-#7001" } })], GROUP, MAPPING);
    expect(links.map((link) => [link.bookingId, link.isGroupMatch])).toEqual([
      ["7002", false],
      ["7003", true],
    ]);
  });

  it("adds #id tokens to the booking-number field's stay", () => {
    expect(linked([table({ fields: { number: "7009", group: "#7001" } })], GROUP)).toEqual(["t1 7001 group", "t1 7009 booking_number"]);
  });

  it("falls through to the next rule when a group has no room that night", () => {
    expect(linked([table({ fields: { group: "G#99" }, notes: ["room 2"] })], GROUP)).toEqual(["t1 7002 room_note"]);
  });
});

describe("linkTableBookings: agent reference", () => {
  const stays = [stay("8001", { referenceId: "BDC-4471 2093" }), stay("8002", { referenceId: "EXP998877" })];

  it("links the stay whose OTA reference is in the booking-number field", () => {
    expect(linked([table({ fields: { number: "bdc-44712093" } })], stays)).toEqual(["t1 8001 agent_ref"]);
  });

  it("links the stay whose OTA reference is in any other field", () => {
    expect(linked([table({ fields: { occasion: "Birthday", ref: "exp998877" } })], stays)).toEqual(["t1 8002 agent_ref"]);
  });

  it("ignores a reference too short to tell from a yes or a head count", () => {
    expect(linked([table({ fields: { guest: "1" } })], [stay("8003", { referenceId: "1" })])).toEqual([]);
  });

  it("comes after the booking number", () => {
    const both = [stay("8001"), stay("8002", { referenceId: "8001" })];
    expect(linked([table({ fields: { number: "8001" } })], both)).toEqual(["t1 8001 booking_number"]);
  });
});

describe("linkTableBookings: booking id in a note", () => {
  const stays = [stay("12345"), stay("1234")];

  it.each([["Hotel booking 12345"], ["bkg #12345, 2 adults"], ["(12345)"], ["12345"]])("finds the booking id as a whole word in %j", (note) => {
    expect(linked([table({ notes: [note] })], stays)).toEqual(["t1 12345 note"]);
  });

  it("never finds it inside a longer number or code", () => {
    expect(linked([table({ notes: ["call 0123456 or ref X12345A"] })], stays)).toEqual([]);
  });

  it("never reads a group written in a note as a booking", () => {
    expect(linked([table({ notes: ["G#12345", "g# 1234"] })], stays)).toEqual([]);
  });

  it("reads every note", () => {
    expect(linked([table({ notes: ["window seat", "1234"] })], stays)).toEqual(["t1 1234 note"]);
  });
});

describe("linkTableBookings: room number in a note", () => {
  it.each(["Room 110", "rm 110", "110/112", "-110", "110", "Guest in 110.", "110, window"])("links room 110 from %j", (note) => {
    expect(linked([table({ notes: [note] })], ROOMS)).toContain("t1 5001 room_note");
  });

  it.each(["£110", "T110", "1100", "€110.00", "#110", "110.50", "2110", "room110"])("does not read %j as room 110", (note) => {
    expect(linked([table({ notes: [note] })], ROOMS)).not.toContain("t1 5001 room_note");
  });

  it("does not read a time as a room", () => {
    expect(linked([table({ notes: ["moved to 12:30"] })], ROOMS)).toEqual([]);
  });

  it.each(["table for 12", "party of 12", "Table 12 please", "arriving at 12", "12 people", "12 pax", "back by 12 pm", "x 12"])(
    "does not read a head count, a table or a time in %j as room 12",
    (note) => {
      expect(linked([table({ notes: [note] })], ROOMS)).toEqual([]);
    },
  );

  it("still reads a room beside a head count", () => {
    expect(linked([table({ notes: ["table for 2, room 12"] })], ROOMS)).toEqual(["t1 5003 room_note"]);
  });

  it("links each room named", () => {
    expect(linked([table({ notes: ["rooms 12 & 14"] })], ROOMS)).toEqual(["t1 5003 room_note", "t1 5004 room_note"]);
    expect(linked([table({ notes: ["110/112"] })], ROOMS)).toEqual(["t1 5001 room_note", "t1 5002 room_note"]);
  });

  it("links only rooms occupied that night", () => {
    expect(linked([table({ notes: ["Room 120"] })], ROOMS)).toEqual([]);
  });

  it("reads a room named 'Room 12' from its number alone", () => {
    expect(linked([table({ notes: ["rm 12"] })], [stay("6001", { roomName: "Room 12" })])).toEqual(["t1 6001 room_note"]);
  });

  it("reads a room by its name", () => {
    expect(linked([table({ notes: ["Garden Suite, anniversary"] })], [stay("6002", { roomName: "Garden Suite" })])).toEqual(["t1 6002 room_note"]);
  });

  it("comes after the booking id in a note", () => {
    expect(linked([table({ notes: ["5002 - room 110"] })], ROOMS)).toEqual(["t1 5002 note"]);
  });
});

describe("linkTableBookings: possible matches", () => {
  const smith = stay("9001", { leadLastName: "Smith", leadPhone: "+44 7700 900123", leadEmail: "Ann.Smith@example.com" });
  const oneLink = (parts: TableParts, stays: LinkableStay[] = [smith]) => linkTableBookings([table(parts)], stays, MAPPING);

  it("suggests a stay by surname, the last word of the guest's name, without case, spaces or - ' .", () => {
    expect(oneLink({ guestName: "ann SMITH" })).toEqual([{ resosBookingId: "t1", night: NIGHT, bookingId: "9001", link: "possible", isGroupMatch: false, confidence: POSSIBLE_WEIGHTS.surname }]);
    expect(oneLink({ guestName: "Sean O'Brien" }, [stay("9002", { leadLastName: "OBrien" })])).toHaveLength(1);
    expect(oneLink({ guestName: "Jan van Dyke" }, [stay("9003", { leadLastName: "Van Dyke" })])).toHaveLength(1);
    expect(oneLink({ guestName: "Kim Smith-Jones" }, [stay("9004", { leadLastName: "Smith Jones" })])).toHaveLength(1);
  });

  it("does not take a surname for part of another", () => {
    expect(oneLink({ guestName: "Ann Goldsmith" })).toEqual([]);
    expect(oneLink({ guestName: "Smith Ann" })).toEqual([]);
  });

  it("adds a phone matching on its last 9 digits and an email matching without case, capped below 1", () => {
    expect(oneLink({ guestName: "Ann Smith", guestPhone: "07700 900123" })[0]?.confidence).toBe(0.8);
    expect(oneLink({ guestPhone: "0044-7700-900-123", guestEmail: " ann.smith@EXAMPLE.com" })[0]?.confidence).toBe(0.7);
    expect(oneLink({ guestName: "A. Smith", guestPhone: "07700900123", guestEmail: "ann.smith@example.com" })[0]?.confidence).toBe(POSSIBLE_CAP);
  });

  it("compares 8 digits when a number has no more", () => {
    expect(oneLink({ guestName: "Ann Smith", guestPhone: "00900123" })[0]?.confidence).toBe(0.8);
    expect(oneLink({ guestName: "Ann Smith", guestPhone: "0123" })[0]?.confidence).toBe(0.5);
  });

  it("suggests nothing on a phone or an email alone", () => {
    expect(oneLink({ guestPhone: "07700 900123" })).toEqual([]);
    expect(oneLink({ guestEmail: "ann.smith@example.com" })).toEqual([]);
  });

  it("suggests every stay that scores", () => {
    const stays = [stay("9011", { leadLastName: "Jones" }), stay("9010", { leadLastName: "jones" }), stay("9012", { leadLastName: "Brown" })];
    expect(linked([table({ guestName: "Bob Jones" })], stays)).toEqual(["t1 9010 possible", "t1 9011 possible"]);
  });

  it("suggests nothing once a sure rule has linked the table", () => {
    expect(linked([table({ guestName: "Ann Smith", notes: ["110"] })], [smith, stay("5001", { roomName: "110" })])).toEqual(["t1 5001 room_note"]);
  });
});

describe("linkTableBookings: several tables and stays", () => {
  it("keeps a stay's lunch and dinner tables on one night", () => {
    const tables = [table({ resosBookingId: "lunch", time: "12:30", fields: { number: "5001" } }), table({ resosBookingId: "dinner", time: "19:30", notes: ["Room 110"] })];
    expect(linked(tables, ROOMS)).toEqual(["lunch 5001 booking_number", "dinner 5001 room_note"]);
  });

  it("links whatever the table's status", () => {
    const tables = ["canceled", "no_show", "request"].map((status) => table({ resosBookingId: status, status, fields: { number: "5001" } }));
    expect(linked(tables, ROOMS)).toEqual(["canceled 5001 booking_number", "no_show 5001 booking_number", "request 5001 booking_number"]);
  });

  it("lists links by table order, then booking id in numeric order", () => {
    const stays = [stay("100", { groupId: "1" }), stay("99", { groupId: "1" }), stay("1000", { groupId: "1" })];
    const tables = [table({ resosBookingId: "b", fields: { group: "#100" } }), table({ resosBookingId: "a", fields: { group: "G#1" } })];
    expect(linked(tables, stays)).toEqual(["b 100 group", "a 99 group", "a 100 group", "a 1000 group"]);
  });

  it("links a stay listed twice for a night once", () => {
    expect(linked([table({ fields: { number: "5001" } })], [stay("5001"), stay("5001")])).toEqual(["t1 5001 booking_number"]);
  });
});

describe("linkTableBookings: a table marked not a hotel guest", () => {
  const guests = [stay("5001", { roomName: "40", leadLastName: "Patel", referenceId: "BDC-77123" })];

  it("is never linked through its notes, an agent's reference or a likeness", () => {
    const outsider = (notes: string[], fields: Record<string, string> = {}) => table({ notes, guestName: "Asha Patel", fields: { guest: "No", ...fields } });
    expect(linked([outsider(["Birthday, turning 40"])], guests)).toEqual([]);
    expect(linked([outsider(["ref 5001"])], guests)).toEqual([]);
    expect(linked([outsider([], { other: "BDC-77123" })], guests)).toEqual([]);
    expect(linked([outsider([])], guests)).toEqual([]);
  });

  it("is still linked where staff named the stay themselves", () => {
    expect(linked([table({ fields: { guest: "No", number: "5001" } })], guests)).toEqual(["t1 5001 booking_number"]);
    expect(linked([table({ fields: { guest: "No", group: "#5001" } })], guests)).toEqual(["t1 5001 group"]);
  });

  it("links as before when the field is left empty", () => {
    expect(linked([table({ notes: ["room 40"] })], guests)).toEqual(["t1 5001 room_note"]);
  });
});

describe("linkTableBookings: facts read by the caller", () => {
  it("gives the same links with the facts handed in as read by itself", () => {
    const tables = [table({ fields: { number: "5001" } }), table({ resosBookingId: "t2", notes: ["Room 40"] })];
    const stays = [stay("5001", { roomName: "40" })];
    const facts = tables.map((one) => readTableFacts(one, MAPPING));
    expect(linkTableBookings(tables, stays, MAPPING, facts)).toEqual(linkTableBookings(tables, stays, MAPPING));
  });
});
