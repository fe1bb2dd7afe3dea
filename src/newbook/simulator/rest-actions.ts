// The /rest actions the simulator answers, by name. Each gets the checked request body
// and answers an HTTP status with a Newbook envelope, or a bare server error.
import { holdsRoom } from "./booking";
import { toBookingRecord } from "./booking-record";
import { bookingsList } from "./bookings-list";
import { failureEnvelope, listEnvelope } from "./envelope";
import { occupancyReport } from "./occupancy-report";
import type { RequestBody } from "./request-fields";
import type { SimulatorState } from "./state";

export type ActionResult = { status: 200 | 412; body: object } | { status: 500 };

type Action = (state: SimulatorState, body: RequestBody) => ActionResult;

export const REST_ACTIONS = new Map<string, Action>([
  ["auth_test", () => ({ status: 200, body: listEnvelope([]) })],
  ["sites_list", sitesList],
  ["gl_account_list", glAccountList],
  ["bookings_get", bookingsGet],
  ["bookings_list", bookingsList],
  ["reports_occupancy", occupancyReport],
]);

/** A room is Dirty at the start of the day when someone slept in it last night. */
function sitesList(state: SimulatorState): ActionResult {
  const today = state.options.todayDay;
  const slept = new Set<number>();
  for (const booking of state.bookings) {
    if (booking.siteId !== null && holdsRoom(booking) && booking.arrivalDay < today && booking.departureDay >= today) {
      slept.add(booking.siteId);
    }
  }
  const sites = state.hotel.sites.map((site) => ({
    site_id: String(site.id),
    site_name: site.name,
    category_id: String(site.category.id),
    category_name: site.category.name,
    site_status: slept.has(site.id) ? "Dirty" : "Clean",
  }));
  return { status: 200, body: listEnvelope(sites) };
}

function glAccountList(state: SimulatorState): ActionResult {
  const accounts = Object.values(state.hotel.glAccounts)
    .toSorted((a, b) => a.code.localeCompare(b.code))
    .map((account) => ({ gl_account_id: String(account.id), gl_account_code: account.code, gl_account_name: account.name }));
  return { status: 200, body: listEnvelope(accounts) };
}

function bookingsGet(state: SimulatorState, body: RequestBody): ActionResult {
  const id = typeof body.booking_id === "number" || typeof body.booking_id === "string" ? String(body.booking_id).trim() : "";
  const booking = /^\d+$/.test(id) ? state.bookingsById.get(Number(id)) : undefined;
  if (!booking) return { status: 200, body: failureEnvelope(id ? `Booking ${id} not found` : "booking_id is required") };
  return { status: 200, body: listEnvelope([toBookingRecord(booking, state.hotel, state.options.todayDay)]) };
}
