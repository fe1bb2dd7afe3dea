import type { Role } from "../db/schema";

const RANK: Record<Role, number> = { manager: 1, admin: 2 };

/** Admins may do everything managers may. */
export function roleAllows(held: Role, needed: Role): boolean {
  return RANK[held] >= RANK[needed];
}
