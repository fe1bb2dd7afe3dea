// The awkward tables every restaurant has a few of, each planted once on the first night
// from today that can hold it (so the demo shows them), and which a client must get right:
//   - exactly one booking number with two digits swapped, matching no stay;
//   - a price in a note ("£110 menu agreed") on a night room 110 is occupied, on a table
//     that is not a resident's;
//   - a NOT-#id exclusion in GROUP/EXCLUDE on a table whose note names that stay's room,
//     and one written in a note, the older form;
//   - a dietary checkbox holding a plain string, as bookings from before it was a checkbox do.
import type { Site } from "../../newbook/simulator/hotel";
import type { Random } from "../../newbook/simulator/random";
import type { SimulatorState } from "../../newbook/simulator/state";
import type { TableDraft } from "./book-table";
import { outsideGuest } from "./diners";
import type { Sitting } from "./opening-hours";
import type { Resident, ResidentNight } from "./residents";

export interface PlantingNight {
  day: number;
  dinner: Sitting;
  residents: ResidentNight;
  /** Residents of no group who got no table this night, in booking-id order. */
  untabled: Resident[];
}

export interface Planter {
  /** The first night it may go on, in days from today. */
  fromDaysAhead: number;
  /** The tables to add this night, or null when the night cannot hold the case. */
  plant(night: PlantingNight, random: Random): TableDraft[] | null;
}

export function planters(hotel: SimulatorState): Planter[] {
  // One stay per case, so no two cases cover for each other.
  const used = new Set<number>();
  const claim = (resident: Resident | undefined) => {
    if (resident) used.add(resident.stay.id);
    return resident;
  };
  const free = (residents: Resident[]) => residents.filter((resident) => !used.has(resident.stay.id));
  const priceRoom = priceRoomOf(hotel.hotel.sites);

  return [
    {
      fromDaysAhead: 0,
      plant(night) {
        // A guest on dinner is the interesting one: the kitchen sees a DBB room "without a table".
        const candidates = free(night.untabled).toSorted((a, b) => Number(b.dinnerIncluded) - Number(a.dinnerIncluded));
        for (const resident of candidates) {
          const typo = swappedDigits(resident.stay.id, hotel.bookingsById);
          if (typo === null) continue;
          claim(resident);
          return [
            residentDraft(night, resident, { bookingNumber: typo, hotelGuest: true, ...(resident.dinnerIncluded ? { dbb: true } : {}) }, []),
          ];
        }
        return null;
      },
    },
    {
      fromDaysAhead: 0,
      plant(night, random) {
        if (!priceRoom || !everyResident(night.residents).some((resident) => resident.roomName === priceRoom.name)) return null;
        return [outsideDraft(night, 6, { hotelGuest: false, occasion: "Business" }, [`£${priceRoom.name} menu agreed`], random)];
      },
    },
    {
      fromDaysAhead: 0,
      plant(night, random) {
        const resident = claim(free(night.residents.singles).find((candidate) => candidate.roomName !== priceRoom?.name));
        if (!resident) return null;
        return [outsideDraft(night, 2, { group: `NOT-#${resident.stay.id}` }, [`Joining friends in room ${resident.roomName}`], random)];
      },
    },
    {
      fromDaysAhead: 0,
      plant(night, random) {
        const resident = claim(free(night.residents.singles).find((candidate) => candidate.roomName !== priceRoom?.name));
        if (!resident) return null;
        return [outsideDraft(night, 3, {}, [`Visiting room ${resident.roomName}, not staying. NOT-#${resident.stay.id}`], random)];
      },
    },
    legacyDietary(-21, "Vegetarian"),
    legacyDietary(-12, "Gluten free, no onions"),
  ];
}

/** An old booking whose dietary field still holds the text typed before it was a checkbox. */
function legacyDietary(fromDaysAhead: number, text: string): Planter {
  return { fromDaysAhead, plant: (night, random) => [{ ...outsideDraft(night, 2, { dietary: text }, [], random), status: "left" }] };
}

/** Room 110 where the hotel has one, else its first room named by a number: a price staff might write. */
function priceRoomOf(sites: readonly Site[]): Site | undefined {
  const guestRooms = sites.filter((site) => site.category.kind === "guest" && /^\d{2,}$/.test(site.name));
  return guestRooms.find((site) => site.name === "110") ?? guestRooms[0];
}

/**
 * The id with two neighbouring digits swapped, where that is no booking at all (so it
 * matches no stay on any night) and still looks like one (no leading zero).
 */
function swappedDigits(id: number, bookings: ReadonlyMap<number, unknown>): string | null {
  const digits = String(id);
  for (let index = 0; index + 1 < digits.length; index++) {
    if (digits[index] === digits[index + 1]) continue;
    const swapped = digits.slice(0, index) + digits[index + 1] + digits[index] + digits.slice(index + 2);
    if (!swapped.startsWith("0") && !bookings.has(Number(swapped))) return swapped;
  }
  return null;
}

function everyResident(night: ResidentNight): Resident[] {
  return [...night.singles, ...night.groups.flatMap((group) => group.members)];
}

function residentDraft(night: PlantingNight, resident: Resident, fields: TableDraft["fields"], notes: string[]): TableDraft {
  const { lead } = resident;
  return {
    day: night.day,
    sitting: night.dinner,
    people: resident.diners,
    guest: { name: `${lead.firstname} ${lead.lastname}`, email: lead.email, phone: null },
    fields,
    notes,
    resident: true,
    status: "approved",
  };
}

function outsideDraft(night: PlantingNight, people: number, fields: TableDraft["fields"], notes: string[], random: Random): TableDraft {
  return { day: night.day, sitting: night.dinner, people, guest: outsideGuest(random), fields, notes, resident: false, status: "approved" };
}
