// People who eat at the restaurant without staying at the hotel, and how their contact
// details are typed. Their surnames are none of the hotel's (guest-names.ts), so a
// non-resident never looks like a resident by name: every "possible" suggestion the demo
// shows comes from a table that really is a resident's.
import { exampleEmail, exampleMobile, type GuestName } from "../../newbook/simulator/guest-names";
import type { Random } from "../../newbook/simulator/random";
import type { TableGuest } from "./table-booking";

const FIRST_NAMES = [
  "Alice", "Ben", "Harriet", "Callum", "Ingrid", "Marco", "Nadia", "Owen", "Pippa", "Raj",
  "Sofia", "Tom", "Wei", "Yusuf", "Elena", "Gareth", "Maeve", "Hamish", "Leila", "Dominic",
];

const SURNAMES = [
  "Harrison", "Clarke", "Murphy", "Kaur", "Lewis", "Baker", "Turner", "Hall", "Ward", "Cooper",
  "Morgan", "Bennett", "Carter", "Mitchell", "Shaw", "Kelly", "Fernández", "Rossi", "Nowak", "Okafor",
  "Chen", "Singh", "Lindqvist", "Haddad", "Brennan", "McCarthy", "Doyle", "Fraser", "Whitfield", "Ellis",
];

function dinerName(random: Random): GuestName {
  return { firstname: random.pick(FIRST_NAMES), lastname: random.pick(SURNAMES) };
}

/** A walk-in or a booking from outside the hotel: most leave a phone number, many an email. */
export function outsideGuest(random: Random): TableGuest {
  const name = dinerName(random);
  return {
    name: `${name.firstname} ${name.lastname}`,
    email: random.chance(0.7) ? exampleEmail(name) : null,
    phone: random.chance(0.8) ? typedPhone(exampleMobile(random), random) : null,
  };
}

/**
 * The same UK number as a booking widget or a waiter types it: as given ("+44 7700
 * 900123"), run together ("+447700900123") or as dialled at home ("07700 900123").
 */
export function typedPhone(international: string, random: Random): string {
  const digits = international.replace(/\D/g, "");
  switch (random.weighted([["as_given", 4], ["e164", 4], ["national", 2]] as const)) {
    case "as_given":
      return international;
    case "e164":
      return `+${digits}`;
    case "national":
      return `0${digits.slice(2, 6)} ${digits.slice(6)}`;
  }
}
