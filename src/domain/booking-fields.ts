// What a resOS table booking says about the hotel, read through the kitchen's field
// mapping: the hotel booking it names, whether the guest is a resident or on dinner, bed
// and breakfast, the group / exclude tokens staff typed, and the dietary needs. Fields are
// found by id (stable); names are only used to suggest a first mapping.
import type { CustomFieldDefinition, FieldMapping, TableBooking } from "./restaurant";

/** The `#id` / `G#group` / `NOT-#id` tokens of a group / exclude field. */
export interface GroupTokens {
  bookingIds: string[];
  groupIds: string[];
  excludedBookingIds: string[];
}

export interface TableFacts {
  /** The booking-number field, normalised; null when absent or blank. */
  bookingNumber: string | null;
  /** Null when the field is absent, blank or says neither yes nor no. */
  hotelGuest: boolean | null;
  dbb: boolean | null;
  groupTokens: GroupTokens;
  /** Each need once, in the guest's own spelling of its first mention. */
  dietary: string[];
  /** Every text of every field, normalised like a booking number: where an agent's reference may hide. */
  textValues: string[];
}

/** "# 12 345 " and "12345" are the same booking: trim, a leading `#`, case and inner spaces do not count. */
export function normaliseBookingNumber(text: string): string {
  let trimmed = text.trim();
  if (trimmed.startsWith("#")) trimmed = trimmed.slice(1);
  // Most ids are plain digits: the pattern only for the ones with spaces in them.
  return /\s/.test(trimmed) ? trimmed.toLowerCase().replace(/\s+/g, "") : trimmed.toLowerCase();
}

const YES_WORDS = new Set(["yes", "y", "true", "1", "ja"]);
const NO_WORDS = new Set(["no", "n", "false", "0"]);

function readYesNo(values: string[]): boolean | null {
  for (const value of values) {
    const word = value.trim().toLowerCase();
    if (YES_WORDS.has(word)) return true;
    if (NO_WORDS.has(word)) return false;
  }
  return null;
}

// The documented forms are "#123", "G#55" and "NOT-#123"; staff also write "NOT #123",
// "not-# 123" and "g #55", so the gaps are allowed, but only inside one token.
const GROUP_TOKEN = /^(not[\s-]*|g\s*)?#\s*(\d+)$/i;

/**
 * Reads a group / exclude field: tokens separated by `,` (or `;`), trimmed. A token must
 * be WHOLLY one of the three forms, so `NOT-#123` can only ever exclude 123 and `G#55`
 * only ever name group 55: neither is also read as booking 123 or 55 (the old `#(\d+)`
 * search did both). "Room #12" or "#12 #14" is no token and is ignored rather than
 * guessed at. Each id is listed once, in the order written.
 */
export function parseGroupTokens(text: string): GroupTokens {
  const tokens: GroupTokens = { bookingIds: [], groupIds: [], excludedBookingIds: [] };
  for (const piece of text.split(/[,;]/)) {
    const match = GROUP_TOKEN.exec(piece.trim());
    if (!match) continue;
    const prefix = (match[1] ?? "").trim().toLowerCase();
    const list = prefix === "" ? tokens.bookingIds : prefix === "g" ? tokens.groupIds : tokens.excludedBookingIds;
    const id = match[2]!;
    if (!list.includes(id)) list.push(id);
  }
  return tokens;
}

const NOTE_EXCLUSION = /(?<![\p{L}\p{N}])not[\s-]*#\s*(\d+)(?!\d)/giu;

/** `NOT-#<id>` anywhere in a restaurant note: where exclusions were written before the group field existed. */
export function excludedBookingIdsInNotes(notes: string[]): string[] {
  const ids: string[] = [];
  for (const note of notes) {
    for (const match of note.matchAll(NOTE_EXCLUSION)) {
      if (!ids.includes(match[1]!)) ids.push(match[1]!);
    }
  }
  return ids;
}

// Words that fill a dietary field without naming a need ("Dietary requirements: None").
const NO_DIETARY_NEED = new Set(["none", "no", "n/a", "na", "nil", "nothing", "-"]);

/** A dietary text split on `,` and `;`, trimmed; a need listed twice (in any case) counts once. */
export function readDietary(values: string[]): string[] {
  const needs: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    for (const piece of value.split(/[,;]/)) {
      const need = piece.trim().replace(/\s+/g, " ");
      const key = need.toLowerCase();
      if (need === "" || NO_DIETARY_NEED.has(key) || seen.has(key)) continue;
      seen.add(key);
      needs.push(need);
    }
  }
  return needs;
}

const EMPTY_GROUP_TOKENS: GroupTokens = { bookingIds: [], groupIds: [], excludedBookingIds: [] };

/** Everything the booking's mapped fields say. Fields are matched by id; an unmapped role reads as absent. */
export function readTableFacts(table: TableBooking, mapping: FieldMapping): TableFacts {
  return readFacts(table, mapping);
}

function readFacts(table: TableBooking, mapping: FieldMapping): TableFacts {
  const byField = new Map<string, string[]>();
  const textValues: string[] = [];
  for (const field of table.fields) {
    const values = byField.get(field.fieldId);
    if (values) values.push(...field.values);
    else byField.set(field.fieldId, [...field.values]);
    for (const value of field.values) {
      const normalised = normaliseBookingNumber(value);
      if (normalised !== "") textValues.push(normalised);
    }
  }
  const valuesOf = (fieldId: string | null) => (fieldId === null ? [] : (byField.get(fieldId) ?? []));
  const group = valuesOf(mapping.groupFieldId);
  return {
    bookingNumber: valuesOf(mapping.bookingNumberFieldId).map(normaliseBookingNumber).find((value) => value !== "") ?? null,
    hotelGuest: readYesNo(valuesOf(mapping.hotelGuestFieldId)),
    dbb: readYesNo(valuesOf(mapping.dbbFieldId)),
    groupTokens: group.length === 0 ? EMPTY_GROUP_TOKENS : parseGroupTokens(group.join(",")),
    dietary: mapping.dietaryFieldIds.length === 0 ? [] : readDietary(mapping.dietaryFieldIds.flatMap((id) => byField.get(id) ?? [])),
    textValues,
  };
}

/** Case, punctuation and spacing ignored: "Booking-No." and "BOOKING no" are "booking no", "Booking #" is "booking". */
function normaliseFieldName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const namesOf = (...names: string[]) => new Set(names.map(normaliseFieldName));

const BOOKING_NUMBER_NAMES = namesOf(
  "Booking #",
  "Booking number",
  "Booking no",
  "Booking nr",
  "Hotel booking",
  "Hotel booking number",
  "Hotel booking no",
  "Room booking",
  "Room booking number",
);
const HOTEL_GUEST_NAMES = namesOf("Hotel Guest", "Hotel guests", "Resident", "Residents", "Staying at hotel", "Staying at the hotel");
const DBB_NAMES = namesOf("DBB", "D.B.B", "Dinner bed & breakfast", "Dinner, bed and breakfast", "Half board");
const PACKAGE_NAMES = namesOf("Package");
const GROUP_NAMES = namesOf("GROUP/EXCLUDE", "Group", "Exclude", "Groups");
// Dietary fields are many and worded freely ("Dietary requirements / allergies"): any name with one of these words.
const DIETARY_WORDS = new Set(["dietary", "diet", "diets", "allergy", "allergies", "intolerance", "intolerances"]);

const isDietaryName = (name: string) => name.split(" ").some((word) => DIETARY_WORDS.has(word));

/**
 * A first mapping from the restaurant's field names, for the kitchen to correct. Fields
 * are read in order; each takes at most one role and the first field to fit a role keeps
 * it. Every dietary-looking field is kept. "Package" is not dinner, bed and breakfast (it
 * may be a spa or wine package), so a field of that name is only taken as DBB when no
 * field is named for DBB itself: it is then the likeliest, and the kitchen can unset it.
 */
export function detectFieldMapping(definitions: CustomFieldDefinition[]): FieldMapping {
  const mapping: FieldMapping = { bookingNumberFieldId: null, hotelGuestFieldId: null, dbbFieldId: null, groupFieldId: null, dietaryFieldIds: [] };
  let packageFieldId: string | null = null;
  for (const definition of definitions) {
    const name = normaliseFieldName(definition.name);
    if (mapping.bookingNumberFieldId === null && BOOKING_NUMBER_NAMES.has(name)) mapping.bookingNumberFieldId = definition.id;
    else if (mapping.hotelGuestFieldId === null && HOTEL_GUEST_NAMES.has(name)) mapping.hotelGuestFieldId = definition.id;
    else if (mapping.dbbFieldId === null && DBB_NAMES.has(name)) mapping.dbbFieldId = definition.id;
    else if (mapping.groupFieldId === null && GROUP_NAMES.has(name)) mapping.groupFieldId = definition.id;
    else if (isDietaryName(name)) mapping.dietaryFieldIds.push(definition.id);
    else if (packageFieldId === null && PACKAGE_NAMES.has(name)) packageFieldId = definition.id;
  }
  mapping.dbbFieldId ??= packageFieldId;
  return mapping;
}
