// Newbook responses as they really arrive: numbers as strings ("2", "0.00"), ids as
// numbers or strings, arrays missing or sent as objects, `success` as the STRING "true".
// These schemas accept all of that and hand the rest of the code one clean shape.
import * as z from "zod";

/** "2", 2, "", null, undefined -> a finite number (0 when absent or unreadable). */
export const numberish = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((value) => {
    // Thousands separators ("1,200.00") would otherwise stop parseFloat at the comma.
    const parsed = typeof value === "number" ? value : Number.parseFloat((value ?? "").replace(/,/g, ""));
    return Number.isFinite(parsed) ? parsed : 0;
  });

/** A whole, non-negative count such as booking_adults. */
export const countish = numberish.transform((value) => Math.max(0, Math.trunc(value)));

/** Text or a number as text; empty or absent -> null. */
export const textish = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((value) => (value === null || value === undefined || String(value).trim() === "" ? null : String(value).trim()));

/** An id that may come as a number; "0" means none (Newbook's "no group" / "no site"). */
export const idish = textish.transform((value) => (value === null || value === "0" ? null : value));

/** "1", 1, true, "true" -> true. */
export const flagish = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .optional()
  .transform((value) => value === true || value === 1 || value === "1" || String(value).toLowerCase() === "true");

/** An array, an object of rows keyed by index, or anything else (nothing usable) -> an array. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
    if (Array.isArray(value)) return value;
    if (value !== null && typeof value === "object") return Object.values(value);
    return [];
  }, z.array(item));
}

export const NewbookContactDetail = z.looseObject({
  type: textish,
  content: textish,
});

export const NewbookGuest = z.looseObject({
  guest_id: idish,
  firstname: textish,
  lastname: textish,
  primary_client: flagish,
  // A row of the wrong shape loses that one contact detail, not the guest.
  contact_details: listOf(z.unknown()).transform((items) => items.flatMap((item) => {
    const parsed = NewbookContactDetail.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  })),
});
export type NewbookGuest = z.infer<typeof NewbookGuest>;

export const NewbookTariff = z.looseObject({
  stay_date: textish,
  label: textish,
  charge_amount: numberish,
  calculated_amount: numberish,
});
export type NewbookTariff = z.infer<typeof NewbookTariff>;

export const NewbookInventoryItem = z.looseObject({
  stay_date: textish,
  description: textish,
  // Some properties put the meaningful words here rather than in the description.
  name: textish,
  amount: numberish,
  gl_account_id: idish,
});
export type NewbookInventoryItem = z.infer<typeof NewbookInventoryItem>;

export const NewbookBooking = z.looseObject({
  booking_id: textish.pipe(z.string("a booking without booking_id")),
  booking_reference_id: textish,
  bookings_group_id: idish,
  booking_arrival: textish,
  booking_departure: textish,
  booking_status: textish,
  booking_modified: textish,
  site_id: idish,
  site_name: textish,
  category_id: idish,
  category_name: textish,
  booking_adults: countish,
  booking_children: countish,
  booking_infants: countish,
  guests: listOf(NewbookGuest),
  tariffs_quoted: listOf(NewbookTariff),
  inventory_items: listOf(NewbookInventoryItem),
});
export type NewbookBooking = z.infer<typeof NewbookBooking>;

export const NewbookSite = z.looseObject({
  site_id: textish.pipe(z.string("a site without site_id")),
  site_name: textish,
  category_id: idish,
  category_name: textish,
  site_status: textish,
});
export type NewbookSite = z.infer<typeof NewbookSite>;

export const NewbookGlAccount = z.looseObject({
  gl_account_id: textish.pipe(z.string("a GL account without gl_account_id")),
  gl_account_code: textish,
  gl_account_name: textish,
});
export type NewbookGlAccount = z.infer<typeof NewbookGlAccount>;

export const NewbookOccupancyDay = z.looseObject({
  available: numberish,
  occupied: numberish,
  maintenance: numberish,
  allotted: numberish,
});

/** reports_occupancy: one row per room category, days keyed by date. */
export const NewbookOccupancyCategory = z.looseObject({
  category_id: idish,
  category_name: textish,
  occupancy: z.preprocess((value) => (value && typeof value === "object" && !Array.isArray(value) ? value : {}), z.record(z.string(), NewbookOccupancyDay)),
});
export type NewbookOccupancyCategory = z.infer<typeof NewbookOccupancyCategory>;

const integerOrNull = z.union([z.number(), z.string(), z.null()]).optional().transform((value) => {
  const parsed = typeof value === "number" ? value : Number.parseInt(value ?? "", 10);
  return Number.isFinite(parsed) ? Math.trunc(parsed) : null;
});

/** Every response carries this envelope; `data` is checked per action. */
export const NewbookEnvelope = z.looseObject({
  success: z.union([z.string(), z.boolean(), z.number()]).transform((value) => String(value).toLowerCase() === "true"),
  message: textish,
  data: z.unknown().optional(),
  data_total: integerOrNull,
  data_count: integerOrNull,
});
export type NewbookEnvelope = z.infer<typeof NewbookEnvelope>;
