import { describe, expect, it } from "vitest";
import { detectFieldMapping, excludedBookingIdsInNotes, normaliseBookingNumber, parseGroupTokens, readTableFacts } from "../../src/domain/booking-fields";
import { type CustomFieldDefinition, type FieldMapping, NO_FIELD_MAPPING, type TableBooking } from "../../src/domain/restaurant";

const MAPPING: FieldMapping = {
  bookingNumberFieldId: "f-number",
  hotelGuestFieldId: "f-guest",
  dbbFieldId: "f-dbb",
  groupFieldId: "f-group",
  dietaryFieldIds: ["f-diet", "f-allergy"],
};

function table(fields: Record<string, string[]>, extra: Partial<TableBooking> = {}): TableBooking {
  return {
    resosBookingId: "r1",
    date: "2026-01-22",
    time: "19:00",
    people: 2,
    status: "approved",
    tableNames: [],
    areaName: null,
    guestName: null,
    guestPhone: null,
    guestEmail: null,
    notes: [],
    fields: Object.entries(fields).map(([fieldId, values]) => ({ fieldId, name: fieldId, values })),
    ...extra,
  };
}

const facts = (fields: Record<string, string[]>, mapping = MAPPING) => readTableFacts(table(fields), mapping);

const field = (id: string, name: string, type: CustomFieldDefinition["type"] = "string"): CustomFieldDefinition => ({ id, name, type, choices: [] });

describe("normaliseBookingNumber", () => {
  it.each([
    ["12345", "12345"],
    [" #12345 ", "12345"],
    ["# 12 345", "12345"],
    ["AB-12 cd", "ab-12cd"],
    ["", ""],
  ])("reads %j as %j", (text, expected) => {
    expect(normaliseBookingNumber(text)).toBe(expected);
  });

  it("drops one leading # only", () => {
    expect(normaliseBookingNumber("##12")).toBe("#12");
  });
});

describe("parseGroupTokens", () => {
  it("reads bookings, groups and exclusions from comma-separated tokens", () => {
    expect(parseGroupTokens("#123, G#55 ,NOT-#124")).toEqual({ bookingIds: ["123"], groupIds: ["55"], excludedBookingIds: ["124"] });
  });

  it("never reads an exclusion or a group as a booking", () => {
    const tokens = parseGroupTokens("NOT-#123, G#55");
    expect(tokens.bookingIds).toEqual([]);
    expect(tokens.excludedBookingIds).toEqual(["123"]);
    expect(tokens.groupIds).toEqual(["55"]);
  });

  it.each(["NOT-#123", "NOT #123", "not-#123", "Not - #123", "NOT#123", "not-# 123"])("tolerates the exclusion written %j", (text) => {
    expect(parseGroupTokens(text)).toEqual({ bookingIds: [], groupIds: [], excludedBookingIds: ["123"] });
  });

  it.each(["G#55", "g#55", "G #55", "g# 55"])("tolerates the group written %j", (text) => {
    expect(parseGroupTokens(text)).toEqual({ bookingIds: [], groupIds: ["55"], excludedBookingIds: [] });
  });

  it("accepts semicolons between tokens and lists each id once", () => {
    expect(parseGroupTokens("#1; #2, #1, G#7, g#7")).toEqual({ bookingIds: ["1", "2"], groupIds: ["7"], excludedBookingIds: [] });
  });

  it("ignores whatever is not wholly a token", () => {
    expect(parseGroupTokens("Room #12, #12 #14, see notes, #, G#, NOT-#, #12a, Smith")).toEqual({ bookingIds: [], groupIds: [], excludedBookingIds: [] });
  });
});

describe("excludedBookingIdsInNotes", () => {
  it("finds NOT-#<id> anywhere in any note, each id once", () => {
    expect(excludedBookingIdsInNotes(["Wrong room! NOT-#123", "not #124 either; NOT-#123"])).toEqual(["123", "124"]);
  });

  it("finds nothing in a note without the form", () => {
    expect(excludedBookingIdsInNotes(["Booking #123", "KNOT-#5 is not a word", "not 123"])).toEqual([]);
  });
});

describe("readTableFacts", () => {
  it("reads the booking number normalised, and null when the field is blank or unmapped", () => {
    expect(facts({ "f-number": [" # 12 345"] }).bookingNumber).toBe("12345");
    expect(facts({ "f-number": ["  "] }).bookingNumber).toBeNull();
    expect(facts({ "f-number": ["12345"] }, NO_FIELD_MAPPING).bookingNumber).toBeNull();
  });

  it.each([
    ["Yes", true],
    ["y", true],
    ["TRUE", true],
    ["1", true],
    ["Ja", true],
    ["No", false],
    ["n", false],
    ["false", false],
    ["0", false],
    ["Maybe", null],
  ])("reads the hotel-guest answer %j as %j", (answer, expected) => {
    expect(facts({ "f-guest": [answer] }).hotelGuest).toBe(expected);
    expect(facts({ "f-dbb": [answer] }).dbb).toBe(expected);
  });

  it("reads an absent yes/no field as null", () => {
    expect(facts({}).hotelGuest).toBeNull();
    expect(facts({}).dbb).toBeNull();
  });

  it("parses the group field", () => {
    expect(facts({ "f-group": ["G#55, NOT-#9"] }).groupTokens).toEqual({ bookingIds: [], groupIds: ["55"], excludedBookingIds: ["9"] });
  });

  it("reads every dietary field, split on commas and semicolons, each need once in its first spelling", () => {
    const dietary = facts({ "f-diet": ["Vegan,  gluten free;", "Nut allergy"], "f-allergy": ["vegan", "Shellfish"] }).dietary;
    expect(dietary).toEqual(["Vegan", "gluten free", "Nut allergy", "Shellfish"]);
  });

  it("does not count an answer that names no need", () => {
    expect(facts({ "f-diet": ["None"], "f-allergy": ["n/a, -"] }).dietary).toEqual([]);
  });

  it("ignores dietary text in a field that is not mapped as dietary", () => {
    expect(facts({ "f-other": ["Vegan"] }).dietary).toEqual([]);
  });

  it("collects every text of every field, normalised, for agent references", () => {
    expect(facts({ "f-number": ["#ABC 123"], "f-notes": ["EXP-998877", " "] }).textValues).toEqual(["abc123", "exp-998877"]);
  });
});

describe("detectFieldMapping", () => {
  it("maps the field names seen in production", () => {
    const mapping = detectFieldMapping([
      field("1", "Booking #"),
      field("2", "Hotel Guest", "radio"),
      field("3", "DBB", "radio"),
      field("4", "GROUP/EXCLUDE"),
      field("5", "Dietary requirements", "checkbox"),
      field("6", "Allergies"),
      field("7", "Occasion"),
    ]);
    expect(mapping).toEqual({ bookingNumberFieldId: "1", hotelGuestFieldId: "2", dbbFieldId: "3", groupFieldId: "4", dietaryFieldIds: ["5", "6"] });
  });

  it.each(["Booking #", "Booking number", "booking no.", "BOOKING-NO", "Hotel booking", "Room booking"])("reads %j as the booking number", (name) => {
    expect(detectFieldMapping([field("x", name)]).bookingNumberFieldId).toBe("x");
  });

  it.each(["Hotel Guest", "hotel guest?", "Resident", "Staying at hotel"])("reads %j as the hotel-guest field", (name) => {
    expect(detectFieldMapping([field("x", name)]).hotelGuestFieldId).toBe("x");
  });

  it.each(["DBB", "Dinner bed & breakfast", "Dinner, Bed and Breakfast"])("reads %j as DBB", (name) => {
    expect(detectFieldMapping([field("x", name)]).dbbFieldId).toBe("x");
  });

  it.each(["GROUP/EXCLUDE", "Group", "Exclude"])("reads %j as the group field", (name) => {
    expect(detectFieldMapping([field("x", name)]).groupFieldId).toBe("x");
  });

  it.each(["Dietary", "Dietary requirements", "Allergies", "Allergy", "Diet", "Intolerances", "Dietary requirements / allergies"])("reads %j as dietary", (name) => {
    expect(detectFieldMapping([field("x", name)]).dietaryFieldIds).toEqual(["x"]);
  });

  it("takes Package as DBB only when no field is named for DBB", () => {
    expect(detectFieldMapping([field("p", "Package"), field("d", "DBB")]).dbbFieldId).toBe("d");
    expect(detectFieldMapping([field("p", "Package")]).dbbFieldId).toBe("p");
  });

  it("keeps the first field of a role", () => {
    const mapping = detectFieldMapping([field("1", "Booking number"), field("2", "Booking #"), field("3", "Resident"), field("4", "Hotel Guest")]);
    expect(mapping.bookingNumberFieldId).toBe("1");
    expect(mapping.hotelGuestFieldId).toBe("3");
  });

  it("maps nothing from names it does not know", () => {
    expect(detectFieldMapping([field("1", "Occasion"), field("2", "Booking reference notes"), field("3", "Highchair")])).toEqual(NO_FIELD_MAPPING);
  });
});
