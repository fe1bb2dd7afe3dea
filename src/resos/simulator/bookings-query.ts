// GET /v1/bookings as resOS answers it: a bare array in date, time, _id order, paged by
// skip and limit (at most 100, 100 when left out). The window [fromDateTime, toDateTime]
// is restaurant-local time without an offset and only works when both ends are given:
// with one missing the filter is silently dropped and the OLDEST bookings come back.
import { dayOf } from "../../newbook/simulator/calendar";
import type { ResosState } from "./state";
import { compareByCreation, type SimTableBooking, startOf } from "./table-booking";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 100;

export interface BookingsQuery {
  /** Both ends as "YYYY-MM-DDTHH:MM:SS"; null when the filter is dropped. */
  window: { from: string; to: string } | null;
  skip: number;
  limit: number;
  expandCustomFields: boolean;
}

type QueryParams = Record<string, string | undefined>;

// Local date-times as clients send them; a bare date is its midnight, as resOS parses it.
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?)?$/;

export function readBookingsQuery(params: QueryParams): BookingsQuery | { error: string } {
  const limit = wholeNumber(params.limit, DEFAULT_LIMIT);
  if (limit === null || limit < 1) return { error: "limit must be a whole number from 1 to 100" };
  if (limit > MAX_LIMIT) return { error: `limit must not exceed ${MAX_LIMIT}` };
  const skip = wholeNumber(params.skip, 0);
  if (skip === null) return { error: "skip must be a whole number, 0 or more" };

  const from = localDateTime(params.fromDateTime);
  if (from === null) return { error: "fromDateTime must be a local date-time like 2026-01-22T00:00:00" };
  const to = localDateTime(params.toDateTime);
  if (to === null) return { error: "toDateTime must be a local date-time like 2026-01-22T23:59:59" };

  const expand = (params.expand ?? "").split(",").map((part) => part.trim());
  return { window: from !== undefined && to !== undefined ? { from, to } : null, skip, limit, expandCustomFields: expand.includes("customFields") };
}

/** The 1-based page a query asks for, as the "page" fault counts them. */
export function pageNumber(query: BookingsQuery): number {
  return Math.floor(query.skip / query.limit) + 1;
}

export function selectBookings(state: ResosState, query: BookingsQuery): SimTableBooking[] {
  const matches = query.window ? withinWindow(state.bookings, query.window) : state.bookings.toSorted(compareByCreation);
  return matches.slice(query.skip, query.skip + query.limit);
}

/** Bookings whose date + time lie in [from, to], both ends included: a slice of the sorted list. */
function withinWindow(bookings: readonly SimTableBooking[], window: { from: string; to: string }): SimTableBooking[] {
  const first = firstIndex(bookings, (booking) => startOf(booking) >= window.from);
  const end = firstIndex(bookings, (booking) => startOf(booking) > window.to);
  return bookings.slice(first, Math.max(first, end));
}

/** Binary search: the first index where `isPast` holds, for a predicate that is false then true along the list. */
function firstIndex(bookings: readonly SimTableBooking[], isPast: (booking: SimTableBooking) => boolean): number {
  let low = 0;
  let high = bookings.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isPast(bookings[middle]!)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Absent -> the default; "7" -> 7; anything else (negative, "7.5", "ten") -> null. */
function wholeNumber(value: string | undefined, absent: number): number | null {
  if (value === undefined) return absent;
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}

/** Absent -> undefined; a valid local date-time -> "YYYY-MM-DDTHH:MM:SS"; anything else -> null. */
function localDateTime(value: string | undefined): string | undefined | null {
  if (value === undefined) return undefined;
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match || dayOf(match[1]!) === null) return null;
  const [hours, minutes, seconds] = [match[2] ?? "00", match[3] ?? "00", match[4] ?? "00"];
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return null;
  return `${match[1]}T${hours}:${minutes}:${seconds}`;
}
