// The restaurant's tables: twenty of them in three areas, with the seats that decide which
// one a party gets. resOS names a booking's tables with their area, so the chart can say
// where a resident sits.
import type { Random } from "../../newbook/simulator/random";

export interface Area {
  _id: string;
  name: string;
}

export interface DiningTable {
  _id: string;
  name: string;
  area: Area;
  seats: number;
}

/** T1..T20: the name is what staff say, so it runs on across the areas. */
const LAYOUT: readonly { area: string; seats: readonly number[] }[] = [
  { area: "Restaurant", seats: [2, 2, 4, 4, 4, 6, 2, 4, 8, 4] },
  { area: "Conservatory", seats: [2, 4, 4, 6, 2, 4] },
  { area: "Terrace", seats: [2, 2, 4, 4] },
];

export function buildDiningRoom(mintId: () => string): DiningTable[] {
  const tables: DiningTable[] = [];
  for (const { area, seats } of LAYOUT) {
    const place: Area = { _id: mintId(), name: area };
    for (const count of seats) tables.push({ _id: mintId(), name: `T${tables.length + 1}`, area: place, seats: count });
  }
  return tables;
}

/**
 * One table that seats the party, or, for a party bigger than any table, the two largest
 * of one area pushed together. Tables may be double-booked across sittings: the kitchen
 * never looks at the floor plan, only at who eats.
 */
export function tablesFor(tables: readonly DiningTable[], people: number, random: Random): DiningTable[] {
  const fitting = tables.filter((table) => table.seats >= people);
  if (fitting.length > 0) {
    const snug = fitting.filter((table) => table.seats <= people + 2);
    return [random.pick(snug.length > 0 ? snug : fitting)];
  }
  const area = random.pick([...new Set(tables.map((table) => table.area))]);
  const largest = tables.filter((table) => table.area === area).toSorted((a, b) => b.seats - a.seats);
  return largest.slice(0, 2);
}
