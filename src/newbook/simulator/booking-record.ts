// A booking as Newbook puts it on the wire: every number as text ("2", "120.00"), "0" for
// no group or no room, "YYYY-MM-DD HH:MM:SS" times, one tariff per night and the package
// parts as per-night inventory items.
import { bookingStatus, checkInTime, checkOutTime, nightsOf, planFor, type SimBooking } from "./booking";
import { dateOf } from "./calendar";
import type { Hotel } from "./hotel";
import { money, priceNight, roundMoney } from "./meal-plans";

/** Newbook's arrival and departure times of day; the date is what matters. */
const ARRIVAL_TIME = "14:00:00";
const DEPARTURE_TIME = "10:00:00";

export function toBookingRecord(booking: SimBooking, hotel: Hotel, todayDay: number): Record<string, unknown> {
  const status = bookingStatus(booking, todayDay);
  const site = booking.siteId === null ? undefined : hotel.sitesById.get(booking.siteId);
  const tariffs: Record<string, string>[] = [];
  const items: Record<string, string>[] = [];
  let total = 0;
  for (const night of nightsOf(booking)) {
    const priced = priceNight(booking, night, planFor(booking, night), hotel.glAccounts);
    const stayDate = dateOf(night);
    total += priced.charge;
    tariffs.push({ stay_date: stayDate, label: priced.label, charge_amount: money(priced.charge), calculated_amount: money(priced.calculated) });
    priced.items.forEach((item, index) => {
      items.push({
        // Stable across changes to the stay, unique per booking, night and item.
        id: String(booking.id * 1_000_000 + night * 10 + index),
        stay_date: stayDate,
        description: item.description,
        amount: money(item.amount),
        gl_account_id: String(item.glAccountId),
      });
    });
  }
  total = roundMoney(total);
  const settled = status === "Departed" || status === "Cancelled" || status === "No Show";

  return {
    booking_id: String(booking.id),
    booking_reference_id: booking.referenceId,
    bookings_group_id: String(booking.groupId ?? 0),
    booking_arrival: `${dateOf(booking.arrivalDay)} ${ARRIVAL_TIME}`,
    booking_departure: `${dateOf(booking.departureDay)} ${DEPARTURE_TIME}`,
    booking_length: String(booking.departureDay - booking.arrivalDay),
    booking_placed: booking.placed,
    booking_modified: booking.modified,
    ...(booking.cancelled ? { booking_cancelled: booking.cancelled } : {}),
    ...(status === "Arrived" || status === "Departed" ? { booking_checkedin: `${dateOf(booking.arrivalDay)} ${checkInTime(booking)}` } : {}),
    ...(status === "Departed" ? { booking_checkedout: `${dateOf(booking.departureDay)} ${checkOutTime(booking)}` } : {}),
    booking_status: status,
    site_id: String(site?.id ?? 0),
    site_name: site?.name ?? "",
    category_id: String(site?.category.id ?? 0),
    category_name: site?.category.name ?? "",
    booking_adults: String(booking.adults),
    booking_children: String(booking.children),
    booking_infants: String(booking.infants),
    booking_total: money(total),
    tariff_total: money(total),
    account_balance: money(settled ? 0 : total),
    guests: booking.guests.map((guest) => ({
      guest_id: String(guest.id),
      firstname: guest.firstname,
      lastname: guest.lastname,
      primary_client: guest.primary ? "1" : "0",
      contact_details: [
        ...(guest.email ? [{ type: "email", content: guest.email }] : []),
        ...(guest.mobile ? [{ type: "mobile", content: guest.mobile }] : []),
      ],
    })),
    tariffs_quoted: tariffs,
    inventory_items: items,
    ...(booking.notes.length > 0 ? { notes: booking.notes.map((content) => ({ content, type_id: "1" })) } : {}),
  };
}
