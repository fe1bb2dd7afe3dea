// Guest names as a European hotel sees them: accents, apostrophes, particles and
// non-Latin-1 letters, because those are what break sorting, search and HTML escaping.
// None of these contain markup: the one hostile name is planted separately.
import type { Random } from "./random";

export interface GuestName {
  firstname: string;
  lastname: string;
}

const ADULT_FIRST_NAMES = [
  "Zoë", "Łukasz", "Siobhán", "José", "François", "Björn", "Anaïs", "Chloé", "Søren", "Aoife",
  "Małgorzata", "Jürgen", "Renée", "Nuño", "Ægir", "Tomáš", "İlkay", "Sinéad", "Eoghan", "Mary-Kate",
  "James", "Sarah", "Oliver", "Emma", "Thomas", "Priya", "Mohammed", "Hannah", "David", "Grace",
  "Michael", "Charlotte", "Daniel", "Lucy", "Robert", "Amelia", "Peter", "Fiona", "Andrew", "Rachel",
];

const CHILD_FIRST_NAMES = ["Noé", "Maëlle", "Oisín", "Leo", "Isla", "Finn", "Ava", "Jakub", "Freya", "Théo", "Lily", "Max"];

const LAST_NAMES = [
  "O'Brien", "D'Arcy", "Müller", "García", "Kowalski", "Nguyễn", "Ó Súilleabháin", "van der Berg", "Øvergaard", "Žukauskas",
  "MacDonald", "O'Neill", "Fitzgerald-Smythe", "Schröder", "Łęcka", "Dubois", "Da Silva", "Ní Bhriain", "Åkesson", "Çelik",
  "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Patel", "Wilson", "Thomas",
  "Roberts", "Johnson", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green",
];

const STAFF_FIRST_NAMES = ["Marek", "Ana", "Kofi", "Ioana", "Tomás", "Agnieszka"];

/** Letters a plain ASCII email local part has no decomposition for. */
const ASCII_FOLDS: Record<string, string> = { ł: "l", ø: "o", æ: "ae", ß: "ss", đ: "d", ı: "i" };

export function adultName(random: Random): GuestName {
  return { firstname: random.pick(ADULT_FIRST_NAMES), lastname: random.pick(LAST_NAMES) };
}

export function childFirstName(random: Random): string {
  return random.pick(CHILD_FIRST_NAMES);
}

export function staffName(random: Random): GuestName {
  return { firstname: random.pick(STAFF_FIRST_NAMES), lastname: random.pick(LAST_NAMES) };
}

/** "Zoë O'Brien" -> "zoe.obrien@example.com": reserved domain, never a real inbox. */
export function exampleEmail(name: GuestName): string {
  const fold = (text: string) =>
    text
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[łøæßđı]/g, (letter) => ASCII_FOLDS[letter] ?? "")
      .replace(/[^a-z]/g, "");
  return `${fold(name.firstname)}.${fold(name.lastname)}@example.com`;
}

/** UK drama-range mobile numbers (07700 900000-900999), reserved for fiction. */
export function exampleMobile(random: Random): string {
  return `+44 7700 900${String(random.int(0, 999)).padStart(3, "0")}`;
}
