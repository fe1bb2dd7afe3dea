// The restaurant side of a kitchen, as resOS describes it and as this product stores it:
// table bookings with their custom fields already reduced to text, the restaurant's own
// custom-field definitions, its opening hours, and the kitchen's choice of which field
// means what. The resOS client produces these shapes; the linking and the night totals
// read them; nothing here knows about HTTP or D1.

/** What a sitting is for the kitchen. */
export const SERVICES = ["breakfast", "lunch", "dinner", "other"] as const;
export type Service = (typeof SERVICES)[number];

/** Statuses that mean a table is (or was) really laid: the only ones that count as covers. */
export const ACTIVE_TABLE_STATUSES = ["approved", "arrived", "seated", "left"] as const;
/** Asked for, not yet confirmed: shown as pending, never counted. */
export const PENDING_TABLE_STATUSES = ["request", "waitlist"] as const;
/** What pages draw as a table: laid or asked for. A cancelled, declined or no-show one is none. */
export const SHOWN_TABLE_STATUSES: ReadonlySet<string> = new Set<string>([...ACTIVE_TABLE_STATUSES, ...PENDING_TABLE_STATUSES]);

/** One custom field on one booking, whatever its type, as the words it carries. */
export interface BookingFieldValue {
  fieldId: string;
  name: string;
  /**
   * Text field: [the text]. Radio / dropdown: [the chosen label]. Checkbox: the names of
   * the ticked boxes. Empty when the value had no usable shape.
   */
  values: string[];
}

/** A resOS table booking as stored, one per resOS `_id`. */
export interface TableBooking {
  resosBookingId: string;
  /** The restaurant-local date the table is for, "YYYY-MM-DD". */
  date: string;
  /** "HH:MM", or null when resOS sent none or an impossible time ("25:99"). */
  time: string | null;
  people: number;
  /** resOS's status word, lower case ("approved", "canceled", "no_show", ...). */
  status: string;
  tableNames: string[];
  areaName: string | null;
  guestName: string | null;
  guestPhone: string | null;
  guestEmail: string | null;
  /** The restaurant's notes on the booking, in order. */
  notes: string[];
  fields: BookingFieldValue[];
}

export type CustomFieldType = "string" | "radio" | "dropdown" | "checkbox";

/** A custom field the restaurant has defined (GET /customFields). */
export interface CustomFieldDefinition {
  id: string;
  name: string;
  /** resOS's type word; anything unknown is kept as "string". */
  type: CustomFieldType;
  choices: { id: string; name: string }[];
}

/** A period of the restaurant's week, or a special one for one date (GET /openingHours). */
export interface OpeningHour {
  id: string;
  name: string;
  /** 1 = Monday .. 7 = Sunday; null for a special period that names a date instead. */
  day: number | null;
  /** HHMM as resOS sends it: 1800 is 18:00. */
  open: number;
  close: number;
  /** Minutes a sitting lasts (resOS pushes `close` later by this). */
  seatingMinutes: number | null;
  /** A one-off period for `date`. */
  special: boolean;
  date: string | null;
  /** A special period that shuts the restaurant for `date`. */
  closed: boolean;
}

/** Which of the restaurant's custom fields holds what; null when the kitchen has none. */
export interface FieldMapping {
  bookingNumberFieldId: string | null;
  hotelGuestFieldId: string | null;
  dbbFieldId: string | null;
  groupFieldId: string | null;
  dietaryFieldIds: string[];
}

export const NO_FIELD_MAPPING: FieldMapping = {
  bookingNumberFieldId: null,
  hotelGuestFieldId: null,
  dbbFieldId: null,
  groupFieldId: null,
  dietaryFieldIds: [],
};

/** Which service one of the restaurant's (regular) opening hours is. */
export interface ServiceMapping {
  openingHourId: string;
  name: string;
  service: Service;
}
