// The "bad_records" fault: bookings that real, old or half-migrated data holds and a
// tolerant client must survive: one with no date, one at "25:99", and one whose text
// fields hold a number and an object. They land on a date inside the query's window so a
// client that filters on the booking's own date still sees the bad time and the bad fields.
import { dateOf, dayOf } from "../../newbook/simulator/calendar";
import type { Restaurant } from "./restaurant";

/** Recognisable in any log: "bad" then zeros, still 24 hex digits. */
const badId = (n: number) => `bad${String(n).padStart(21, "0")}`;

export function malformedBookings(restaurant: Restaurant, window: { from: string; to: string } | null, today: string): Record<string, unknown>[] {
  const date = dateInside(window, today);
  const base = {
    restaurantId: restaurant.id,
    people: 2,
    status: "approved",
    tables: [],
    restaurantNotes: [],
    duration: 90,
    source: "website",
    createdAt: `${today}T00:00:00.000Z`,
    canceledAt: null,
  };
  const { bookingNumber, allergies } = restaurant.fields;
  return [
    { ...base, _id: badId(1), time: "19:00", guest: { name: "No Date" }, customFields: [] },
    { ...base, _id: badId(2), date, time: "25:99", guest: { name: "Impossible Time" }, customFields: [] },
    {
      ...base,
      _id: badId(3),
      date,
      time: "19:30",
      guest: { name: "Odd Fields" },
      customFields: [
        { _id: bookingNumber._id, name: bookingNumber.name, value: 12345 },
        { _id: allergies._id, name: allergies.name, value: { text: "nuts", severity: "high" } },
      ],
    },
  ];
}

/** The day after the window's start when the window spans it (clients widen by a day), else its start. */
function dateInside(window: { from: string; to: string } | null, today: string): string {
  if (!window) return today;
  const fromDay = dayOf(window.from.slice(0, 10))!;
  const next = dateOf(fromDay + 1);
  return next <= window.to.slice(0, 10) ? next : window.from.slice(0, 10);
}
