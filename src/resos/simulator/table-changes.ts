// Changes restaurant staff would make, driven through /__control: add a table, cancel one,
// change one, fill a day. Each is stamped with the clock's "now" (createdAt, canceledAt),
// and the list is kept in paging order afterwards.
import * as z from "zod";
import { dayOf } from "../../newbook/simulator/calendar";
import { DIETARY_NEEDS } from "./custom-fields";
import { tablesFor } from "./dining-room";
import { outsideGuest } from "./diners";
import { weeklySittingsOn } from "./opening-hours";
import { type ResosState, storeBookings } from "./state";
import { type SimTableBooking, TABLE_STATUSES, type TableFields, type TableGuest, type TableStatus } from "./table-booking";
import { isCanceled } from "./table-status";

const DateText = z.string().refine((value) => dayOf(value) !== null, "must be a YYYY-MM-DD date");
const TimeText = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM");
const People = z.int().min(1).max(200);
const Status = z.enum(TABLE_STATUSES);
const Notes = z.array(z.string().max(1000)).max(20);

/** A ticked box by its label, in any case: "vegan" is the "Vegan" box. */
const DietaryNeed = z.string().transform((value, context) => {
  const need = DIETARY_NEEDS.find((name) => name.toLowerCase() === value.trim().toLowerCase());
  if (need) return need;
  context.addIssue({ code: "custom", message: `is not a dietary choice (${DIETARY_NEEDS.join(", ")})` });
  return z.NEVER;
});

export const AddTableRequest = z.strictObject({
  date: DateText,
  time: TimeText,
  people: People,
  status: Status.default("approved"),
  guest: z.strictObject({ name: z.string().trim().min(1).max(200), email: z.string().trim().max(200).optional(), phone: z.string().trim().max(50).optional() }).optional(),
  /** Kept exactly as given, stray spaces and "#" included: that is what staff type. */
  booking_number: z.union([z.string().max(100), z.int().nonnegative().transform(String)]).optional(),
  hotel_guest: z.boolean().optional(),
  dbb: z.boolean().optional(),
  /** The GROUP/EXCLUDE field: "G#7001", "#100123", "NOT-#100123", comma-separated. */
  group: z.string().max(500).optional(),
  notes: Notes.default([]),
  dietary: z.array(DietaryNeed).max(DIETARY_NEEDS.length).optional(),
  allergies: z.string().max(500).optional(),
});
export type AddTableRequest = z.infer<typeof AddTableRequest>;

export const ChangeTableRequest = z
  .strictObject({ date: DateText.optional(), time: TimeText.optional(), people: People.optional(), status: Status.optional(), notes: Notes.optional() })
  .refine((request) => Object.keys(request).length > 0, "nothing to change: give date, time, people, status or notes");
export type ChangeTableRequest = z.infer<typeof ChangeTableRequest>;

export const BusyDayRequest = z.strictObject({ date: DateText, count: z.int().min(1).max(1000) });
export type BusyDayRequest = z.infer<typeof BusyDayRequest>;

export type ChangeResult = { ok: true; booking: SimTableBooking } | { ok: false; status: 400 | 404; error: string };

export function addTable(state: ResosState, request: AddTableRequest): SimTableBooking {
  const fields: TableFields = {
    ...(request.booking_number === undefined ? {} : { bookingNumber: request.booking_number }),
    ...(request.hotel_guest === undefined ? {} : { hotelGuest: request.hotel_guest }),
    ...(request.dbb === undefined ? {} : { dbb: request.dbb }),
    ...(request.group === undefined ? {} : { group: request.group }),
    ...(request.dietary === undefined ? {} : { dietary: request.dietary }),
    ...(request.allergies === undefined ? {} : { allergies: request.allergies }),
  };
  const guest: TableGuest = { name: request.guest?.name ?? "Guest", email: request.guest?.email ?? null, phone: request.guest?.phone ?? null };
  const booking = newTable(state, { date: request.date, time: request.time, people: request.people, status: request.status, guest, fields, notes: request.notes });
  storeBookings(state, [booking]);
  return booking;
}

export function cancelTable(state: ResosState, id: string): ChangeResult {
  const booking = state.bookingsById.get(id);
  if (!booking) return notFound(id);
  if (isCanceled(booking.status)) return { ok: false, status: 400, error: `booking ${id} is already canceled` };
  booking.status = "canceled";
  booking.canceledAt = nowIso(state);
  return { ok: true, booking };
}

export function changeTable(state: ResosState, id: string, request: ChangeTableRequest): ChangeResult {
  const booking = state.bookingsById.get(id);
  if (!booking) return notFound(id);
  if (request.status !== undefined && request.status !== booking.status) {
    // canceledAt says when it was canceled: set on the way in, gone on the way out.
    booking.canceledAt = isCanceled(request.status) ? (booking.canceledAt ?? nowIso(state)) : null;
    booking.status = request.status;
  }
  booking.date = request.date ?? booking.date;
  booking.time = request.time ?? booking.time;
  booking.people = request.people ?? booking.people;
  booking.notes = request.notes ?? booking.notes;
  storeBookings(state, [booking]);
  return { ok: true, booking };
}

/** `count` approved dinner tables from outside the hotel: a day with more bookings than one page holds. */
export function fillDay(state: ResosState, request: BusyDayRequest): SimTableBooking[] {
  const day = dayOf(request.date)!;
  const dinner = weeklySittingsOn(state.restaurant.openingHours, day).find((sitting) => sitting.service === "Dinner");
  const times = dinner?.times ?? ["19:00"];
  const added = Array.from({ length: request.count }, () =>
    newTable(state, {
      date: request.date,
      time: state.random.pick(times),
      people: state.random.weighted([[2, 60], [3, 10], [4, 25], [6, 5]] as const),
      status: "approved",
      guest: outsideGuest(state.random),
      fields: { hotelGuest: false },
      notes: [],
    }),
  );
  storeBookings(state, added);
  return added;
}

interface NewTable {
  date: string;
  time: string;
  people: number;
  status: TableStatus;
  guest: TableGuest;
  fields: TableFields;
  notes: string[];
}

function newTable(state: ResosState, table: NewTable): SimTableBooking {
  const now = state.options.clock();
  return {
    id: state.newId(now),
    ...table,
    tables: tablesFor(state.restaurant.tables, table.people, state.random),
    duration: sittingDuration(state, table.date, table.time),
    source: "phone",
    createdAt: new Date(now).toISOString(),
    canceledAt: isCanceled(table.status) ? new Date(now).toISOString() : null,
  };
}

/** The duration of the last sitting of that weekday to open by the time; 90 minutes before any opens. */
function sittingDuration(state: ResosState, date: string, time: string): number {
  const sittings = weeklySittingsOn(state.restaurant.openingHours, dayOf(date)!);
  return sittings.findLast((sitting) => sitting.times[0]! <= time)?.duration ?? 90;
}

function nowIso(state: ResosState): string {
  return new Date(state.options.clock()).toISOString();
}

function notFound(id: string): ChangeResult {
  return { ok: false, status: 404, error: `there is no booking ${id}` };
}
