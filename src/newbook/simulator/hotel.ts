// The property itself: rooms ("sites") in categories, GL accounts and an out-of-order
// block. Room names follow real hotels: floor number + room number, plus garden rooms
// named "1".."12" so a name sort ("10" < "2") and a natural sort differ, plus small
// back-of-house categories a kitchen may want to leave out.
import type { Random } from "./random";

export type CategoryKind = "guest" | "staff" | "owner";

export interface Category {
  id: number;
  name: string;
  kind: CategoryKind;
  /** Room-only price per night before weekend uplift. */
  baseRate: number;
}

export interface Site {
  id: number;
  name: string;
  category: Category;
}

export interface GlAccount {
  id: number;
  code: string;
  name: string;
}

/** A room out of order for nights [fromDay, toDay). */
export interface MaintenanceBlock {
  siteId: number;
  fromDay: number;
  toDay: number;
}

export interface Hotel {
  categories: Category[];
  sites: Site[];
  sitesById: Map<number, Site>;
  glAccounts: {
    accommodation: GlAccount;
    dinner: GlAccount;
    breakfast: GlAccount;
    spa: GlAccount;
    beverage: GlAccount;
  };
  maintenance: MaintenanceBlock[];
}

export const CATEGORIES = {
  standard: { id: 1, name: "Standard Double", kind: "guest", baseRate: 110 },
  superior: { id: 2, name: "Superior King", kind: "guest", baseRate: 145 },
  family: { id: 3, name: "Family Room", kind: "guest", baseRate: 165 },
  suite: { id: 4, name: "Suite", kind: "guest", baseRate: 240 },
  garden: { id: 5, name: "Garden Room", kind: "guest", baseRate: 130 },
  staff: { id: 6, name: "Staff Room", kind: "staff", baseRate: 0 },
  owner: { id: 7, name: "Owner's Apartment", kind: "owner", baseRate: 0 },
} as const satisfies Record<string, Category>;

const { standard, superior, family, suite } = CATEGORIES;
/** Out of every ten rooms on a floor: six standard, two superior, one family, one suite. */
const FLOOR_PATTERN: readonly Category[] = [standard, standard, superior, standard, family, standard, superior, standard, standard, suite];
const ROOMS_PER_FLOOR = 30;

const GL_ACCOUNTS = {
  accommodation: { id: 11, code: "4000", name: "Accommodation" },
  dinner: { id: 14, code: "4010", name: "Food - Dinner Allocation" },
  breakfast: { id: 15, code: "4020", name: "Food - Breakfast" },
  beverage: { id: 17, code: "4100", name: "Beverage" },
  spa: { id: 21, code: "4300", name: "Spa Treatments" },
} as const satisfies Hotel["glAccounts"];

function roomCounts(rooms: number): { staff: number; owner: number; garden: number; main: number } {
  const staff = rooms >= 100 ? 2 : rooms >= 10 ? 1 : 0;
  const owner = rooms >= 40 ? 1 : 0;
  const garden = rooms >= 20 ? Math.min(12, Math.max(2, Math.floor(rooms / 10))) : 0;
  return { staff, owner, garden, main: rooms - staff - owner - garden };
}

/** Layout depends on the room count only; the seed picks which room is out of order. */
export function buildHotel(rooms: number, todayDay: number, random: Random): Hotel {
  const counts = roomCounts(rooms);
  const sites: Site[] = [];
  const add = (name: string, category: Category) => sites.push({ id: sites.length + 1, name, category });
  for (let index = 0; index < counts.main; index++) {
    const floor = Math.floor(index / ROOMS_PER_FLOOR) + 1;
    const number = (index % ROOMS_PER_FLOOR) + 1;
    add(`${floor}${String(number).padStart(2, "0")}`, FLOOR_PATTERN[index % FLOOR_PATTERN.length]!);
  }
  for (let number = 1; number <= counts.garden; number++) add(String(number), CATEGORIES.garden);
  for (let number = 1; number <= counts.staff; number++) add(`S${number}`, CATEGORIES.staff);
  if (counts.owner > 0) add("Apartment", CATEGORIES.owner);

  const used = new Set(sites.map((site) => site.category.id));
  const categories: Category[] = Object.values(CATEGORIES).filter((category) => used.has(category.id));

  // One guest room out of order for a few nights next week, so the occupancy report's
  // `maintenance` is not always zero; too disruptive for a tiny property.
  const maintenance: MaintenanceBlock[] = [];
  if (counts.main >= 10) {
    const site = sites[random.int(0, counts.main - 1)]!;
    const fromDay = todayDay + random.int(3, 10);
    maintenance.push({ siteId: site.id, fromDay, toDay: fromDay + random.int(2, 5) });
  }

  return { categories, sites, sitesById: new Map(sites.map((site) => [site.id, site])), glAccounts: GL_ACCOUNTS, maintenance };
}
