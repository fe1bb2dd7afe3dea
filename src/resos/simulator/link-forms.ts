// How a resident's table says whose it is. resOS has no hotel link, so staff leave clues,
// and real restaurants leave every kind: the booking id in "Booking #" (tidy, or with a
// stray "#" and spaces), the OTA's reference typed there instead, a `#id` token in the
// GROUP/EXCLUDE field, the id or the room number in a note, or nothing but the guest's
// name and contact details, sometimes only the surname. The client must follow each one.
import type { Random } from "../../newbook/simulator/random";
import { typedPhone } from "./diners";
import type { Resident, ResidentGroup } from "./residents";
import type { TableFields, TableGuest } from "./table-booking";

export const LINK_FORMS = [
  "booking_number",
  "padded_booking_number",
  "agent_reference",
  "hash_token",
  "booking_in_note",
  "room_note",
  "contact_only",
  "surname_only",
] as const;
export type LinkForm = (typeof LINK_FORMS)[number];

const FORM_WEIGHTS: readonly (readonly [LinkForm, number])[] = [
  ["booking_number", 38],
  ["padded_booking_number", 12],
  ["agent_reference", 10],
  ["hash_token", 8],
  ["booking_in_note", 6],
  ["room_note", 12],
  ["contact_only", 9],
  ["surname_only", 5],
];

/** What the table of a resident carries, before the restaurant's own details (time, table, diet). */
export interface ResidentClues {
  guest: TableGuest;
  fields: TableFields;
  notes: string[];
}

/** A form the stay can have: an OTA reference only where Newbook holds one. */
export function chooseLinkForm(resident: Resident, random: Random): LinkForm {
  const form = random.weighted(FORM_WEIGHTS);
  return form === "agent_reference" && resident.stay.referenceId === "" ? "booking_number" : form;
}

export function residentClues(resident: Resident, form: LinkForm, random: Random): ResidentClues {
  const id = String(resident.stay.id);
  const fields: TableFields = { ...hotelGuestTick(random), ...dbbChoice(resident.dinnerIncluded, random) };
  const notes: string[] = [];
  switch (form) {
    case "booking_number":
      fields.bookingNumber = id;
      break;
    case "padded_booking_number":
      fields.bookingNumber = random.pick([` #${id} `, `${id} `, `#${id}`, `# ${id}`, ` ${id}`]);
      break;
    case "agent_reference":
      fields.bookingNumber = resident.stay.referenceId;
      break;
    case "hash_token":
      fields.group = `#${id}`;
      break;
    case "booking_in_note":
      notes.push(random.pick([`Resident, booking ${id}`, `Hotel booking ${id}`, `Newbook ${id} - dinner`]));
      break;
    case "room_note":
      notes.push(roomNote(resident, random));
      break;
    case "contact_only":
    case "surname_only":
      break;
  }
  return { guest: form === "surname_only" ? surnameOnlyGuest(resident, random) : residentGuest(resident, form === "contact_only", random), fields, notes };
}

/** One table for a whole group: the G# token, often with the lead's booking id too. */
export function groupClues(group: ResidentGroup, random: Random): ResidentClues {
  const lead = group.members[0]!;
  const allDinner = group.members.every((member) => member.dinnerIncluded);
  const fields: TableFields = { hotelGuest: true, ...dbbChoice(allDinner, random), group: `G#${group.groupId}` };
  if (random.chance(0.6)) fields.bookingNumber = String(lead.stay.id);
  const notes = random.chance(0.5) ? [random.pick(["Wedding party", "Tour group - set menu", "Group dinner, one bill"])] : [];
  return { guest: residentGuest(lead, false, random), fields, notes };
}

/** Staff mostly tick Hotel Guest for residents; a few forget. */
function hotelGuestTick(random: Random): TableFields {
  return random.chance(0.9) ? { hotelGuest: true } : {};
}

/** DBB is ticked for most guests on dinner; for the others it is answered No or left alone. */
function dbbChoice(dinnerIncluded: boolean, random: Random): TableFields {
  if (dinnerIncluded) return random.chance(0.85) ? { dbb: true } : {};
  return random.chance(0.4) ? { dbb: false } : {};
}

/** Always as a token of its own ("Room 12," / "rm 112"): how staff write it, and what the client looks for. */
function roomNote(resident: Resident, random: Random): string {
  const room = resident.roomName;
  const spellings = [`Room ${room}, resident`, `rm ${room}`, `Rm ${room} - resident`, `Staying in room ${room}`, `room ${room} / window if possible`];
  if (resident.dinnerIncluded) spellings.push(`Room ${room} DBB`);
  return random.pick(spellings);
}

/**
 * The lead guest as the restaurant took the booking: the same name, and sometimes the
 * phone or email Newbook holds. A table with nothing else to go on always has one of them.
 */
function residentGuest(resident: Resident, contactsOnly: boolean, random: Random): TableGuest {
  const { lead } = resident;
  const givesEmail = random.chance(contactsOnly ? 0.7 : 0.4);
  const givesPhone = random.chance(contactsOnly ? 0.8 : 0.5);
  let email = givesEmail ? lead.email : null;
  const phone = givesPhone && lead.mobile !== null ? typedPhone(lead.mobile, random) : null;
  if (contactsOnly && email === null && phone === null) email = lead.email;
  return { name: `${lead.firstname} ${lead.lastname}`, email, phone };
}

/** Booked by someone else in the party, or by title: only the surname says who it is. */
function surnameOnlyGuest(resident: Resident, random: Random): TableGuest {
  const { lastname, firstname } = resident.lead;
  const name = random.pick([`Mr ${lastname}`, `Mrs ${lastname}`, `${firstname.slice(0, 1)}. ${lastname}`, `Sam ${lastname}`]);
  return { name, email: null, phone: null };
}
