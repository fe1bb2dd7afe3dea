// Which hotel stays a resOS table booking belongs to. resOS has no hotel link, so staff
// leave clues (a booking-number field, group tokens, an agent's reference, a booking id or
// a room number in the notes) and this module follows them in falling order of trust. A
// table may only belong to stays sleeping in the hotel on its own date.
import { excludedBookingIdsInNotes, normaliseBookingNumber, readTableFacts, type TableFacts } from "./booking-fields";
import type { FieldMapping, TableBooking } from "./restaurant";

/** One stay on one night, as linking needs it. */
export interface LinkableStay {
  night: string;
  bookingId: string;
  roomName: string | null;
  groupId: string | null;
  /** The OTA or agent's reference (Newbook booking_reference_id). */
  referenceId: string | null;
  leadFirstName: string | null;
  leadLastName: string | null;
  leadPhone: string | null;
  leadEmail: string | null;
}

export type LinkKind = "booking_number" | "group" | "agent_ref" | "note" | "room_note" | "possible";

export interface TableLink {
  resosBookingId: string;
  night: string;
  bookingId: string;
  link: LinkKind;
  /** Linked only as one more room of a group the table was booked for, not as the group's lead. */
  isGroupMatch: boolean;
  /** 1 for a sure link; a `possible` one's score, below 1. */
  confidence: number;
}

/**
 * How much each likeness adds to a `possible` suggestion. A surname alone is worth
 * showing; a phone or an email alone is not (families and agents share them) but the two
 * together are. Never 1: a suggestion is never as sure as a link staff wrote.
 */
export const POSSIBLE_WEIGHTS = { surname: 0.5, phone: 0.3, email: 0.4 } as const;
export const POSSIBLE_CAP = 0.95;
export const POSSIBLE_THRESHOLD = 0.5;

// A reference this short is as likely a yes/no answer or a head count as an agent's code.
const MIN_REFERENCE_LENGTH = 4;

interface Found {
  stay: LinkableStay;
  link: LinkKind;
  isGroupMatch: boolean;
}

// Newbook booking ids are integers sent as text; shorter-then-textual puts them in
// numeric order without parsing, and stays deterministic for anything else.
function compareBookingIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Rules 1 and 2 together: the stays staff named. The booking-number field names one
 * (`booking_number`); `#id` tokens name more and `G#group` names every room of a group
 * (`group`). Both are explicit, so a table whose Booking # is the lead and whose group
 * field says G#55 links the whole group. A group's lead is the stay the table also names
 * itself, else its lowest booking id that night; every other room of the group is a group
 * match.
 */
function namedStays(facts: TableFacts, stays: LinkableStay[]): Found[] {
  const tokenIds = new Set(facts.groupTokens.bookingIds.map(normaliseBookingNumber));
  const groupIds = new Set(facts.groupTokens.groupIds);
  const byNumber = (stay: LinkableStay) => facts.bookingNumber !== null && normaliseBookingNumber(stay.bookingId) === facts.bookingNumber;
  const byToken = (stay: LinkableStay) => tokenIds.has(normaliseBookingNumber(stay.bookingId));
  const byGroup = (stay: LinkableStay) => stay.groupId !== null && groupIds.has(stay.groupId.trim());

  const groupsWithNamedLead = new Set(stays.filter((stay) => (byNumber(stay) || byToken(stay)) && stay.groupId !== null).map((stay) => stay.groupId!.trim()));
  const leadOf = new Map<string, string>();
  const found: Found[] = [];
  for (const stay of stays) {
    if (byNumber(stay)) found.push({ stay, link: "booking_number", isGroupMatch: false });
    else if (byToken(stay)) found.push({ stay, link: "group", isGroupMatch: false });
    else if (byGroup(stay)) {
      const groupId = stay.groupId!.trim();
      // Stays come in booking-id order, so the first of a group seen is its lowest.
      if (!groupsWithNamedLead.has(groupId) && !leadOf.has(groupId)) leadOf.set(groupId, stay.bookingId);
      found.push({ stay, link: "group", isGroupMatch: leadOf.get(groupId) !== stay.bookingId });
    }
  }
  return found;
}

/** Rule 3: an OTA or agent's reference typed into the booking-number field or any other field. */
function agentReferenceStays(facts: TableFacts, stays: LinkableStay[]): Found[] {
  const written = new Set([...(facts.bookingNumber === null ? [] : [facts.bookingNumber]), ...facts.textValues]);
  return stays
    .filter((stay) => {
      const reference = stay.referenceId === null ? "" : normaliseBookingNumber(stay.referenceId);
      return reference.length >= MIN_REFERENCE_LENGTH && written.has(reference);
    })
    .map((stay) => ({ stay, link: "agent_ref", isGroupMatch: false }));
}

/** A booking id alone: not inside a longer number or code, nor the group of a `G#55`. */
function bookingIdToken(id: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?<!(?<![\\p{L}\\p{N}])g\\s*#\\s*)${escapeRegExp(id)}(?![\\p{L}\\p{N}])`, "iu");
}

/** Rule 4: a stay's booking id written in a note. */
function noteStays(notes: string, stays: LinkableStay[]): Found[] {
  const lowerNotes = notes.toLowerCase();
  return stays
    .filter((stay) => {
      const id = stay.bookingId.trim();
      // The plain search first: most notes name no booking, and a pattern per stay is dear.
      return id !== "" && lowerNotes.includes(id.toLowerCase()) && bookingIdToken(id).test(notes);
    })
    .map((stay) => ({ stay, link: "note", isGroupMatch: false }));
}

/**
 * How a room is written in a note: its name, and for rooms named "Room 12" the number
 * alone, since staff write "rm 12" and "rooms 12 & 14".
 */
function roomSpellings(roomName: string): string[] {
  const name = roomName.trim();
  const number = /^(?:room|rm)\.?\s*(\S+)$/i.exec(name)?.[1];
  return number === undefined ? [name] : [name, number];
}

/**
 * A room as a token of a note. Before it: the start, a space, or a joiner of a room list
 * (`/ , + & -`, as in "110/112", "12 & 14", "-110"), so "£110" (a price) and "T110" (a
 * table) are not room 110. After it: the end, a space, a joiner, or punctuation that does
 * not lead into more digits, so "1100", "12:30" and "12.50" are not rooms 110 and 12.
 * Nor is a number that says how many or when (COUNT_BEFORE, COUNT_AFTER).
 */
function roomToken(spelling: string): RegExp {
  return new RegExp(`(?<![^\\s/,+&-])(?<!${COUNT_BEFORE})${escapeRegExp(spelling)}(?=$|[\\s/,+&-]|\\p{P}(?!\\p{N}))(?!${COUNT_AFTER})`, "iu");
}

// A number that is plainly a head count, a table or a time is no room, even when a room has
// that number: "table for 2", "party of 4", "Table 12", "at 7", "4 people", "8 pm".
const COUNT_BEFORE = String.raw`\b(?:for|of|table|tbl|at|x)\s+`;
const COUNT_AFTER = String.raw`\s*(?:people|persons?|pax|guests?|covers?|adults?|children|kids|pm|am|o'?clock|mins?|minutes)\b`;

/** Rule 5: the number of a room occupied that night, written in the notes; every room named is linked. */
function roomNoteStays(notes: string, stays: LinkableStay[]): Found[] {
  const lowerNotes = notes.toLowerCase();
  return stays
    .filter((stay) => stay.roomName !== null && stay.roomName.trim() !== "" && roomSpellings(stay.roomName).some((spelling) => lowerNotes.includes(spelling.toLowerCase()) && roomToken(spelling).test(notes)))
    .map((stay) => ({ stay, link: "room_note", isGroupMatch: false }));
}

const nameKey = (text: string) => text.toLowerCase().replace(/[\s\-'.]/g, "");
const digitsOf = (text: string) => text.replace(/\D/g, "");

/** The guest's surname is the last word of the table's name, or its last words for "van Dyke". */
function sameSurname(guestName: string, leadLastName: string): boolean {
  const surname = nameKey(leadLastName);
  const words = guestName.trim().split(/\s+/);
  return surname !== "" && words.some((_, start) => nameKey(words.slice(start).join("")) === surname);
}

// Numbers are written with and without a country code (+44 7700 900123, 07700 900123):
// their last digits, 9 when both have that many, else 8, are the subscriber's number.
function samePhone(a: string, b: string): boolean {
  const [x, y] = [digitsOf(a), digitsOf(b)];
  const length = Math.min(9, x.length, y.length);
  return length >= 8 && x.slice(-length) === y.slice(-length);
}

function possibleScore(table: TableBooking, stay: LinkableStay): number {
  let score = 0;
  if (table.guestName && stay.leadLastName && sameSurname(table.guestName, stay.leadLastName)) score += POSSIBLE_WEIGHTS.surname;
  if (table.guestPhone && stay.leadPhone && samePhone(table.guestPhone, stay.leadPhone)) score += POSSIBLE_WEIGHTS.phone;
  if (table.guestEmail && stay.leadEmail && table.guestEmail.trim().toLowerCase() === stay.leadEmail.trim().toLowerCase()) score += POSSIBLE_WEIGHTS.email;
  // Rounded so 0.3 + 0.4 is 0.7, not 0.7000000000000001.
  return Math.min(POSSIBLE_CAP, Math.round(score * 100) / 100);
}

function linksOfTable(table: TableBooking, stays: LinkableStay[], mapping: FieldMapping): TableLink[] {
  const facts = readTableFacts(table, mapping);
  // Rule 0: staff said "not this stay" when a suggestion was wrong; nothing overrides them.
  const excluded = new Set([...facts.groupTokens.excludedBookingIds, ...excludedBookingIdsInNotes(table.notes)].map(normaliseBookingNumber));
  const allowed = stays.filter((stay) => !excluded.has(normaliseBookingNumber(stay.bookingId)));
  const notes = table.notes.join("\n");
  const rules = [() => namedStays(facts, allowed), () => agentReferenceStays(facts, allowed), () => noteStays(notes, allowed), () => roomNoteStays(notes, allowed)];
  const link = (stay: LinkableStay, kind: LinkKind, isGroupMatch: boolean, confidence: number): TableLink => ({
    resosBookingId: table.resosBookingId,
    night: table.date,
    bookingId: stay.bookingId,
    link: kind,
    isGroupMatch,
    confidence,
  });
  for (const rule of rules) {
    const found = rule();
    if (found.length > 0) return found.map(({ stay, link: kind, isGroupMatch }) => link(stay, kind, isGroupMatch, 1));
  }
  return allowed.flatMap((stay) => {
    const score = possibleScore(table, stay);
    return score >= POSSIBLE_THRESHOLD ? [link(stay, "possible", false, score)] : [];
  });
}

/**
 * Links each table booking to the stays of its date, by the first rule that finds at
 * least one stay the table does not exclude: named (booking number, `#id`, `G#group`),
 * agent reference, booking id in a note, room number in a note; failing all, `possible`
 * suggestions by surname, phone and email. A typo in a booking number is no link: close
 * is not the same booking. Status is not looked at (the caller decides what counts).
 * Links come in table order, then booking-id order.
 */
export function linkTableBookings(tables: TableBooking[], stays: LinkableStay[], mapping: FieldMapping): TableLink[] {
  const staysByNight = new Map<string, Map<string, LinkableStay>>();
  for (const stay of stays) {
    const night = staysByNight.get(stay.night) ?? new Map<string, LinkableStay>();
    if (!night.has(stay.bookingId)) night.set(stay.bookingId, stay);
    staysByNight.set(stay.night, night);
  }
  const sortedByNight = new Map([...staysByNight].map(([night, byId]) => [night, [...byId.values()].sort((a, b) => compareBookingIds(a.bookingId, b.bookingId))]));
  return tables.flatMap((table) => linksOfTable(table, sortedByNight.get(table.date) ?? [], mapping));
}
