// How a night's plan appears on the wire: the rate name in tariffs_quoted and the package
// parts in inventory_items. Kept apart so the three ways clients detect meals (item
// description, item GL account, rate label) each have something real to find.
import type { NightPlan, SimBooking } from "./booking";
import { weekdayOf } from "./calendar";
import type { Hotel } from "./hotel";

export interface NightItem {
  description: string;
  amount: number;
  glAccountId: number;
}

export interface PricedNight {
  label: string;
  charge: number;
  calculated: number;
  items: NightItem[];
}

const BREAKFAST_PER_PERSON = 12.5;
const DINNER_PER_PERSON = 32.5;
const SPA_TREATMENT = 60;
const WEEKEND_UPLIFT = 1.15;
const GROUP_DISCOUNT = 0.9;

const LABELS: Record<NightPlan, string> = {
  room_only: "Room Only",
  bed_breakfast: "Bed & Breakfast",
  dinner_bed_breakfast: "Dinner Bed & Breakfast",
  seasonal_saver: "Seasonal Saver",
  spa_package: "Spa Package",
  staff: "Staff Accommodation",
  owner: "Owner Stay",
};

function itemsFor(plan: NightPlan, firstNight: boolean, people: number, gl: Hotel["glAccounts"]): NightItem[] {
  const breakfast = { description: "Breakfast", amount: BREAKFAST_PER_PERSON * people, glAccountId: gl.breakfast.id };
  const dinner = { description: "Dinner Allocation", amount: DINNER_PER_PERSON * people, glAccountId: gl.dinner.id };
  switch (plan) {
    case "bed_breakfast":
      return [breakfast];
    case "dinner_bed_breakfast":
      return [dinner, breakfast];
    case "seasonal_saver":
      return [{ description: "Table d'hôte Credit", amount: DINNER_PER_PERSON * people, glAccountId: gl.dinner.id }, breakfast];
    case "spa_package":
      return firstNight ? [{ description: "Spa Package", amount: SPA_TREATMENT, glAccountId: gl.spa.id }, dinner, breakfast] : [breakfast];
    case "room_only":
    case "staff":
    case "owner":
      return [];
  }
}

export function priceNight(booking: SimBooking, night: number, plan: NightPlan, gl: Hotel["glAccounts"]): PricedNight {
  // Infants eat free; a booking always feeds at least its lead guest.
  const people = Math.max(1, booking.adults + booking.children);
  const items = itemsFor(plan, night === booking.arrivalDay, people, gl);
  const weekday = weekdayOf(night);
  const room = booking.roomRate * (weekday === 5 || weekday === 6 ? WEEKEND_UPLIFT : 1);
  const calculated = roundMoney(room + items.reduce((sum, item) => sum + item.amount, 0));
  const charge = booking.discounted ? roundMoney(calculated * GROUP_DISCOUNT) : calculated;
  return { label: LABELS[plan], charge, calculated, items };
}

export function roundMoney(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** Newbook sends money as text with two decimals: "120.00". */
export function money(amount: number): string {
  return amount.toFixed(2);
}
