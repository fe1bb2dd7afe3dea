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
 * One night's stays, indexed by everything a table can name them by, so linking a table
 * looks its clues up instead of walking every stay: a month of a 200-room hotel is
 * thousands of tables against thousands of stay-nights.
 */
interface NightStays {
  /** In booking-id order. */
  stays: LinkableStay[];
  byBookingId: Map<string, LinkableStay>;
  byGroup: Map<string, LinkableStay[]>;
  byReference: Map<string, LinkableStay[]>;
  /** Room spellings that are one word ("110", "Room12"), lower case. */
  byRoomWord: Map<string, { stay: LinkableStay; spelling: string }[]>;
  /** Room spellings of several words ("Garden Suite"): few, searched for in the text. */
  roomPhrases: { stay: LinkableStay; spelling: string }[];
  /** Stays whose booking id is not one word of letters and digits: searched for in the text. */
  oddIds: LinkableStay[];
  bySurname: Map<string, LinkableStay[]>;
  byPhoneTail: Map<string, LinkableStay[]>;
  byEmail: Map<string, LinkableStay[]>;
}

const WORD = /^[\p{L}\p{N}]+$/u;
const WORDS = /[\p{L}\p{N}]+/gu;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const nameKey = (text: string) => text.toLowerCase().replace(/[\s\-'.]/g, "");
const digitsOf = (text: string) => text.replace(/\D/g, "");
const PHONE_TAIL = 8;

function indexNight(stays: LinkableStay[]): NightStays {
  const night: NightStays = {
    stays,
    byBookingId: new Map(),
    byGroup: new Map(),
    byReference: new Map(),
    byRoomWord: new Map(),
    roomPhrases: [],
    oddIds: [],
    bySurname: new Map(),
    byPhoneTail: new Map(),
    byEmail: new Map(),
  };
  for (const stay of stays) {
    const id = normaliseBookingNumber(stay.bookingId);
    night.byBookingId.set(id, stay);
    if (!WORD.test(stay.bookingId.trim())) night.oddIds.push(stay);
    if (stay.groupId !== null) push(night.byGroup, stay.groupId.trim(), stay);
    const reference = stay.referenceId === null ? "" : normaliseBookingNumber(stay.referenceId);
    if (reference.length >= MIN_REFERENCE_LENGTH) push(night.byReference, reference, stay);
    if (stay.roomName !== null && stay.roomName.trim() !== "") {
      for (const spelling of roomSpellings(stay.roomName)) {
        if (WORD.test(spelling)) push(night.byRoomWord, spelling.toLowerCase(), { stay, spelling });
        else night.roomPhrases.push({ stay, spelling });
      }
    }
    if (stay.leadLastName && nameKey(stay.leadLastName) !== "") push(night.bySurname, nameKey(stay.leadLastName), stay);
    const phone = stay.leadPhone ? digitsOf(stay.leadPhone) : "";
    if (phone.length >= PHONE_TAIL) push(night.byPhoneTail, phone.slice(-PHONE_TAIL), stay);
    if (stay.leadEmail && stay.leadEmail.trim() !== "") push(night.byEmail, stay.leadEmail.trim().toLowerCase(), stay);
  }
  return night;
}

/** Candidates found through the indexes, once each, allowed ones only, in booking-id order. */
function inOrder(candidates: Iterable<LinkableStay>, excluded: Set<string>): LinkableStay[] {
  const unique = new Map<string, LinkableStay>();
  for (const stay of candidates) if (!excluded.has(normaliseBookingNumber(stay.bookingId))) unique.set(stay.bookingId, stay);
  return [...unique.values()].sort((a, b) => compareBookingIds(a.bookingId, b.bookingId));
}

/**
 * Rules 1 and 2 together: the stays staff named. The booking-number field names one
 * (`booking_number`); `#id` tokens name more and `G#group` names every room of a group
 * (`group`). Both are explicit, so a table whose Booking # is the lead and whose group
 * field says G#55 links the whole group. A group's lead is the stay the table also names
 * itself, else its lowest booking id that night; every other room of the group is a group
 * match.
 */
function namedStays(facts: TableFacts, night: NightStays, excluded: Set<string>): Found[] {
  const tokenIds = new Set(facts.groupTokens.bookingIds.map(normaliseBookingNumber));
  const groupIds = new Set(facts.groupTokens.groupIds);
  const candidates: LinkableStay[] = [];
  for (const id of [...(facts.bookingNumber === null ? [] : [facts.bookingNumber]), ...tokenIds]) {
    const stay = night.byBookingId.get(id);
    if (stay) candidates.push(stay);
  }
  for (const groupId of groupIds) candidates.push(...(night.byGroup.get(groupId) ?? []));
  const stays = inOrder(candidates, excluded);

  const byNumber = (stay: LinkableStay) => facts.bookingNumber !== null && normaliseBookingNumber(stay.bookingId) === facts.bookingNumber;
  const byToken = (stay: LinkableStay) => tokenIds.has(normaliseBookingNumber(stay.bookingId));
  const groupsWithNamedLead = new Set(stays.filter((stay) => (byNumber(stay) || byToken(stay)) && stay.groupId !== null).map((stay) => stay.groupId!.trim()));
  const leadOf = new Map<string, string>();
  const found: Found[] = [];
  for (const stay of stays) {
    if (byNumber(stay)) found.push({ stay, link: "booking_number", isGroupMatch: false });
    else if (byToken(stay)) found.push({ stay, link: "group", isGroupMatch: false });
    else {
      const groupId = stay.groupId!.trim();
      // Stays come in booking-id order, so the first of a group seen is its lowest.
      if (!groupsWithNamedLead.has(groupId) && !leadOf.has(groupId)) leadOf.set(groupId, stay.bookingId);
      found.push({ stay, link: "group", isGroupMatch: leadOf.get(groupId) !== stay.bookingId });
    }
  }
  return found;
}

/** Rule 3: an OTA or agent's reference typed into the booking-number field or any other field. */
function agentReferenceStays(facts: TableFacts, night: NightStays, excluded: Set<string>): Found[] {
  const written = new Set([...(facts.bookingNumber === null ? [] : [facts.bookingNumber]), ...facts.textValues]);
  const candidates = [...written].flatMap((value) => night.byReference.get(value) ?? []);
  return inOrder(candidates, excluded).map((stay) => ({ stay, link: "agent_ref", isGroupMatch: false }));
}

/** A booking id alone: not inside a longer number or code, nor the group of a `G#55` (for ids that are not one word). */
function bookingIdToken(id: string): RegExp {
  return cachedPattern(`id:${id}`, () => new RegExp(`(?<![\\p{L}\\p{N}])(?<!(?<![\\p{L}\\p{N}])g\\s*#\\s*)${escapeRegExp(id)}(?![\\p{L}\\p{N}])`, "iu"));
}

/** The words of a note (runs of letters and digits), lower case, with where each stands: the candidates to look up. */
function wordsOf(notes: string): Map<string, number[]> {
  const words = new Map<string, number[]>();
  for (const match of notes.matchAll(WORDS)) push(words, match[0].toLowerCase(), match.index);
  return words;
}

// A number that is plainly a head count, a table or a time is no room, even when a room has
// that number: "table for 2", "party of 4", "Table 12", "at 7", "4 people", "8 pm".
const COUNT_BEFORE = String.raw`\b(?:for|of|table|tbl|at|x)\s+`;
const COUNT_AFTER = String.raw`\s*(?:people|persons?|pax|guests?|covers?|adults?|children|kids|pm|am|o'?clock|mins?|minutes)\b`;

// A word found by wordsOf is whole already (no letter or digit touches it); these say what
// may stand around it. Checked by hand rather than by a pattern per booking id or room:
// building a Unicode pattern costs more than linking a whole night.
const GROUP_MARK_BEFORE = /(?:^|[^\p{L}\p{N}])g\s*#\s*$/iu;
const ROOM_JOINERS = new Set(["/", ",", "+", "&", "-"]);
const COUNT_WORD_BEFORE = new RegExp(`${COUNT_BEFORE}$`, "iu");
const COUNT_WORD_AFTER = new RegExp(`^${COUNT_AFTER}`, "iu");

/** A booking id at `index` is not the group of a `G#55`. */
function isBookingIdAt(notes: string, index: number): boolean {
  return !GROUP_MARK_BEFORE.test(notes.slice(Math.max(0, index - 12), index));
}

/** A room number at `index`, `length` long, stands as a room: see roomToken. */
function isRoomAt(notes: string, index: number, length: number): boolean {
  const before = notes[index - 1];
  if (before !== undefined && !/\s/.test(before) && !ROOM_JOINERS.has(before)) return false;
  const after = notes[index + length];
  if (after !== undefined && !/\s/.test(after) && !ROOM_JOINERS.has(after)) {
    if (!/\p{P}/u.test(after) || /\p{N}/u.test(notes[index + length + 1] ?? "")) return false;
  }
  return !COUNT_WORD_BEFORE.test(notes.slice(Math.max(0, index - 12), index)) && !COUNT_WORD_AFTER.test(notes.slice(index + length, index + length + 16));
}

/** Rule 4: a stay's booking id written in a note. */
function noteStays(notes: string, words: Map<string, number[]>, night: NightStays, excluded: Set<string>): Found[] {
  const candidates: LinkableStay[] = [];
  for (const [word, indexes] of words) {
    const stay = night.byBookingId.get(word);
    if (stay && indexes.some((index) => isBookingIdAt(notes, index))) candidates.push(stay);
  }
  candidates.push(...night.oddIds.filter((stay) => bookingIdToken(stay.bookingId.trim()).test(notes)));
  return inOrder(candidates, excluded).map((stay) => ({ stay, link: "note", isGroupMatch: false }));
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
  return cachedPattern(`room:${spelling}`, () => new RegExp(`(?<![^\\s/,+&-])(?<!${COUNT_BEFORE})${escapeRegExp(spelling)}(?=$|[\\s/,+&-]|\\p{P}(?!\\p{N}))(?!${COUNT_AFTER})`, "iu"));
}


/** Rule 5: the number of a room occupied that night, written in the notes; every room named is linked. */
function roomNoteStays(notes: string, words: Map<string, number[]>, night: NightStays, excluded: Set<string>): Found[] {
  const named: LinkableStay[] = [];
  for (const [word, indexes] of words) {
    for (const { stay } of night.byRoomWord.get(word) ?? []) {
      if (indexes.some((index) => isRoomAt(notes, index, word.length))) named.push(stay);
    }
  }
  const lowerNotes = notes.toLowerCase();
  for (const { stay, spelling } of night.roomPhrases) {
    if (lowerNotes.includes(spelling.toLowerCase()) && roomToken(spelling).test(notes)) named.push(stay);
  }
  return inOrder(named, excluded).map((stay) => ({ stay, link: "room_note", isGroupMatch: false }));
}

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

// One pattern per booking id or room spelling, built once: the same few hundred come back
// for every table of every night.
const patterns = new Map<string, RegExp>();
function cachedPattern(key: string, build: () => RegExp): RegExp {
  let pattern = patterns.get(key);
  if (pattern === undefined) {
    pattern = build();
    patterns.set(key, pattern);
  }
  return pattern;
}

/** Rule 6's candidates: the stays sharing the table's surname, phone or email, the only ones that can score. */
function possibleCandidates(table: TableBooking, night: NightStays): LinkableStay[] {
  const candidates: LinkableStay[] = [];
  if (table.guestName) {
    const words = table.guestName.trim().split(/\s+/);
    for (let start = 0; start < words.length; start++) candidates.push(...(night.bySurname.get(nameKey(words.slice(start).join(""))) ?? []));
  }
  const phone = table.guestPhone ? digitsOf(table.guestPhone) : "";
  if (phone.length >= PHONE_TAIL) candidates.push(...(night.byPhoneTail.get(phone.slice(-PHONE_TAIL)) ?? []));
  if (table.guestEmail) candidates.push(...(night.byEmail.get(table.guestEmail.trim().toLowerCase()) ?? []));
  return candidates;
}

function linksOfTable(table: TableBooking, facts: TableFacts, night: NightStays): TableLink[] {
  // Rule 0: staff said "not this stay" when a suggestion was wrong; nothing overrides them.
  const excluded = new Set([...facts.groupTokens.excludedBookingIds, ...excludedBookingIdsInNotes(table.notes)].map(normaliseBookingNumber));
  const notes = table.notes.join("\n");
  const words = wordsOf(notes);
  const named = () => namedStays(facts, night, excluded);
  // A table staff marked as not a hotel guest is linked only where they named the stay themselves.
  const rules = facts.hotelGuest === false ? [named] : [named, () => agentReferenceStays(facts, night, excluded), () => noteStays(notes, words, night, excluded), () => roomNoteStays(notes, words, night, excluded)];
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
  if (facts.hotelGuest === false) return [];
  return inOrder(possibleCandidates(table, night), excluded).flatMap((stay) => {
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
export function linkTableBookings(
  tables: TableBooking[],
  stays: LinkableStay[],
  mapping: FieldMapping,
  /** Each table's facts, in table order, when the caller has read them already. */
  facts: readonly TableFacts[] = tables.map((table) => readTableFacts(table, mapping)),
): TableLink[] {
  const staysByNight = new Map<string, Map<string, LinkableStay>>();
  for (const stay of stays) {
    const night = staysByNight.get(stay.night) ?? new Map<string, LinkableStay>();
    if (!night.has(stay.bookingId)) night.set(stay.bookingId, stay);
    staysByNight.set(stay.night, night);
  }
  const indexed = new Map([...staysByNight].map(([night, byId]) => [night, indexNight([...byId.values()].sort((a, b) => compareBookingIds(a.bookingId, b.bookingId)))]));
  const empty = indexNight([]);
  return tables.flatMap((table, index) => linksOfTable(table, facts[index] ?? readTableFacts(table, mapping), indexed.get(table.date) ?? empty));
}
