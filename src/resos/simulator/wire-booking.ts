// A table booking as resOS puts it on the wire. Contact details nobody gave are left out,
// as resOS leaves out what a booking never had.
import { wireFieldValues } from "./custom-fields";
import type { Restaurant } from "./restaurant";
import type { SimTableBooking } from "./table-booking";

export function toWireBooking(booking: SimTableBooking, restaurant: Restaurant, expandCustomFields: boolean): Record<string, unknown> {
  const { guest } = booking;
  return {
    _id: booking.id,
    restaurantId: restaurant.id,
    date: booking.date,
    time: booking.time,
    people: booking.people,
    status: booking.status,
    guest: { name: guest.name, ...(guest.email === null ? {} : { email: guest.email }), ...(guest.phone === null ? {} : { phone: guest.phone }) },
    tables: booking.tables.map((table) => ({ _id: table._id, name: table.name, area: { _id: table.area._id, name: table.area.name } })),
    customFields: wireFieldValues(booking.fields, restaurant.fields, expandCustomFields),
    restaurantNotes: booking.notes.map((restaurantNote) => ({ restaurantNote })),
    duration: booking.duration,
    source: booking.source,
    createdAt: booking.createdAt,
    canceledAt: booking.canceledAt,
  };
}
