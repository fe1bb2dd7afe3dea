// GET /api/service-sheet: tonight's service sheet as JSON, in the API's snake_case. A night
// never synced says so (`synced: false`, `totals: null`) rather than showing an empty hotel.
import type { ServiceSheet } from "../tonight/service-sheet";

export function serviceSheetJson(sheet: ServiceSheet, lastSyncAt: string | null, showNames: boolean) {
  return {
    date: sheet.date,
    synced: sheet.synced,
    last_sync_at: lastSyncAt,
    restaurant_connected: sheet.hasTables,
    restaurant_closed: sheet.restaurantClosed,
    filter: sheet.filter,
    totals:
      sheet.totals === null
        ? null
        : {
            rooms_occupied: sheet.totals.roomsOccupied,
            guests: sheet.totals.guests,
            dbb_guests: sheet.totals.dbbGuests,
            breakfasts_next_morning: sheet.totals.breakfastsNextMorning,
            dbb_rooms_without_dinner_table: sheet.totals.dbbRoomsWithoutDinnerTable,
            expected_dinner_covers: sheet.totals.expectedDinnerCovers,
          },
    rooms: sheet.shown.map((room) => ({
      room_number: room.room,
      booking_id: room.bookingId,
      ...(showNames ? { surname: room.surname } : {}),
      adults: room.adults,
      children: room.children,
      infants: room.infants,
      dinner: room.dinner,
      breakfast: room.breakfast,
      package: room.package,
      arriving: room.arriving,
      departing: room.departing,
      no_dinner_table: room.noDinnerTable,
      tables: room.tables.map((table) => ({ time: table.time, people: table.people, table_name: table.tableName, service: table.service, link: table.link, confirmed: !table.pending })),
      dietary: room.dietary,
    })),
    unlinked_resident_bookings: sheet.unlinkedResidentBookings.map((table) => ({ resos_booking_id: table.resosBookingId, time: table.time, people: table.people, service: table.service })),
    possible_matches: sheet.possibleMatches.map((match) => ({ resos_booking_id: match.resosBookingId, booking_id: match.bookingId, room_number: match.room, time: match.time, people: match.people, confidence: match.confidence })),
    non_resident_covers: sheet.nonResidentCovers,
  };
}
