// The simulator's own record of a table booking. Wire records are rendered from it on each
// request (wire-booking.ts), so a change made through /__control shows up the same way in
// every list, with or without `expand=customFields`.
import type { DiningTable } from "./dining-room";

/** The words the restaurant's bookings are generated with: every one appears in the 90 days. */
export const GENERATED_STATUSES = ["request", "declined", "approved", "arrived", "seated", "left", "no_show", "canceled", "waitlist"] as const;
/** Also seen in production data (older spellings and admin states); accepted through /__control. */
export const TABLE_STATUSES = [...GENERATED_STATUSES, "deleted", "rejected", "cancelled"] as const;
export type TableStatus = (typeof TABLE_STATUSES)[number];

export const OCCASIONS = ["Birthday", "Anniversary", "Business"] as const;
export type Occasion = (typeof OCCASIONS)[number];

export const SOURCES = ["website", "phone", "walk_in", "email", "google"] as const;
export type BookingSource = (typeof SOURCES)[number];

/** What staff or the guest put in the restaurant's custom fields; a field left out was never filled in. */
export interface TableFields {
  bookingNumber?: string;
  hotelGuest?: boolean;
  dbb?: boolean;
  group?: string;
  occasion?: Occasion;
  /** Ticked boxes by name, or, as in data from before the field was a checkbox, one plain string. */
  dietary?: readonly string[] | string;
  allergies?: string;
}

export interface TableGuest {
  name: string;
  email: string | null;
  phone: string | null;
}

export interface SimTableBooking {
  /** 24-hex ObjectId. */
  id: string;
  /** Restaurant-local "YYYY-MM-DD" and "HH:MM". */
  date: string;
  time: string;
  people: number;
  status: TableStatus;
  guest: TableGuest;
  tables: DiningTable[];
  fields: TableFields;
  notes: string[];
  /** Minutes. */
  duration: number;
  source: BookingSource;
  /** UTC ISO-8601 with Z. */
  createdAt: string;
  canceledAt: string | null;
}

/** "YYYY-MM-DDTHH:MM:00": compared as text with a query's local date-times. */
export function startOf(booking: Pick<SimTableBooking, "date" | "time">): string {
  return `${booking.date}T${booking.time}:00`;
}

/** The order /bookings pages in: date, time, then _id, so skip paging never shifts. */
export function compareByStart(a: SimTableBooking, b: SimTableBooking): number {
  return compareText(a.date, b.date) || compareText(a.time, b.time) || compareText(a.id, b.id);
}

/** The order the one-sided quirk answers in: the oldest records first. */
export function compareByCreation(a: SimTableBooking, b: SimTableBooking): number {
  return compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
