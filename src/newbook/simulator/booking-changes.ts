// Changes a front desk would make, driven through /__control: add, cancel, move, modify.
// Each one stamps booking_modified with "now", so an incremental `all` pull sees it, and
// none of them may double-book a room or use one that is out of order.
import * as z from "zod";
import { holdsRoom, type SimBooking } from "./booking";
import { dateOf, dayOf } from "./calendar";
import { CATEGORIES } from "./hotel";
import { nowTimestamp, type SimulatorState } from "./state";

const MAX_NIGHTS = 90;

const Day = z.string().transform((value, context) => {
  const day = dayOf(value);
  if (day === null) {
    context.addIssue({ code: "custom", message: `must be a YYYY-MM-DD date, not "${value}"` });
    return z.NEVER;
  }
  return day;
});
const SiteId = z.union([z.int().positive(), z.string().regex(/^\d+$/, "must be a site id").transform(Number)]);
const Count = (min: number) => z.int().min(min).max(20);

function checkStayLength(stay: { arrival?: number; departure?: number }, context: z.RefinementCtx): void {
  if (stay.arrival === undefined || stay.departure === undefined) return;
  if (stay.departure <= stay.arrival) context.addIssue({ code: "custom", path: ["departure"], message: "must be after arrival" });
  else if (stay.departure - stay.arrival > MAX_NIGHTS) context.addIssue({ code: "custom", path: ["departure"], message: `a stay is at most ${MAX_NIGHTS} nights` });
}

export const AddBookingRequest = z
  .strictObject({
    arrival: Day,
    departure: Day,
    /** Absent: the first free guest room; null: left unallocated. */
    site_id: SiteId.nullable().optional(),
    adults: Count(1).default(2),
    children: Count(0).default(0),
    infants: Count(0).default(0),
    guests: z
      .array(z.strictObject({ firstname: z.string().trim().min(1).max(100), lastname: z.string().trim().max(100).default("") }))
      .min(1)
      .max(20)
      .optional(),
    /** Nights with dinner; the other nights are bed & breakfast. */
    dbb_nights: z.array(Day).max(MAX_NIGHTS).default([]),
  })
  .superRefine((request, context) => {
    checkStayLength(request, context);
    request.dbb_nights.forEach((night, index) => {
      if (night < request.arrival || night >= request.departure) {
        context.addIssue({ code: "custom", path: ["dbb_nights", index], message: `${dateOf(night)} is not a night of the stay` });
      }
    });
  });
export type AddBookingRequest = z.infer<typeof AddBookingRequest>;

export const MoveBookingRequest = z.strictObject({ site_id: SiteId });
export type MoveBookingRequest = z.infer<typeof MoveBookingRequest>;

export const ModifyBookingRequest = z
  .strictObject({
    arrival: Day.optional(),
    departure: Day.optional(),
    adults: Count(1).optional(),
    children: Count(0).optional(),
    infants: Count(0).optional(),
  })
  .refine((request) => Object.keys(request).length > 0, "nothing to change: give arrival, departure, adults, children or infants");
export type ModifyBookingRequest = z.infer<typeof ModifyBookingRequest>;

export type ChangeResult = { ok: true; booking: SimBooking } | { ok: false; status: 400 | 404; error: string };

const rejected = (error: string): ChangeResult => ({ ok: false, status: 400, error });

export function addBooking(state: SimulatorState, request: AddBookingRequest): ChangeResult {
  const stay = { arrivalDay: request.arrival, departureDay: request.departure };
  let siteId: number | null;
  if (request.site_id === undefined) {
    siteId = firstFreeGuestRoom(state, stay.arrivalDay, stay.departureDay);
  } else {
    siteId = request.site_id;
    const conflict = siteId === null ? null : siteConflict(state, siteId, stay, null);
    if (conflict) return rejected(conflict);
  }
  const id = state.nextBookingId++;
  const now = nowTimestamp(state);
  const names = request.guests ?? [{ firstname: "Walk-in", lastname: "Guest" }];
  const booking: SimBooking = {
    id,
    referenceId: "",
    groupId: null,
    ...stay,
    siteId,
    kind: "booked",
    confirmed: true,
    adults: request.adults,
    children: request.children,
    infants: request.infants,
    guests: names.map((name, index) => ({ id: state.nextGuestId++, ...name, primary: index === 0, email: null, mobile: null })),
    nightPlans: new Map(request.dbb_nights.map((night) => [night, "dinner_bed_breakfast"])),
    defaultPlan: "bed_breakfast",
    roomRate: (siteId === null ? undefined : state.hotel.sitesById.get(siteId))?.category.baseRate ?? CATEGORIES.standard.baseRate,
    discounted: false,
    placed: now,
    modified: now,
    cancelled: null,
    notes: [],
  };
  // New ids are the highest yet, so the list stays in booking_id order.
  state.bookings.push(booking);
  state.bookingsById.set(id, booking);
  return { ok: true, booking };
}

export function cancelBooking(state: SimulatorState, id: number): ChangeResult {
  const booking = state.bookingsById.get(id);
  if (!booking) return notFound(id);
  if (booking.kind === "cancelled") return rejected(`booking ${id} is already cancelled`);
  const now = nowTimestamp(state);
  booking.kind = "cancelled";
  booking.cancelled = now;
  booking.modified = now;
  return { ok: true, booking };
}

export function moveBooking(state: SimulatorState, id: number, request: MoveBookingRequest): ChangeResult {
  const booking = state.bookingsById.get(id);
  if (!booking) return notFound(id);
  if (booking.kind === "cancelled") return rejected(`booking ${id} is cancelled`);
  const conflict = siteConflict(state, request.site_id, booking, booking.id);
  if (conflict) return rejected(conflict);
  booking.siteId = request.site_id;
  booking.modified = nowTimestamp(state);
  return { ok: true, booking };
}

export function modifyBooking(state: SimulatorState, id: number, request: ModifyBookingRequest): ChangeResult {
  const booking = state.bookingsById.get(id);
  if (!booking) return notFound(id);
  if (booking.kind === "cancelled") return rejected(`booking ${id} is cancelled`);
  const stay = { arrivalDay: request.arrival ?? booking.arrivalDay, departureDay: request.departure ?? booking.departureDay };
  if (stay.departureDay <= stay.arrivalDay) return rejected("departure must be after arrival");
  if (stay.departureDay - stay.arrivalDay > MAX_NIGHTS) return rejected(`a stay is at most ${MAX_NIGHTS} nights`);
  if (booking.siteId !== null && holdsRoom(booking)) {
    const conflict = siteConflict(state, booking.siteId, stay, booking.id);
    if (conflict) return rejected(conflict);
  }
  Object.assign(booking, stay);
  // Nights no longer in the stay lose their plan; added nights get the booking's default.
  for (const night of booking.nightPlans.keys()) {
    if (night < stay.arrivalDay || night >= stay.departureDay) booking.nightPlans.delete(night);
  }
  booking.adults = request.adults ?? booking.adults;
  booking.children = request.children ?? booking.children;
  booking.infants = request.infants ?? booking.infants;
  booking.modified = nowTimestamp(state);
  return { ok: true, booking };
}

function notFound(id: number): ChangeResult {
  return { ok: false, status: 404, error: `there is no booking ${id}` };
}

interface Stay {
  arrivalDay: number;
  departureDay: number;
}

/** Why the room cannot take this stay, or null when it can. */
function siteConflict(state: SimulatorState, siteId: number, stay: Stay, movingBookingId: number | null): string | null {
  const site = state.hotel.sitesById.get(siteId);
  if (!site) return `there is no site ${siteId}`;
  const overlaps = (from: number, to: number) => from < stay.departureDay && to > stay.arrivalDay;
  const block = state.hotel.maintenance.find((candidate) => candidate.siteId === siteId && overlaps(candidate.fromDay, candidate.toDay));
  if (block) return `room ${site.name} is out of order from ${dateOf(block.fromDay)} to ${dateOf(block.toDay)}`;
  const taken = state.bookings.find(
    (other) => other.siteId === siteId && other.id !== movingBookingId && holdsRoom(other) && overlaps(other.arrivalDay, other.departureDay),
  );
  if (taken) return `room ${site.name} is taken by booking ${taken.id} (${dateOf(taken.arrivalDay)} to ${dateOf(taken.departureDay)})`;
  return null;
}

function firstFreeGuestRoom(state: SimulatorState, arrivalDay: number, departureDay: number): number | null {
  const free = state.hotel.sites.find((site) => site.category.kind === "guest" && siteConflict(state, site.id, { arrivalDay, departureDay }, null) === null);
  return free?.id ?? null;
}
