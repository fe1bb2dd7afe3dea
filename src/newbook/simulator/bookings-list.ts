// bookings_list: which bookings each list_type returns, paged in booking_id order.
import { bookingStatus, countsAsStaying, type SimBooking } from "./booking";
import { toBookingRecord } from "./booking-record";
import { failureEnvelope, listEnvelope } from "./envelope";
import type { ActionResult } from "./rest-actions";
import { type Period, readPeriod, readWholeNumber, type RequestBody } from "./request-fields";
import type { SimulatorState } from "./state";

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

type ListFilter = (booking: SimBooking, period: Period, status: string) => boolean;

const within = (value: string | null, period: Period) => value !== null && value >= period.from.timestamp && value <= period.to.timestamp;

const LIST_FILTERS = new Map<string, ListFilter>([
  // At least one night (arrival <= night < departure) among the period's dates.
  ["staying", (booking, period, status) => countsAsStaying(status) && booking.arrivalDay <= period.to.day && booking.departureDay > period.from.day],
  ["arrived", (booking, period, status) => countsAsStaying(status) && booking.arrivalDay >= period.from.day && booking.arrivalDay <= period.to.day],
  ["departing", (booking, period, status) => countsAsStaying(status) && booking.departureDay >= period.from.day && booking.departureDay <= period.to.day],
  ["placed", (booking, period) => within(booking.placed, period)],
  ["cancelled", (booking, period) => within(booking.cancelled, period)],
  // Newbook's only "what changed since" pull: by modification time, every status.
  ["all", (booking, period) => within(booking.modified, period)],
]);

export function bookingsList(state: SimulatorState, body: RequestBody): ActionResult {
  const listType = typeof body.list_type === "string" ? body.list_type : "";
  const filter = LIST_FILTERS.get(listType);
  if (!filter) return { status: 412, body: failureEnvelope(`Unsupported list_type "${listType}"`) };
  const period = readPeriod(body);
  if ("error" in period) return { status: 200, body: failureEnvelope(period.error) };

  const offset = Math.max(0, readWholeNumber(body.data_offset) ?? 0);
  const requested = readWholeNumber(body.data_limit);
  const limit = requested === null || requested < 1 ? DEFAULT_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, requested);
  if (state.faults.takeForPage(Math.floor(offset / limit) + 1)) return { status: 500 };

  const { hotel, options } = state;
  const matches = state.bookings.filter((booking) => filter(booking, period, bookingStatus(booking, options.todayDay)));
  const page = matches.slice(offset, offset + limit).map((booking) => toBookingRecord(booking, hotel, options.todayDay));
  return { status: 200, body: listEnvelope(page, matches.length) };
}
