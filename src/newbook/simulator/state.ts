// Everything one simulator instance holds. Routes read it through one object that reset()
// refills in place, so an app already mounted in a parent keeps working after a reset.
import type { SimBooking } from "./booking";
import { type FaultQueue, faultQueue } from "./faults";
import { generateBookings } from "./generate-bookings";
import { buildHotel, type Hotel } from "./hotel";
import type { ResolvedOptions } from "./options";
import { seededRandom } from "./random";
import { type RateLimiter, rollingWindowLimiter } from "./rate-limit";

export interface SimulatorState {
  options: ResolvedOptions;
  hotel: Hotel;
  /** Ascending booking_id: the order lists are paged in. */
  bookings: SimBooking[];
  bookingsById: Map<number, SimBooking>;
  nextBookingId: number;
  nextGuestId: number;
  /** /rest calls received since the last reset. */
  calls: number;
  faults: FaultQueue;
  rateLimiter: RateLimiter;
}

export function buildState(options: ResolvedOptions): SimulatorState {
  const random = seededRandom(options.seed);
  const hotel = buildHotel(options.rooms, options.todayDay, random);
  const { bookings, nextBookingId, nextGuestId } = generateBookings(hotel, options.todayDay, random);
  return {
    options,
    hotel,
    bookings,
    bookingsById: new Map(bookings.map((booking) => [booking.id, booking])),
    nextBookingId,
    nextGuestId,
    calls: 0,
    faults: faultQueue(),
    rateLimiter: rollingWindowLimiter(options.rateLimit),
  };
}

/** "Now" for change timestamps: the hotel's today at the clock's time of day (UTC). */
export function nowTimestamp(state: SimulatorState): string {
  const time = new Date(state.options.clock()).toISOString().slice(11, 19);
  return `${state.options.today} ${time}`;
}
