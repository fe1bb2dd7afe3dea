// Everything one simulator instance holds. Routes read it through one object that reset()
// refills in place, so an app already mounted in a parent keeps working after a reset.
import { resolveOptions } from "../../newbook/simulator/options";
import { type Random, seededRandom } from "../../newbook/simulator/random";
import { buildState as buildHotelState } from "../../newbook/simulator/state";
import { type FaultQueue, faultQueue } from "./faults";
import { generateTables } from "./generate-tables";
import { type ObjectIdFactory, objectIdFactory } from "./object-ids";
import type { ResolvedResosOptions } from "./options";
import { type FixedWindowLimiter, fixedWindowLimiter } from "./rate-limit";
import { buildRestaurant, type Restaurant } from "./restaurant";
import { compareByStart, type SimTableBooking } from "./table-booking";

export interface ResosState {
  options: ResolvedResosOptions;
  restaurant: Restaurant;
  /** Always in compareByStart order (date, time, _id): the order /bookings pages in. */
  bookings: SimTableBooking[];
  bookingsById: Map<string, SimTableBooking>;
  newId: ObjectIdFactory;
  /** Picks for bookings added through /__control (their tables, busy-day guests). */
  random: Random;
  /** /v1 calls received since the last reset. */
  calls: number;
  faults: FaultQueue;
  rateLimiter: FixedWindowLimiter;
}

/** Mixed into the seed so the restaurant's draws are its own, not a replay of the hotel's. */
const RESTAURANT_STREAM = 0x7e50_5c0d;

export function buildResosState(options: ResolvedResosOptions): ResosState {
  // The very hotel the Newbook simulator builds for these options: same stays, ids, rooms.
  const hotel = buildHotelState(resolveOptions({ seed: options.seed, rooms: options.rooms, today: options.today }));
  const random = seededRandom(seededRandom(options.seed).int(0, 0xffff_ffff) ^ RESTAURANT_STREAM);
  const newId = objectIdFactory(random);
  const restaurant = buildRestaurant(newId, options.todayDay, random);
  const bookings = generateTables(hotel, restaurant, options.todayDay, random, newId).sort(compareByStart);
  return {
    options,
    restaurant,
    bookings,
    bookingsById: new Map(bookings.map((booking) => [booking.id, booking])),
    newId,
    random,
    calls: 0,
    faults: faultQueue(),
    rateLimiter: fixedWindowLimiter(options.rateLimit),
  };
}

/** Adds new bookings or re-places changed ones, keeping the list in paging order. */
export function storeBookings(state: ResosState, changed: readonly SimTableBooking[]): void {
  for (const booking of changed) {
    if (state.bookingsById.has(booking.id)) continue;
    state.bookingsById.set(booking.id, booking);
    state.bookings.push(booking);
  }
  state.bookings.sort(compareByStart);
}
